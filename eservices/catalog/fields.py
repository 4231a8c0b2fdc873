"""Fields whose digits may be typed in Persian or Arabic-Indic and are stored as ASCII:
national IDs of groups and services (S14) and phone numbers."""

from django import forms
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from eservices.core.persian import normalize_digits

national_id_validator = RegexValidator(
    r"^[0-9]{11}\Z",
    _("A national ID is exactly 11 digits."),
    code="invalid_national_id",
)

phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 -]{1,18}[0-9]\Z",
    _("Enter a phone number of digits, optionally with spaces or dashes."),
    code="invalid_phone",
)


class NormalizedDigitsFormField(forms.CharField):
    """A text input that cleans Persian and Arabic-Indic digits to ASCII before validating."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_digits(value).strip() if value else value


class NormalizedDigitsField(models.CharField):
    """A CharField stored with ASCII digits, however it was typed or assigned.

    Normalises in ``to_python`` (forms and ``full_clean``) and again in ``pre_save``, so values
    set in code are stored the same way.
    """

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_digits(value).strip() if value else value

    def pre_save(self, model_instance, add):
        value = self.to_python(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        kwargs.setdefault("form_class", NormalizedDigitsFormField)
        return super().formfield(**kwargs)


class NationalIdField(NormalizedDigitsField):
    """The 11-digit code that the national Management and Planning Organization assigns to
    every e-service group and e-service."""

    default_validators = [national_id_validator]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 11)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)


class PhoneNumberField(NormalizedDigitsField):
    default_validators = [phone_validator]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(*args, **kwargs)
