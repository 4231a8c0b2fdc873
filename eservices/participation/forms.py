"""The participation box: text within limits, optional files and contact details."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from eservices.conf import settings
from eservices.core.captcha import OpenFormGuard
from eservices.core.files.uploads import UploadRules, clean_uploads
from eservices.core.persian import localize_digits
from eservices.formbuilder.builder import CleanCharField, CleanEmailField
from eservices.formbuilder.fields import MobileField


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input, as Django's documentation shows."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ParticipationForm(OpenFormGuard, forms.Form):
    text = CleanCharField(
        label=_("Your idea or solution"),
        min_length=10,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("This field cannot be empty.")},
    )
    files = MultipleFileField(label=_("Documents"), required=False)
    name = CleanCharField(label=_("Name (optional)"), required=False, max_length=100)
    mobile = MobileField(label=_("Mobile (optional)"), required=False)
    email = CleanEmailField(label=_("Email (optional)"), required=False)

    def __init__(self, *args, max_files: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_files = max_files
        self.uploads = []

    def guard_open(self, request) -> None:
        """Anyone may post ideas here (the service has no identity gate): a captcha
        answerable once in this session, and at most ``ESERVICES_IDEA_IP_LIMIT`` accepted
        ideas per client IP per window (O11)."""
        self.guard(
            request, "idea", settings.ESERVICES_IDEA_IP_LIMIT, settings.ESERVICES_IDEA_IP_WINDOW
        )

    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        if not files:
            return []
        rules = UploadRules(max_files=min(self.max_files, settings.ESERVICES_UPLOAD_MAX_FILES))
        if len(files) > rules.max_files:
            raise ValidationError(
                _("Attach at most %(count)s files.") % {"count": localize_digits(rules.max_files)},
                code="too_many_files",
            )
        self.uploads = clean_uploads(files, rules)
        return self.uploads
