"""Forms of request services: the built request form with checked uploads, and the lookup."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from eservices.conf import settings
from eservices.core.captcha import OpenFormGuard
from eservices.core.files.describe import upload_rules_text
from eservices.core.files.uploads import ALLOWED_TYPES, CleanUpload, UploadRules, clean_upload
from eservices.core.numbers import is_well_formed, ungroup_number
from eservices.core.persian import localize_digits
from eservices.formbuilder.builder import ServiceForm, ServiceFormBuilder
from eservices.formbuilder.fields import NationalCodeField


class UploadField(forms.FileField):
    """A file input whose clean value is a checked, re-encoded ``CleanUpload`` (R4)."""

    def __init__(self, *args, rules: UploadRules, **kwargs):
        self.rules = rules
        kwargs.setdefault(
            "widget",
            forms.ClearableFileInput(
                attrs={"accept": ",".join("." + ext for ext in sorted(rules.allowed_extensions))}
            ),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        uploaded = super().clean(data, initial)
        if not uploaded:
            return None
        return clean_upload(uploaded, self.rules)


class RequestForm(OpenFormGuard, ServiceForm):
    """Checks what spans fields: the number and total size of the files of one request."""

    def guard_open(self, request) -> None:
        """Anyone may post this form (the service has no identity gate): a captcha answerable
        once in this session, and at most ``ESERVICES_OPEN_REQUEST_IP_LIMIT`` accepted
        requests per client IP per window (O11)."""
        self.guard(
            request,
            "open-request",
            settings.ESERVICES_OPEN_REQUEST_IP_LIMIT,
            settings.ESERVICES_OPEN_REQUEST_IP_WINDOW,
        )

    def upload_rules(self) -> UploadRules:
        return UploadRules()

    def clean(self):
        cleaned_data = super().clean()
        uploads = [value for value in cleaned_data.values() if isinstance(value, CleanUpload)]
        rules = self.upload_rules()
        if len(uploads) > rules.max_files:
            raise ValidationError(
                _("Attach at most %(count)s files.") % {"count": localize_digits(rules.max_files)},
                code="too_many_files",
            )
        if sum(upload.size for upload in uploads) > rules.max_total_size:
            raise ValidationError(
                _("The files together must not exceed %(limit)s MB.")
                % {"limit": localize_digits(rules.max_total_size // (1024 * 1024))},
                code="too_large_in_total",
            )
        return cleaned_data


class RequestFormBuilder(ServiceFormBuilder):
    base_form_class = RequestForm

    def create_file_field(self, field, options):
        options.pop("initial", None)
        defaults = UploadRules()
        allowed = [ext for ext in field.extensions if ext in ALLOWED_TYPES]
        max_size = defaults.max_file_size
        if field.max_file_size_mb:
            max_size = min(max_size, field.max_file_size_mb * 1024 * 1024)
        rules = UploadRules(
            allowed_extensions=frozenset(allowed) or defaults.allowed_extensions,
            max_file_size=max_size,
        )
        # What the field accepts, said before a file is chosen (the editor's help first).
        rules_text = upload_rules_text(rules)
        editor_help = options.get("help_text")
        options["help_text"] = (
            format_html("{} {}", editor_help, rules_text) if editor_help else rules_text
        )
        return UploadField(rules=rules, **options)


class TrackingNumberField(forms.CharField):
    """A tracking number as typed (Persian digits, spaces, dashes), cleaned to 13 digits with
    a valid check digit."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Tracking number"))
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr", "autocomplete": "off"}),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return ungroup_number(value) if value else value

    def validate(self, value):
        super().validate(value)
        if value and not is_well_formed(value):
            raise ValidationError(
                _("A tracking number is 13 digits; check the number you typed."),
                code="invalid_tracking_number",
            )


class LookupForm(forms.Form):
    """Tracking number and the registrant's national code (R2)."""

    tracking_number = TrackingNumberField()
    national_code = NationalCodeField(label=_("Registrant's national code"))
