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
from .formbuilder.models import ServiceFormField  # noqa: F401
from .identity.models import SmsChallengeDevice  # noqa: F401
from .requests.models import (  # noqa: F401
    Attachment,
    RequestStatus,
    RequestSubmission,
    StatusChange,
)
