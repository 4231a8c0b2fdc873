"""Editor-defined form fields of a service: Wagtail's field types plus Iranian ones."""

import hashlib
import re

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.forms.models import FORM_FIELD_CHOICES, AbstractFormField
from wagtail.models import TranslatableMixin
from wagtail_localize.fields import SynchronizedField

IRANIAN_FIELD_CHOICES = (
    ("national_code", _("National code")),
    ("legal_entity_id", _("Legal-entity national ID")),
    ("mobile", _("Mobile number")),
    ("postal_code", _("Postal code (10 digits)")),
    ("bill_id", _("Bill ID")),
    ("jalali_date", _("Jalali date")),
    ("file", _("File upload")),
)
FIELD_TYPE_CHOICES = FORM_FIELD_CHOICES + IRANIAN_FIELD_CHOICES


class FieldRole(models.TextChoices):
    """What a field means to the desk, beyond its answer: the registrant's identity.

    The registrant's national code is what the follow-up lookup asks for; the identity gate
    prefills both roles from the verified session.
    """

    NONE = "", _("—")
    REGISTRANT_NATIONAL_CODE = "registrant_national_code", _("Registrant's national code")
    REGISTRANT_MOBILE = "registrant_mobile", _("Registrant's mobile")


class AbstractServiceFormField(TranslatableMixin, AbstractFormField):
    """A field of a service's form.

    Its key (``clean_name``) is made from the label once, when the field is first saved, and
    never again: submissions stay readable after the label is edited or translated. The key,
    type, role and file rules are synchronised across translations; labels, help texts and
    choices are translated.
    """

    field_type = models.CharField(
        verbose_name=_("field type"), max_length=20, choices=FIELD_TYPE_CHOICES
    )
    field_type.required_on_save = True
    role = models.CharField(
        _("role"), max_length=32, choices=FieldRole.choices, blank=True, default=""
    )
    default_today = models.BooleanField(
        _("default to today"),
        default=False,
        help_text=_(
            "For Jalali dates: the field starts with the day's date, which can be changed."
        ),
    )
    allowed_extensions = models.CharField(
        _("allowed file types"),
        max_length=100,
        blank=True,
        help_text=_(
            "For file uploads: comma-separated extensions among pdf, jpg, jpeg, png. "
            "Empty allows all of them."
        ),
    )
    max_file_size_mb = models.PositiveSmallIntegerField(
        _("maximum file size (MB)"),
        null=True,
        blank=True,
        help_text=_("For file uploads: at most the site's limit (5 MB by default)."),
    )

    panels = [
        FieldRowPanel([FieldPanel("label"), FieldPanel("help_text")]),
        FieldRowPanel(
            [
                FieldPanel("field_type", classname="formbuilder-type", required_on_save=True),
                FieldPanel("required"),
                FieldPanel("role"),
            ]
        ),
        FieldPanel("choices", classname="formbuilder-choices"),
        FieldRowPanel(
            [
                FieldPanel("default_value", classname="formbuilder-default"),
                FieldPanel("default_today"),
            ]
        ),
        MultiFieldPanel(
            [FieldPanel("allowed_extensions"), FieldPanel("max_file_size_mb")],
            heading=_("File upload"),
            classname="collapsed",
        ),
    ]
    override_translatable_fields = [
        SynchronizedField("clean_name"),
        SynchronizedField("field_type"),
        SynchronizedField("role"),
        SynchronizedField("default_today"),
        SynchronizedField("allowed_extensions"),
        SynchronizedField("max_file_size_mb"),
    ]

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["sort_order"]

    def get_field_clean_name(self) -> str:
        """The field's key, made once from its label when the field is first saved.

        An English-like label gives a readable ``snake_case`` key; a Persian one gives
        ``field_`` and a digest of the label, short and ASCII, since transliterating Persian
        gives unreadable keys. Equal labels give equal keys, so Wagtail's duplicate check works.
        """
        key = super().get_field_clean_name()
        if self.label.isascii() and re.fullmatch(r"[a-z][a-z0-9_]{0,39}", key or ""):
            return key
        return "field_" + hashlib.sha256(self.label.strip().encode()).hexdigest()[:10]

    @property
    def extensions(self) -> list[str]:
        return [
            ext.strip().lower().lstrip(".")
            for ext in self.allowed_extensions.replace("،", ",").split(",")
            if ext.strip()
        ]


class ServiceFormField(AbstractServiceFormField):
    page = ParentalKey(
        "eservices.ServicePage", on_delete=models.CASCADE, related_name="form_fields"
    )

    class Meta(AbstractServiceFormField.Meta):
        verbose_name = _("form field")
        verbose_name_plural = _("form fields")
