"""Builds a service's Django form from its editor-defined fields.

Extends Wagtail's ``FormBuilder`` the documented way: one ``create_<type>_field`` method per
field type. Every text-like field normalises what Iranian keyboards type (Persian and
Arabic-Indic digits, Arabic ي/ك) and drops control characters before validating.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import BaseForm, FormBuilder

from eservices.core.persian import clean_user_text

from . import fields as iranian
from .choices import parse_choices
from .conditions import CHOICE_TYPES


class CleanCharField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        return clean_user_text(value) if value else value


class CleanDecimalField(forms.DecimalField):
    def to_python(self, value):
        if isinstance(value, str):
            value = clean_user_text(value).strip().replace("٫", ".").replace(",", "")
        return super().to_python(value)


class CleanEmailField(forms.EmailField):
    def to_python(self, value):
        value = super().to_python(value)
        return clean_user_text(value) if value else value


class ServiceForm(BaseForm):
    """The base class of every built form; ``page`` and ``user`` are set by Wagtail.

    A field whose condition (``show_when``, see ``conditions.py``) the posted answers do not
    meet is hidden: it is not required, its posted value is dropped before cleaning and it is
    absent from ``cleaned_data``, so the submission stores no answer for it.
    """

    required_css_class = "required"
    error_css_class = "has-error"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if getattr(field, "show_when", None):
                # The name the controlling field is posted under, for the template.
                field.show_when_name = self.add_prefix(field.show_when[0])

    def hidden_by_conditions(self, data) -> set[str]:
        """Names of the fields whose condition ``data`` (answers as posted) does not meet. A
        field shown by a hidden field is hidden too, whatever the order of the fields."""
        conditions = {
            name: field.show_when
            for name, field in self.fields.items()
            if getattr(field, "show_when", None) and field.show_when[0] in self.fields
        }
        hidden: set[str] = set()
        changed = True
        while changed:
            changed = False
            for name, (key, answer) in conditions.items():
                if name in hidden:
                    continue
                shown = False
                if key not in hidden:
                    widget = self.fields[key].widget
                    value = widget.value_from_datadict(data, {}, self.add_prefix(key))
                    values = value if isinstance(value, list | tuple) else [value]
                    shown = answer in [str(v) for v in values if v is not None]
                if not shown:
                    hidden.add(name)
                    changed = True
        return hidden

    def full_clean(self):
        hidden = self.hidden_by_conditions(self.data) if self.is_bound else set()
        if hidden:
            data, files = self.data.copy(), self.files.copy()
            for name in hidden:
                data.pop(self.add_prefix(name), None)
                files.pop(self.add_prefix(name), None)
                self.fields[name].required = False
            self.data, self.files = data, files
        super().full_clean()
        if hidden and hasattr(self, "cleaned_data"):
            for name in hidden:
                self.cleaned_data.pop(name, None)


class ServiceFormBuilder(FormBuilder):
    """Wagtail's form builder with Iranian field types and Persian-digit input everywhere."""

    base_form_class = ServiceForm

    def get_field_options(self, field):
        options = super().get_field_options(field)
        # The guide's wording for empty required fields ("… نمیتواند خالی باشد").
        options["error_messages"] = {"required": _("This field cannot be empty.")}
        return options

    def get_formatted_field_choices(self, field):
        """``(stored value, shown label)`` pairs: a translation shows its labels and stores the
        source's values (``choices.py``)."""
        return parse_choices(field.choices)

    def create_singleline_field(self, field, options):
        options["max_length"] = 255
        return CleanCharField(**options)

    def create_multiline_field(self, field, options):
        options.setdefault("widget", forms.Textarea(attrs={"rows": 5}))
        options["max_length"] = 5000
        return CleanCharField(**options)

    def create_email_field(self, field, options):
        options.setdefault("widget", forms.EmailInput(attrs={"dir": "ltr"}))
        return CleanEmailField(**options)

    def create_number_field(self, field, options):
        options.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "dir": "ltr"}))
        return CleanDecimalField(**options)

    def create_hidden_field(self, field, options):
        options.setdefault("widget", forms.HiddenInput)
        return CleanCharField(**options)

    def create_national_code_field(self, field, options):
        return iranian.NationalCodeField(**options)

    def create_legal_entity_id_field(self, field, options):
        return iranian.LegalEntityIdField(**options)

    def create_mobile_field(self, field, options):
        return iranian.MobileField(**options)

    def create_postal_code_field(self, field, options):
        return iranian.PostalCodeField(**options)

    def create_bill_id_field(self, field, options):
        return iranian.BillIdField(**options)

    def create_jalali_date_field(self, field, options):
        if getattr(field, "default_today", False) and not options.get("initial"):
            options["initial"] = timezone.localdate  # called each time the form is shown
        return iranian.JalaliDateField(**options)

    def create_dropdown_field(self, field, options):
        """A dropdown starts on an empty "choose" option, unless the editor set a default."""
        choices = self.get_formatted_field_choices(field)
        if not options.get("initial"):
            choices = [("", _("Choose"))] + list(choices)
        options["choices"] = choices
        return forms.ChoiceField(**options)

    def create_file_field(self, field, options):
        """A plain file input; forms that store files override this with their checks."""
        options.pop("initial", None)
        return forms.FileField(**options)

    @property
    def formfields(self):
        """Wagtail's fields, each conditional one marked with ``show_when`` (the controlling
        field's key and the answer that shows it) and ``condition_hint`` (what the citizen
        reads without JavaScript). A condition on a field that is gone, or is no longer a
        choice field, is ignored."""
        formfields = super().formfields
        by_key = {field.clean_name or field.get_field_clean_name(): field for field in self.fields}
        for name, formfield in formfields.items():
            field = by_key.get(name)
            key = getattr(field, "show_when", "")
            controller = by_key.get(key) if key and key != name else None
            if controller is None or controller.field_type not in CHOICE_TYPES:
                continue
            answer = field.show_when_value
            formfield.show_when = (key, answer)
            formfield.condition_hint = _("Only if the answer to “%(field)s” is “%(answer)s”.") % {
                "field": controller.label,
                "answer": dict(parse_choices(controller.choices)).get(answer, answer),
            }
        return formfields

    def get_form_class(self):
        return type("ServiceBuiltForm", (self.base_form_class,), self.formfields)
