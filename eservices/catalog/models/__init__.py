"""Models of the catalog, re-exported so that ``eservices.catalog.models.X`` keeps working as
the package grows."""

from .desk import ServiceDeskPage
from .group import ServiceGroupPage
from .national_id import NationalIdMixin
from .service import AbstractServicePage, ServiceChannel, ServiceInfoMixin, ServicePage
from .settings import DeskSettings
from .snippets import CounterOffice, MobileApp

__all__ = [
    "AbstractServicePage",
    "CounterOffice",
    "DeskSettings",
    "MobileApp",
    "NationalIdMixin",
    "ServiceChannel",
    "ServiceDeskPage",
    "ServiceGroupPage",
    "ServiceInfoMixin",
    "ServicePage",
]
