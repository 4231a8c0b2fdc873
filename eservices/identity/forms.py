"""The two steps of the gate (S6), in the guide's words."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from eservices.core import audit
from eservices.core.captcha import SessionCaptchaField
from eservices.core.persian import localize_digits, normalize_digits
from eservices.formbuilder.fields import MobileField, NationalCodeField

from . import limits
from .models import SmsChallengeDevice
from .session import SESSION_PENDING

REFUSALS = {
    # One wording for every refusal that concerns a number, so that answers never tell
    # whether a mobile or national code is known (O8).
    "locked": _("Too many attempts. Try again in %(minutes)s minutes."),
    "cooldown": _("A code was sent recently. You can ask for a new one in %(seconds)s seconds."),
    "mobile_quota": _("Too many codes were requested. Try again later."),
    "ip_quota": _("Too many codes were requested. Try again later."),
    "session_quota": _("Too many codes were requested. Try again later."),
    "budget": _("Sending codes is paused. Please try again later or use another channel."),
}


class MobileStepForm(forms.Form):
    """Step 1: mobile, national code and the numeric captcha (عبارت امنیتی)."""

    mobile = MobileField(
        label=_("Mobile number"),
        error_messages={"required": _("Mobile number cannot be empty.")},
    )
    national_code = NationalCodeField(
        label=_("National code"),
        error_messages={"required": _("National code cannot be empty.")},
    )
    # Answerable once, and only in the session it was shown to (O7).
    captcha = SessionCaptchaField()

    def __init__(self, *args, request=None, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)
        if request is not None:
            self.fields["captcha"].bind(request)

    def clean(self):
        cleaned_data = super().clean()
        if self.errors or self.request is None:
            return cleaned_data
        refusal = limits.send_refusal(
            self.request, cleaned_data["mobile"], cleaned_data["national_code"]
        )
        if refusal is not None:
            message = REFUSALS[refusal.reason] % {
                "seconds": localize_digits(refusal.wait_seconds),
                "minutes": localize_digits(max(1, -(-refusal.wait_seconds // 60))),
            }
            raise ValidationError(message, code=refusal.reason)
        return cleaned_data


class CodeStepForm(forms.Form):
    """Step 2: the received code (کد دریافتی)."""

    code = forms.CharField(
        label=_("Received code"),
        max_length=12,
        error_messages={"required": _("Received code cannot be empty.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "dir": "ltr",
                "maxlength": 6,
            }
        ),
    )

    def __init__(self, *args, request=None, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_code(self):
        code = normalize_digits(self.cleaned_data["code"]).strip()
        pending = self.request.session.get(SESSION_PENDING) if self.request else None
        wrong = ValidationError(
            _("The code is wrong or has expired. Check it, or ask for a new code."),
            code="wrong_code",
        )
        if not pending:
            raise wrong
        mobile, national_code = pending["mobile"], pending["national_code"]
        if limits.lockout_wait(mobile, national_code):
            raise ValidationError(REFUSALS["ip_quota"], code="locked")
        device = SmsChallengeDevice.objects.filter(challenge_id=pending["challenge"]).first()
        verified = device is not None and device.verify_bound_token(
            code,
            session_key=self.request.session.session_key or "",
            mobile=mobile,
            national_code=national_code,
        )
        if device is not None:
            audit.log_otp(device, audit.OTP_CHECK, mobile, national_code, verified=verified)
        if not verified:
            limits.record_failure(mobile, national_code)
            raise wrong
        return code
