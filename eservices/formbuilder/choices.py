"""Choices of dropdowns, radio buttons and checkboxes as (stored value, shown label) pairs.

The editor writes one choice per line: its text is both what the citizen sees and what a
submission stores; ``stored value | shown label`` shows other words than those stored. A
translation keeps the source's values and translates only the labels, so a submission made on
the English page stores the same value as one made on the Persian page and both land in the
same inbox column.

``ChoiceListField`` keeps the text in the same column as Wagtail's ``choices`` and tells
wagtail-localize to offer each label as its own segment (named after a digest of its value)
and never the values: ``restore_translated_segments`` writes the source's values back with the
translated labels.
"""

import hashlib

from django.db import models

SEPARATOR = "|"


def parse_choices(text: str | None) -> list[tuple[str, str]]:
    """``[(value, label), …]`` from the editor's text: one choice per line (as Wagtail, a
    single line is split at commas), ``value | label`` where they differ. Empty lines are
    skipped; a missing value or label is the other one."""
    text = (text or "").replace("\r\n", "\n")
    items = text.split("\n") if "\n" in text else text.split(",")
    pairs = []
    for item in items:
        value, has_label, label = item.partition(SEPARATOR)
        value, label = value.strip(), label.strip()
        if not has_label:
            label = value
        if not value and not label:
            continue
        pairs.append((value or label, label or value))
    return pairs


def format_choices(pairs) -> str:
    """The editor's text for ``pairs``: a line per choice, ``value | label`` where they differ."""
    return "\n".join(
        value if value == label else f"{value} {SEPARATOR} {label}" for value, label in pairs
    )


def segment_key(value: str) -> str:
    """The segment path of a choice's label: a digest of its value, so that reordering the
    choices in the source keeps every translated label on its choice."""
    return hashlib.sha256(value.encode()).hexdigest()[:10]


class ChoiceListField(models.TextField):
    """Wagtail's ``choices`` text, translated label by label (see the module's docstring)."""

    def get_translatable_segments(self, value):
        # Imported here: wagtail-localize's segments import content types, not ready yet
        # while models load.
        from wagtail_localize.segments import StringSegmentValue

        seen = set()
        segments = []
        for choice, label in parse_choices(value):
            key = segment_key(choice)
            if key not in seen and label:
                seen.add(key)
                segments.append(StringSegmentValue(key, label))
        return segments

    def restore_translated_segments(self, value, segments):
        labels = {segment.path: segment.render_text() for segment in segments}
        return format_choices(
            (choice, labels.get(segment_key(choice), label))
            for choice, label in parse_choices(value)
        )
