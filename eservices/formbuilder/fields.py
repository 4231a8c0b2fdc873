"""Form fields for the identifiers and dates that Iranian forms ask for.

Each accepts what Iranian keyboards and phones type (Persian ۰–۹ or Arabic-Indic ٠–٩ digits,
Arabic ي/ك, spaces and dashes between digit groups), cleans it to ASCII digits and drops
control characters, then validates with ``validators``. Other scripts' digits (fullwidth,
mathematical) are left as they are, so validation rejects them.
"""

import datetime
import re
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError

from eservices.core.persian import clean_user_text

from .validators import (
    format_jalali,
    normalize_mobile,
    parse_jalali_date,
    strip_separators,
    validate_bill_id,
    validate_legal_entity_id,
    validate_national_code,
    validate_postal_code,
)

NUMERIC_INPUT_ATTRS = {"inputmode": "numeric", "dir": "ltr"}
_INTEGER_RE = re.compile(r"-?[0-9]+")


class InputAttrsMixin:
    """Adds ``input_attrs`` to the field's widget, except those the widget was given already;
    override ``input_attrs`` to change the keyboard, direction or autofill of a field type."""

    input_attrs: ClassVar[dict[str, Any]] = {}

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.update({k: v for k, v in self.input_attrs.items() if k not in widget.attrs})
        return attrs


class IdentifierField(InputAttrsMixin, forms.CharField):
    """A text input for a code of digits, cleaned to ASCII digits without separators before
    its ``default_validators`` run. The base of the identifier fields; subclass it for
    another code."""

    input_attrs = NUMERIC_INPUT_ATTRS

    def to_python(self, value: Any) -> str:
        value = super().to_python(value)
        return strip_separators(clean_user_text(value)) if value else value


class NationalCodeField(IdentifierField):
    """A person's ten-digit national code (کد ملی)."""

    default_validators = [validate_national_code]


class LegalEntityIdField(IdentifierField):
    """A company's or institution's eleven-digit national ID (شناسه ملی)."""

    default_validators = [validate_legal_entity_id]


class PostalCodeField(IdentifierField):
    """A ten-digit postal code (کد پستی)."""

    input_attrs = {**NUMERIC_INPUT_ATTRS, "autocomplete": "postal-code"}
    default_validators = [validate_postal_code]


class BillIdField(IdentifierField):
    """A utility bill ID (شناسه قبض) as printed on water, electricity, gas or phone bills."""

    default_validators = [validate_bill_id]


class MobileField(IdentifierField):
    """An Iranian mobile number in any common shape, cleaned to the canonical ``09XXXXXXXXX``
    under which mobiles are stored and rate-limited."""

    input_attrs = {
        "inputmode": "tel",
        "autocomplete": "tel",
        "dir": "ltr",
        "placeholder": "09xxxxxxxxx",
    }

    def to_python(self, value: Any) -> str:
        value = super().to_python(value)
        return normalize_mobile(value) if value else value


class JalaliDateField(InputAttrsMixin, forms.Field):
    """A date typed in the Iranian calendar (``1403/05/08``), cleaned to a ``datetime.date``.

    A date given as initial value is shown in Jalali; after a failed submission the field
    shows back exactly what was typed. ``data-jalali-date`` marks the input for a date picker.
    """

    widget = forms.TextInput
    input_attrs = {
        **NUMERIC_INPUT_ATTRS,
        "placeholder": "1403/05/08",
        "data-jalali-date": True,
    }

    def to_python(self, value: Any) -> datetime.date | None:
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if value in self.empty_values:
            return None
        text = clean_user_text(str(value))
        # Only spaces, dashes or invisible marks count as nothing typed, as in the other fields.
        return parse_jalali_date(text) if strip_separators(text) else None

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, datetime.date):
            return format_jalali(value)
        return value

    def has_changed(self, initial: Any, data: Any) -> bool:
        if self.disabled:
            return False
        try:
            return self.to_python(initial) != self.to_python(data)
        except ValidationError:
            return True


class AdminIntegerField(InputAttrsMixin, forms.IntegerField):
    """A whole number in the admin, typed in Persian, Arabic-Indic or ASCII digits.

    A text input, since browsers refuse anything but ASCII digits in ``type="number"``; the
    digits are made ASCII before parsing, and other scripts' digits (which ``int()`` would
    take silently) are refused. Registered for every integer model field of the admin's forms
    (``eservices/wagtail_hooks.py``).
    """

    widget = forms.TextInput
    input_attrs = NUMERIC_INPUT_ATTRS

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str):
            value = clean_user_text(value).strip()
            if value and not _INTEGER_RE.fullmatch(value):
                raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)
