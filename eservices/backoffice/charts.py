"""Horizontal bar charts drawn on the server as SVG, for the back-office reports.

No JavaScript and no chart library: the chart is markup the admin page carries, so it prints,
works without scripts and needs no extra asset. It is one image (``role="img"``) named by its
``<title>``; templates put a table with the same figures beside it, which screen readers and
copy-and-paste use.

Labels are untrusted (editors' answer options, citizens' stored answers): every text goes
through ``format_html`` escaping, and control and bidi-override characters are dropped so the
markup stays well-formed XML and reads in its real order. In a right-to-left language the chart
is mirrored: labels on the right, bars growing to the left, digits in the language's script.
"""

from collections.abc import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from eservices.core.persian import localize_digits, strip_control_characters

WIDTH = 640
ROW_HEIGHT = 30
BAR_HEIGHT = 18
LABEL_WIDTH = 220
VALUE_WIDTH = 110
PADDING = 8
FONT_SIZE = 13
# Longer labels are cut to fit the label column; the full text is in the table beside the chart.
LABEL_CHARS = 30


def rounded_percents(counts: Sequence[int]) -> list[int]:
    """Whole percents of ``counts`` that add up to exactly 100 (largest remainder method).

    Rounding each share on its own can give 99 or 101; here the points lost to rounding down
    go to the largest remainders, ties to the earlier entry. An empty total gives zeros.
    """
    total = sum(counts)
    if total <= 0:
        return [0] * len(counts)
    floors = [count * 100 // total for count in counts]
    remainders = [count * 100 % total for count in counts]
    order = sorted(range(len(counts)), key=lambda i: (-remainders[i], i))
    for index in order[: 100 - sum(floors)]:
        floors[index] += 1
    return floors


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def bar_chart(
    labels: Sequence[str],
    values: Sequence[int],
    *,
    title: str,
    chart_id: str,
    percents: Sequence[int] | None = None,
) -> SafeString:
    """An SVG horizontal bar chart: one labelled bar per value, with its count and percent.

    Bars are scaled to the share of the total (a bar of 100 % fills the bar column), so charts
    of different questions compare. ``chart_id`` must be unique in the page: the ``<title>``'s
    id is derived from it. ``percents`` defaults to :func:`rounded_percents` of ``values``.
    """
    labels = [strip_control_characters(str(label)) for label in labels]
    percents = list(percents) if percents is not None else rounded_percents(values)
    rtl = get_language_bidi()
    bar_space = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    rows = []
    for row, (label, value, percent) in enumerate(zip(labels, values, percents, strict=True)):
        top = PADDING + row * ROW_HEIGHT
        length = round(bar_space * percent / 100)
        label_x, bar_x, value_x = LABEL_WIDTH - PADDING, LABEL_WIDTH, LABEL_WIDTH + length + 6
        if rtl:
            label_x, bar_x, value_x = WIDTH - label_x, WIDTH - bar_x - length, WIDTH - value_x
        text_y = top + ROW_HEIGHT // 2 + FONT_SIZE // 3
        value_text = _("%(count)s (%(percent)s%%)") % {
            "count": localize_digits(value),
            "percent": localize_digits(percent),
        }
        rows.append(
            (
                label_x,
                text_y,
                _short(label),
                label,
                bar_x,
                top + (ROW_HEIGHT - BAR_HEIGHT) // 2,
                length,
                BAR_HEIGHT,
                value_x,
                text_y,
                value_text,
            )
        )
    height = 2 * PADDING + len(rows) * ROW_HEIGHT
    body = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="end">{}<title>{}</title></text>'
        '<rect x="{}" y="{}" width="{}" height="{}" rx="2" fill="currentColor"/>'
        '<text x="{}" y="{}" text-anchor="start">{}</text>',
        rows,
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{}-title" '
        'viewBox="0 0 {} {}" width="{}" height="{}" direction="{}" font-size="{}" '
        'fill="currentColor"><title id="{}-title">{}</title>{}</svg>',
        chart_id,
        WIDTH,
        height,
        WIDTH,
        height,
        "rtl" if rtl else "ltr",
        FONT_SIZE,
        chart_id,
        strip_control_characters(str(title)),
        body,
    )
