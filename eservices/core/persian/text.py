"""Cleaning free text typed by the public before it is searched, stored or shown."""

import re

from .digits import normalize_text

# C0 and C1 control characters (tab and newline kept), and the bidi embedding, override and
# isolate controls that can make stored text display in a misleading order. The zero-width
# non-joiner (U+200C), which Persian needs, is kept.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def strip_control_characters(value: str) -> str:
    return _CONTROL.sub("", value)


def clean_user_text(value: str) -> str:
    """Normalised digits and letters, no control or bidi-override characters."""
    return strip_control_characters(normalize_text(value))
