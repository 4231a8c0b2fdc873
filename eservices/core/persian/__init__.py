"""Persian text helpers: digits, Arabic-letter normalisation, control characters.

Imports nothing of ours but Django; every Persian/Jalali text helper of the desk is here.
"""

from .digits import (
    join_for_reader,
    localize_digits,
    normalize_digits,
    normalize_text,
    to_persian_digits,
)
from .jalali import (
    is_persian,
    jalali_date_string,
    jalali_datetime_string,
    local_date,
    local_datetime,
)
from .text import clean_user_text, strip_control_characters

__all__ = [
    "clean_user_text",
    "is_persian",
    "jalali_date_string",
    "join_for_reader",
    "jalali_datetime_string",
    "local_date",
    "local_datetime",
    "localize_digits",
    "normalize_digits",
    "normalize_text",
    "strip_control_characters",
    "to_persian_digits",
]
