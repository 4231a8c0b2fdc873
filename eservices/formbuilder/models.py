"""Editor-defined form fields of a service: Wagtail's field types plus Iranian ones."""

import hashlib
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.contrib.forms.models import FORM_FIELD_CHOICES, AbstractFormField
from wagtail.models import TranslatableMixin
from wagtail_localize.fields import SynchronizedField

from eservices.core.persian import join_for_reader

from .choices import ChoiceListField, format_choices, parse_choices
from .conditions import CHOICE_TYPES, ROLE_TYPES
from .panels import FieldOptionPanel

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

#: The field types that use each option of a field row; the designer shows an option only for
#: these types, and ``clean()`` empties it for the others.
OPTION_TYPES = {
    "choices": CHOICE_TYPES,
    "default_value": tuple(t for t, _label in FIELD_TYPE_CHOICES if t != "file"),
    "default_today": ("jalali_date",),
    "allowed_extensions": ("file",),
    "max_file_size_mb": ("file",),
    "role": ROLE_TYPES,
}


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
    type, role, file rules and condition (``show_when``: the key of a choice field whose stored
    value ``show_when_value`` shows this one, see ``conditions.py``) are synchronised across
    translations; labels, help texts and choices are translated.
    """

    field_type = models.CharField(
        verbose_name=_("field type"),
        max_length=20,
        choices=FIELD_TYPE_CHOICES,
        help_text=_("What the citizen is asked for; the options below follow the type."),
    )
    field_type.required_on_save = True
    role = models.CharField(
        _("role"),
        max_length=32,
        choices=FieldRole.choices,
        blank=True,
        default="",
        help_text=_(
            "What the answer means to the desk. A request form needs one national code "
            "field with the role “Registrant's national code”: citizens follow their request "
            "with it. A mobile field with the role “Registrant's mobile” receives the SMS."
        ),
    )
    choices = ChoiceListField(
        _("choices"),
        blank=True,
        help_text=_(
            "One choice per line. Its text is shown and stored with the answer. To show other "
            "words than those stored, write: stored value | shown label. Translators "
            "translate the shown labels only."
        ),
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

    show_when = models.CharField(
        _("show only when"),
        max_length=255,
        blank=True,
        help_text=_(
            "To ask this field only after a given answer: the label (or key) of a dropdown, "
            "radio buttons or checkboxes of this form. Empty always shows the field."
        ),
    )
    show_when_value = models.CharField(
        _("has the answer"),
        max_length=255,
        blank=True,
        help_text=_(
            "The stored value of that field's choice which shows this field. A hidden field "
            "is not required and its answer is not kept."
        ),
    )

    panels = [
        FieldRowPanel([FieldPanel("label"), FieldPanel("help_text")]),
        FieldRowPanel(
            [
                FieldPanel("field_type", classname="formbuilder-type", required_on_save=True),
                FieldPanel("required"),
            ]
        ),
        FieldOptionPanel("role", field_types=OPTION_TYPES["role"]),
        FieldOptionPanel(
            "choices", classname="formbuilder-choices", field_types=OPTION_TYPES["choices"]
        ),
        FieldOptionPanel(
            "default_value",
            classname="formbuilder-default",
            field_types=OPTION_TYPES["default_value"],
        ),
        FieldOptionPanel("default_today", field_types=OPTION_TYPES["default_today"]),
        FieldRowPanel(
            [
                FieldOptionPanel(
                    "allowed_extensions", field_types=OPTION_TYPES["allowed_extensions"]
                ),
                FieldOptionPanel("max_file_size_mb", field_types=OPTION_TYPES["max_file_size_mb"]),
            ]
        ),
        FieldRowPanel([FieldPanel("show_when"), FieldPanel("show_when_value")]),
    ]
    # Keys, types and rules are the source's in every translation and never offered to
    # translators (a translated key would split the answers into two inbox columns, a translated
    # default would name no choice); the labels, help texts and the choices' shown labels are
    # translated.
    override_translatable_fields = [
        SynchronizedField("clean_name", overridable=False),
        SynchronizedField("field_type", overridable=False),
        SynchronizedField("required", overridable=False),
        SynchronizedField("role", overridable=False),
        SynchronizedField("default_value", overridable=False),
        SynchronizedField("default_today", overridable=False),
        SynchronizedField("allowed_extensions", overridable=False),
        SynchronizedField("max_file_size_mb", overridable=False),
        SynchronizedField("show_when", overridable=False),
        SynchronizedField("show_when_value", overridable=False),
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

    def clean(self) -> None:
        """Empties the options the field's type does not use (the designer hides them, so an
        editor who changed the type cannot see them) and checks the choices."""
        super().clean()
        for option, types in OPTION_TYPES.items():
            if self.field_type not in types:
                setattr(self, option, self._meta.get_field(option).get_default())
        if self.field_type in CHOICE_TYPES:
            pairs = parse_choices(self.choices)
            if not pairs:
                raise ValidationError({"choices": _("Give at least one choice.")})
            values = [value for value, _label in pairs]
            repeated = sorted({value for value in values if values.count(value) > 1})
            if repeated:
                raise ValidationError(
                    {
                        "choices": _("Each stored value may be given only once: %(values)s.")
                        % {"values": join_for_reader(repeated)}
                    }
                )
            self.choices = format_choices(pairs)

    @property
    def choice_pairs(self) -> list[tuple[str, str]]:
        """``[(stored value, shown label), …]`` of a choice field (see ``choices.py``)."""
        return parse_choices(self.choices)

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
