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
from .core.models import Holiday  # noqa: F401
from .formbuilder.models import ServiceFormField  # noqa: F401
from .identity.models import SmsChallengeDevice  # noqa: F401
from .lookups.models import Dataset, DatasetRow  # noqa: F401
from .participation.models import Idea, IdeaAttachment  # noqa: F401
from .requests.models import (  # noqa: F401
    Attachment,
    RequestStatus,
    RequestSubmission,
    SmsAttempt,
    StatusChange,
)
from .survey.models import SurveyAnswer, SurveyQuestion, SurveyResponse  # noqa: F401
