"""Checks for the identifiers and dates that Iranian forms ask for (docs/security.md I1–I3).

Each check takes text whose Persian and Arabic-Indic digits are already ASCII (the fields in
``fields.py`` see to that) and raises ``ValidationError`` with a message for the citizen; the
ones that canonicalise return the canonical value. Digits are matched with ASCII ``[0-9]``
only: Python's ``\\d``, ``str.isdigit()`` and ``int()`` also accept fullwidth, mathematical
and other scripts' digits, which no Iranian keyboard types and which must not pass silently.
"""

import datetime
import re

import jdatetime
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from eservices.core.persian import jalali_date_string, localize_digits, normalize_digits

JALALI_MIN_YEAR = 1300
JALALI_MAX_YEAR = 1500

# Invisible marks that text copied from a Persian page carries along: soft hyphen, zero-width
# space and joiners, LRM/RLM, bidi embeddings, overrides and isolates, Arabic letter mark, BOM.
_INVISIBLE = r"\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\u061c\ufeff"
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]")
# What people put between digit groups: spaces (phones insert no-break ones) and dashes.
_SEPARATORS_RE = re.compile(rf"[\s\-\u2010-\u2015\u2212{_INVISIBLE}]")

_NATIONAL_CODE_RE = re.compile(r"[0-9]{10}")
_LEGAL_ENTITY_ID_RE = re.compile(r"[0-9]{11}")
_LEGAL_ENTITY_WEIGHTS = (29, 27, 23, 19, 17)
_MOBILE_RE = re.compile(r"(?:\+98|0098|98|0)?(9[0-9]{9})")
_POSTAL_CODE_RE = re.compile(r"[13-9]{5}[0-9]{5}")
_BILL_ID_RE = re.compile(r"[0-9]{6,13}")
_DIGITS_RE = re.compile(r"[0-9]+")
_BILL_ID_WEIGHTS = (2, 3, 4, 5, 6, 7)
_JALALI_DATE_RE = re.compile(r"([0-9]{4}) *([/-]) *([0-9]{1,2}) *\2 *([0-9]{1,2})")


def strip_separators(value: str) -> str:
    """``value`` without the spaces, dashes and invisible marks that people type or paste
    between the digits of an identifier (``0912 123-4567``, a code copied from a web page)."""
    return _SEPARATORS_RE.sub("", value)


def _matches(pattern: re.Pattern[str], value: object) -> bool:
    return isinstance(value, str) and pattern.fullmatch(value) is not None


def _all_same(value: str) -> bool:
    return value == value[0] * len(value)


def _national_code_check_digit(first_nine: str) -> int:
    r = sum(int(digit) * (10 - i) for i, digit in enumerate(first_nine)) % 11
    return r if r < 2 else 11 - r


def validate_national_code(value: str) -> None:
    """Accept only a well-formed Iranian national code (کد ملی), docs/security.md I1.

    Ten ASCII digits, the last being the check digit of the first nine: with
    ``r = Σ d[i]·(10 − i) mod 11`` over ``i = 0..8``, ``d[9]`` is ``r`` when ``r < 2`` and
    ``11 − r`` otherwise. The ten same-digit strings satisfy the rule but are rejected.
    """
    if (
        not _matches(_NATIONAL_CODE_RE, value)
        or _all_same(value)
        or int(value[9]) != _national_code_check_digit(value[:9])
    ):
        raise ValidationError(_("Enter a valid national code."), code="invalid_national_code")


def _legal_entity_check_digit(first_ten: str) -> int:
    k = int(first_ten[9]) + 2
    s = sum(
        (int(digit) + k) * _LEGAL_ENTITY_WEIGHTS[i % len(_LEGAL_ENTITY_WEIGHTS)]
        for i, digit in enumerate(first_ten)
    )
    s %= 11
    return 0 if s == 10 else s


def validate_legal_entity_id(value: str) -> None:
    """Accept only a well-formed national ID of a legal entity (شناسه ملی), docs/security.md I2.

    Eleven ASCII digits, the last being the check digit of the first ten: with
    ``k = d[9] + 2`` and weights 29, 27, 23, 19, 17 repeating over ``d[0..9]``,
    ``s = Σ (d[i] + k)·w[i] mod 11`` (10 counting as 0) and ``d[10] == s``. Same-digit strings
    are rejected.
    """
    if (
        not _matches(_LEGAL_ENTITY_ID_RE, value)
        or _all_same(value)
        or int(value[10]) != _legal_entity_check_digit(value[:10])
    ):
        raise ValidationError(
            _("Enter a valid national ID of a legal entity (11 digits)."),
            code="invalid_legal_entity_id",
        )


