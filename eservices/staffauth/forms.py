"""The code form of the verify and enrol steps."""

import math
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp import verify_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from eservices.core.persian import localize_digits, normalize_digits

CODE_RE = re.compile(r"^[0-9]{6}\Z")


class TotpCodeForm(forms.Form):
    """A 6-digit code from an authenticator app, checked against one of the user's devices.

    Digits may be typed in Persian or Arabic-Indic and with spaces. The check goes through
    ``django_otp.verify_token``, which locks the device row, so django-otp's throttle on
    ``TOTPDevice`` (1, 2, 4 … seconds after successive failures) holds under parallel tries and a
    code is accepted once. After ``is_valid()``, ``self.device`` is the device that accepted it.
    """

    code = forms.CharField(
        label=_("Verification code"),
        max_length=20,
        error_messages={"required": _("Type the 6-digit code.")},
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "autofocus": True,
                "dir": "ltr",
            }
        ),
    )

    def __init__(self, *args, user, device: TOTPDevice, **kwargs):
        self.user = user
        self.device = device
        super().__init__(*args, **kwargs)

    def clean_code(self) -> str:
        code = re.sub(r"\s+", "", normalize_digits(self.cleaned_data["code"]))
        if not CODE_RE.match(code):
            raise forms.ValidationError(_("Type the 6-digit code."), code="format")
        return code

    def clean(self):
        code = self.cleaned_data.get("code")
        if code is None:
            return self.cleaned_data
        allowed, info = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(self.throttled_message(info), code="throttled")
        verified = verify_token(self.user, self.device.persistent_id, code)
        if verified is None:
            raise forms.ValidationError(
                _("The code is wrong or has expired. Type the code your app shows now."),
                code="wrong",
            )
        self.device = verified
        return self.cleaned_data

    @staticmethod
    def throttled_message(info: dict) -> str:
        wait = (info["locked_until"] - timezone.now()).total_seconds()
        return _("Too many wrong codes. Try again in %(seconds)s seconds.") % {
            "seconds": localize_digits(max(1, math.ceil(wait)))
        }
