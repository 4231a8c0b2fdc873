"""What an upload field accepts, said in words: shown under the input before a file is chosen
and in the error when a file of another type is sent, the same way in both.

File extensions are Latin, so inside a Persian sentence the bidi algorithm would reorder a
list of them; the list is kept as one left-to-right run with the isolates LRI…PDI (what
``<bdi dir="ltr">`` does in HTML, but usable in plain-text messages too), its items joined by
the reader's comma (``،`` in Persian).
"""

from collections.abc import Iterable

from django.utils.translation import gettext

from eservices.core.persian import join_for_reader, localize_digits

LRI = "\u2066"  # LEFT-TO-RIGHT ISOLATE
PDI = "\u2069"  # POP DIRECTIONAL ISOLATE
_MEGABYTE = 1024 * 1024


def file_types_text(extensions: Iterable[str]) -> str:
    """``pdf، jpg`` (in Persian) or ``pdf, jpg``, isolated as one left-to-right run."""
    return LRI + join_for_reader(sorted(extensions)) + PDI


def megabytes_text(size: int) -> str:
    return localize_digits("%g" % max(round(size / _MEGABYTE, 2), 0.01))


def upload_rules_text(rules) -> str:
    """The sentence "Allowed file types: … Largest file: … MB." for ``rules``."""
    return gettext("Allowed file types: %(types)s. Largest file: %(limit)s MB.") % {
        "types": file_types_text(rules.allowed_extensions),
        "limit": megabytes_text(rules.max_file_size),
    }
