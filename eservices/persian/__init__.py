"""Persian text helpers: digits, Arabic-letter normalisation, control characters.

Imports nothing of ours.
"""

from .digits import localize_digits, normalize_digits, normalize_text, to_persian_digits
from .jalali import jalali_date_string, jalali_datetime_string
from .text import clean_user_text, strip_control_characters

__all__ = [
    "clean_user_text",
    "jalali_date_string",
    "jalali_datetime_string",
    "localize_digits",
    "normalize_digits",
    "normalize_text",
    "strip_control_characters",
    "to_persian_digits",
]
