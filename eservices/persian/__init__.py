"""Persian text helpers: digits, Arabic-letter normalisation. Imports nothing of ours."""

from .digits import (
    normalize_digits,
    normalize_text,
    to_persian_digits,
)

__all__ = ["normalize_digits", "normalize_text", "to_persian_digits"]
