"""Per-site settings of the desk that editors change in Settings → Desk settings."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

home_url_validator = RegexValidator(
    r"^(https?://[^\s]+|/[^\s]*)\Z",
    _("Enter a full address (https://…) or a path on this site starting with “/”."),
)


@register_setting(icon="home")
class DeskSettings(BaseSiteSetting):
    home_url = models.CharField(
        _("home page link"),
        max_length=500,
        blank=True,
        validators=[home_url_validator],
        help_text=_(
            "Where the “Home page” link of every desk page leads (S12). "
            "Leave empty for this site's home page."
        ),
    )

    class Meta:
        verbose_name = _("desk settings")
