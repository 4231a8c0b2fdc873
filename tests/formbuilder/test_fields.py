import datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation

from eservices.formbuilder.fields import (
    BillIdField,
    JalaliDateField,
    LegalEntityIdField,
    MobileField,
    NationalCodeField,
    PostalCodeField,
)

IDENTIFIER_FIELDS = [NationalCodeField, LegalEntityIdField, PostalCodeField, BillIdField]
ALL_FIELDS = [*IDENTIFIER_FIELDS, MobileField, JalaliDateField]


def error_codes(field: forms.Field, value) -> list[str]:
    with pytest.raises(ValidationError) as info:
        field.clean(value)
    return [error.code for error in info.value.error_list]


@pytest.mark.parametrize(
    "field_class, typed, cleaned",
    [
        (NationalCodeField, "0013542419", "0013542419"),
        (NationalCodeField, "۰۰۱۳۵۴۲۴۱۹", "0013542419"),
        (NationalCodeField, "٠٠١٣٥٤٢٤١٩", "0013542419"),
        (NationalCodeField, "۰۰۱-۳۵۴۲۴۱-۹", "0013542419"),
        (NationalCodeField, " 001 354241 9 ", "0013542419"),
        (NationalCodeField, "00١3۵42419", "0013542419"),  # mixed scripts
        (NationalCodeField, "\u202b۰۰۱۳۵۴۲۴۱۹\u202c", "0013542419"),  # bidi embedding
        (LegalEntityIdField, "۱۰۳۸۰۲۸۴۷۹۰", "10380284790"),
        (LegalEntityIdField, "١٠٣٨٠٢٨٤٧٩٠", "10380284790"),
        (LegalEntityIdField, "10380-284790", "10380284790"),
        (PostalCodeField, "۱۱۹۳۶-۵۳۴۷۱", "1193653471"),
        (PostalCodeField, "١١٩٣٦ ٥٣٤٧١", "1193653471"),
        (BillIdField, "۹۹۸۵۲۳۵۴۰۴۱۲۴", "9985235404124"),
        (BillIdField, "٩٩٨٥٢٣٥٤٠٤١٢٤", "9985235404124"),
        (BillIdField, "9985 2354 0412 4", "9985235404124"),
        (MobileField, "۰۹۱۲ ۱۲۳ ۴۵۶۷", "09121234567"),
        (MobileField, "+٩٨ ٩١٢ ١٢٣ ٤٥٦٧", "09121234567"),
        (MobileField, "00989121234567", "09121234567"),
        (MobileField, "9121234567", "09121234567"),
        (MobileField, "989121234567", "09121234567"),
        (MobileField, "0912-123-4567", "09121234567"),
    ],
)
def test_fields_clean_persian_and_arabic_digits_to_ascii(field_class, typed, cleaned):
    assert field_class().clean(typed) == cleaned


@pytest.mark.parametrize(
    "field_class, value, code",
    [
        (NationalCodeField, "۰۰۱۳۵۴۲۴۱۸", "invalid_national_code"),
        (NationalCodeField, "００１３５４２４１９", "invalid_national_code"),
        (NationalCodeField, "𝟎𝟎𝟏𝟑𝟓𝟒𝟐𝟒𝟏𝟗", "invalid_national_code"),
        (NationalCodeField, "۱۱۱۱۱۱۱۱۱۱", "invalid_national_code"),
        (LegalEntityIdField, "１０３８０２８４７９０", "invalid_legal_entity_id"),
        (LegalEntityIdField, "۱۰۳۸۰۲۸۴۷۹۱", "invalid_legal_entity_id"),
        (PostalCodeField, "۰۱۹۳۶۵۳۴۷۱", "invalid_postal_code"),
        (PostalCodeField, "１１９３６５３４７１", "invalid_postal_code"),
        (BillIdField, "۹۹۸۵۲۳۵۴۰۴۱۲۵", "invalid_bill_id"),
        (BillIdField, "𝟗𝟗𝟖𝟓𝟐𝟑𝟓𝟒𝟎𝟒𝟏𝟐𝟒", "invalid_bill_id"),
        (MobileField, "０９１２１２３４５６７", "invalid_mobile"),
        (MobileField, "۰۲۱۸۸۷۷۶۶۵۵", "invalid_mobile"),
        (MobileField, "+1 912 123 4567", "invalid_mobile"),
        (JalaliDateField, "１４０３/０５/０８", "invalid_date"),
        (JalaliDateField, "۱۴۰۴/۱۲/۳۰", "invalid_date"),
        (JalaliDateField, "2024-07-29", "date_out_of_range"),
    ],
)
def test_fields_reject_invalid_and_exotic_digits(field_class, value, code):
    assert error_codes(field_class(), value) == [code]


