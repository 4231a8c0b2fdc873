from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EServicesConfig(AppConfig):
    name = "eservices"
    label = "eservices"
    verbose_name = _("E-Services Desk")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)