def normalize_mobile(value: str) -> str:
    """The canonical form ``09XXXXXXXXX`` of an Iranian mobile number, docs/security.md I3.

    Accepts ``09…``, ``9…``, ``+989…``, ``989…`` and ``00989…`` in any of ASCII, Persian or
    Arabic-Indic digits, with spaces or dashes between the groups. Mobiles are stored, looked
    up and rate-limited in the canonical form only.
    """
    if isinstance(value, str):
        match = _MOBILE_RE.fullmatch(strip_separators(normalize_digits(value)))
        if match:
            return "0" + match[1]
    raise ValidationError(
        _("Enter a valid mobile number in the form 09xxxxxxxxx."), code="invalid_mobile"
    )


def validate_postal_code(value: str) -> None:
    """Accept only a plausible Iranian ten-digit postal code (کد پستی).

    Implemented: exactly ten ASCII digits (the field removes spaces and dashes first); no 0 and
    no 2 among the first five digits, which Iran Post leaves out of the area part because in
    Persian handwriting they look like ۵ and ۳; not all ten digits the same. Stricter rules seen in
    the wild (the fifth digit never 5, no 2 in the last five) are not applied: they are not
    documented well enough to risk rejecting a real address.
    """
    if not _matches(_POSTAL_CODE_RE, value) or _all_same(value):
        raise ValidationError(_("Enter a valid 10-digit postal code."), code="invalid_postal_code")


def bill_id_check_digit(body: str) -> int:
    """The check digit that ends an Iranian utility bill ID (شناسه قبض) whose other digits
    are ``body``; also for building bill IDs in tests and demo data.

    Weights 2, 3, 4, 5, 6, 7 repeat over ``body`` read from right to left;
    ``r = Σ digit·weight mod 11``; the check digit is 0 when ``r < 2``, else ``11 − r``.
    """
    if not _matches(_DIGITS_RE, body):
        raise ValueError("A bill ID body is one or more ASCII digits.")
    total = sum(
        int(digit) * _BILL_ID_WEIGHTS[i % len(_BILL_ID_WEIGHTS)]
        for i, digit in enumerate(reversed(body))
    )
    r = total % 11
    return 0 if r < 2 else 11 - r


def validate_bill_id(value: str) -> None:
    """Accept only a well-formed Iranian utility bill ID (شناسه قبض: water, electricity, gas,
    telephone…): 6 to 13 ASCII digits ending in the check digit of the others (see
    ``bill_id_check_digit``), and not all zeros."""
    if (
        not _matches(_BILL_ID_RE, value)
        or not value.strip("0")
        or int(value[-1]) != bill_id_check_digit(value[:-1])
    ):
        raise ValidationError(_("Enter a valid bill ID."), code="invalid_bill_id")


def parse_jalali_date(value: str) -> datetime.date:
    """The Gregorian date of a Jalali (Solar Hijri) date typed as ``1403/05/08`` or
    ``1403-5-8``, in ASCII, Persian or Arabic-Indic digits, with a year from 1300 to 1500."""
    invalid = ValidationError(_("Enter a valid date in the form 1403/05/08."), code="invalid_date")
    if not isinstance(value, str):
        raise invalid
    match = _JALALI_DATE_RE.fullmatch(_INVISIBLE_RE.sub("", normalize_digits(value)).strip())
    if not match:
        raise invalid
    year, month, day = int(match[1]), int(match[3]), int(match[4])
    if not JALALI_MIN_YEAR <= year <= JALALI_MAX_YEAR:
        raise ValidationError(
            _("Enter an Iranian-calendar date with a year from %(min_year)s to %(max_year)s."),
            code="date_out_of_range",
            params={
                "min_year": localize_digits(JALALI_MIN_YEAR),
                "max_year": localize_digits(JALALI_MAX_YEAR),
            },
        )
    try:
        return jdatetime.date(year, month, day).togregorian()
    except ValueError:
        raise invalid from None


def format_jalali(value: datetime.date) -> str:
    """A date as the Jalali ``1403/05/08`` (ASCII digits; templates show them in Persian),
    the form ``parse_jalali_date`` reads back."""
    return jalali_date_string(value)