@pytest.mark.parametrize("digit", "0123456789۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩")
def test_national_code_field_rejects_same_digit_codes_in_every_script(digit):
    assert error_codes(NationalCodeField(), digit * 10) == ["invalid_national_code"]


@pytest.mark.parametrize("field_class", ALL_FIELDS)
@pytest.mark.parametrize("value", ["", None, "   ", " - - ", "\u200f"])
def test_required_fields_use_djangos_required_message(field_class, value):
    with pytest.raises(ValidationError) as info, translation.override("en"):
        field_class().clean(value)
    with translation.override("en"):
        assert info.value.messages == ["This field is required."]
    assert info.value.code == "required"


@pytest.mark.parametrize("field_class", [*IDENTIFIER_FIELDS, MobileField])
def test_optional_identifier_fields_clean_empty_to_empty_string(field_class):
    assert field_class(required=False).clean("  ") == ""


def test_optional_date_field_cleans_empty_to_none():
    assert JalaliDateField(required=False).clean(" ") is None


# Widgets


@pytest.mark.parametrize("field_class", IDENTIFIER_FIELDS)
def test_identifier_fields_ask_for_a_numeric_keyboard_left_to_right(field_class):
    attrs = field_class().widget.attrs
    assert attrs["inputmode"] == "numeric"
    assert attrs["dir"] == "ltr"


def test_postal_code_field_autofills_the_postal_code():
    assert PostalCodeField().widget.attrs["autocomplete"] == "postal-code"


def test_mobile_field_asks_for_a_phone_keyboard_and_autofill():
    attrs = MobileField().widget.attrs
    assert attrs == {
        "inputmode": "tel",
        "autocomplete": "tel",
        "dir": "ltr",
        "placeholder": "09xxxxxxxxx",
    }


def test_jalali_date_field_widget():
    field = JalaliDateField()
    assert isinstance(field.widget, forms.TextInput)
    html = field.widget.render("when", None, attrs=field.widget.attrs)
    assert 'inputmode="numeric"' in html
    assert 'placeholder="1403/05/08"' in html
    assert 'dir="ltr"' in html
    assert " data-jalali-date" in html and "data-jalali-date=" not in html


def test_attributes_given_by_the_caller_win():
    field = MobileField(widget=forms.TextInput(attrs={"placeholder": "0912…", "dir": "auto"}))
    assert field.widget.attrs["placeholder"] == "0912…"
    assert field.widget.attrs["dir"] == "auto"
    assert field.widget.attrs["inputmode"] == "tel"


def test_each_field_has_its_own_widget_attrs():
    first, second = NationalCodeField(), NationalCodeField()
    first.widget.attrs["class"] = "wide"
    assert "class" not in second.widget.attrs
    assert "class" not in NationalCodeField.input_attrs


# Jalali date field


@pytest.mark.parametrize(
    "typed", ["1403/05/08", "1403-5-8", "۱۴۰۳/۰۵/۰۸", "١٤٠٣/٠٥/٠٨", " ۱۴۰۳ / ۵ / ۸ "]
)
def test_jalali_date_field_cleans_to_a_gregorian_date(typed):
    assert JalaliDateField().clean(typed) == datetime.date(2024, 7, 29)


def test_jalali_date_field_accepts_dates_given_in_code():
    field = JalaliDateField()
    assert field.clean(datetime.date(2024, 7, 29)) == datetime.date(2024, 7, 29)
    assert field.clean(datetime.datetime(2024, 7, 29, 10, 0)) == datetime.date(2024, 7, 29)


def test_jalali_date_field_leap_day():
    field = JalaliDateField()
    assert field.clean("۱۴۰۳/۱۲/۳۰") == datetime.date(2025, 3, 20)
    assert error_codes(field, "۱۴۰۴/۱۲/۳۰") == ["invalid_date"]


class DateForm(forms.Form):
    when = JalaliDateField()


