"""Every model of the plugin, from its capability sub-packages (Django looks for them here)."""

from .catalog.models import (  # noqa: F401
    CounterOffice,
    DeskSettings,
    MobileApp,
    ServiceChannel,
    ServiceDeskPage,
    ServiceGroupPage,
    ServicePage,
)
