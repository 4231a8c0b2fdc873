"""Digits and letters as Iranian users type them.

Users type Persian (۰–۹) or Arabic-Indic (٠–٩) digits and, on Arabic keyboards, Arabic ي and ك.
Everything is normalised to ASCII digits and Persian letters before validation and storage;
validation then uses ASCII ``[0-9]`` only, because Python's ``\\d`` and ``int()`` accept
Persian digits silently.
"""

from django.utils.translation import get_language

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
ASCII_DIGITS = "0123456789"

_TO_ASCII = str.maketrans(PERSIAN_DIGITS + ARABIC_DIGITS, ASCII_DIGITS * 2)
_TO_PERSIAN = str.maketrans(ASCII_DIGITS, PERSIAN_DIGITS)
_LETTERS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ۀ": "هٔ"})


def normalize_digits(value: str) -> str:
    """Return ``value`` with Persian and Arabic-Indic digits replaced by ASCII ones."""
    return value.translate(_TO_ASCII)


def normalize_text(value: str) -> str:
    """Return ``value`` with ASCII digits and Persian letters (ی, ک) for their Arabic forms."""
    return value.translate(_TO_ASCII).translate(_LETTERS)


def to_persian_digits(value: object) -> str:
    """Return ``str(value)`` with ASCII and Arabic-Indic digits shown as Persian digits."""
    return normalize_digits(str(value)).translate(_TO_PERSIAN)


def join_for_reader(items) -> str:
    """``items`` as one list in the active language: joined by the Persian comma (``،``) in fa,
    by a comma otherwise."""
    separator = "، " if (get_language() or "").startswith("fa") else ", "
    return separator.join(str(item) for item in items)


def localize_digits(value: object) -> str:
    """``value``'s digits in the script of the active language: Persian in fa, ASCII otherwise."""
    if (get_language() or "").startswith("fa"):
        return to_persian_digits(value)
    return normalize_digits(str(value))