def test_an_initial_date_is_shown_in_jalali():
    form = DateForm(initial={"when": datetime.date(2024, 7, 29)})
    assert form["when"].value() == "1403/05/08"
    assert 'value="1403/05/08"' in str(form["when"])


def test_a_redisplayed_form_keeps_what_the_user_typed():
    form = DateForm(data={"when": "۱۴۰۳/۱۳/۰۱"})
    assert not form.is_valid()
    assert form.errors.as_data()["when"][0].code == "invalid_date"
    assert form["when"].value() == "۱۴۰۳/۱۳/۰۱"

    form = DateForm(data={"when": "۱۴۰۳/۵/۸"})
    assert form.is_valid()
    assert form.cleaned_data["when"] == datetime.date(2024, 7, 29)
    assert form["when"].value() == "۱۴۰۳/۵/۸"


@pytest.mark.parametrize(
    "initial, data, changed",
    [
        (datetime.date(2024, 7, 29), "1403/5/8", False),
        (datetime.date(2024, 7, 29), "۱۴۰۳/۰۵/۰۸", False),
        ("1403/05/08", "1403-5-8", False),
        (datetime.date(2024, 7, 29), "1403/05/09", True),
        (None, "", False),
        (None, "1403/05/08", True),
        (datetime.date(2024, 7, 29), "not a date", True),
    ],
)
def test_jalali_date_field_has_changed_compares_dates(initial, data, changed):
    assert JalaliDateField().has_changed(initial, data) is changed


# A whole form, as the form builder makes one


class IdentityForm(forms.Form):
    national_code = NationalCodeField()
    mobile = MobileField()
    postal_code = PostalCodeField(required=False)
    bill_id = BillIdField(required=False)
    company = LegalEntityIdField(required=False)
    born = JalaliDateField(required=False)


def test_a_form_typed_entirely_in_persian_digits_cleans_to_ascii():
    form = IdentityForm(
        data={
            "national_code": "۰۰۱-۳۵۴۲۴۱-۹",
            "mobile": "+۹۸ ۹۱۲ ۱۲۳ ۴۵۶۷",
            "postal_code": "۱۱۹۳۶-۵۳۴۷۱",
            "bill_id": "۹۱۷۴۶۳۹۵۰۴۱۲۴",
            "company": "۱۰۳۸۰۲۸۴۷۹۰",
            "born": "۱۳۷۰/۰۱/۰۱",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {
        "national_code": "0013542419",
        "mobile": "09121234567",
        "postal_code": "1193653471",
        "bill_id": "9174639504124",
        "company": "10380284790",
        "born": datetime.date(1991, 3, 21),
    }


def test_a_form_reports_each_bad_field_by_code():
    form = IdentityForm(
        data={
            "national_code": "0013542418",
            "mobile": "0812 123 4567",
            "postal_code": "0193653471",
            "bill_id": "123456",
            "company": "10380284791",
            "born": "1403/07/31",
        }
    )
    assert not form.is_valid()
    codes = {name: [e.code for e in errors] for name, errors in form.errors.as_data().items()}
    assert codes == {
        "national_code": ["invalid_national_code"],
        "mobile": ["invalid_mobile"],
        "postal_code": ["invalid_postal_code"],
        "bill_id": ["invalid_bill_id"],
        "company": ["invalid_legal_entity_id"],
        "born": ["invalid_date"],
    }


# Robustness


HOSTILE = [
    "\x00",
    "\x00" * 50,
    "\x1b[2J",
    "\ud800",
    "\ufffd",
    "\u202e",
    "🙂" * 10,
    "1" * 100_000,
    "۱" * 100_000,
    "-" * 100_000,
    "1403/05/08" * 10_000,
    "9999/99/99",
    "1403/5/" + "8" * 50_000,
    "ي ك",
    13542419,
    ["0013542419"],
    {"a": 1},
]


@pytest.mark.parametrize("field_class", ALL_FIELDS)
def test_hostile_input_gives_only_validation_errors(field_class):
    field = field_class()
    for value in HOSTILE:
        with pytest.raises(ValidationError):
            field.clean(value)


def test_control_characters_around_a_valid_code_are_dropped():
    assert NationalCodeField().clean("\x00۰۰۱۳۵۴۲۴۱۹\x1b") == "0013542419"
    assert MobileField().clean("\x07۰۹۱۲۱۲۳۴۵۶۷") == "09121234567"
