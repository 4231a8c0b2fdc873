"""Keyset ("seek") pagination: a listing's page is the rows after (or before) a cursor, the
ordering values of the last (or first) row shown, never an OFFSET and never a COUNT.

With an index that serves the ordering, every page costs the same few index entries however
many rows the table holds and however far back the page is: page 20,000 of a million requests
reads 51 rows like page 1. Wagtail's page-number pagination counts every matching row to print
"Page 1 of N" and skips ``OFFSET`` rows to reach a page (docs/architecture.md, "Flat cost at
scale").

The ordering is one column (``submit_time``, ``-tracking_number``, ``status__sort_order``...)
then the primary key in the same direction, so that every row has one place. Nulls count as
the largest values in both directions (``NULLS LAST`` ascending, ``NULLS FIRST`` descending,
as PostgreSQL's b-tree indexes store them), the same on every database.
"""

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import F, Q
from django.utils.functional import cached_property

AFTER = "after"
BEFORE = "before"


@dataclass(frozen=True)
class Key:
    """One column of the ordering: its lookup path, direction and the model field it ends on."""

    name: str
    descending: bool
    field: object

    @property
    def nullable(self) -> bool:
        return bool(getattr(self.field, "null", False))

    def value_of(self, obj):
        for part in self.name.split("__"):
            obj = getattr(obj, part)
            if obj is None:
                return None
        return obj

    def order(self, reverse: bool = False):
        descending = self.descending != reverse
        expression = F(self.name)
        if not self.nullable:
            # No NULLS clause where there are no nulls: SQLite's index order has none, and
            # with one it sorts instead of reading the index.
            return expression.desc() if descending else expression.asc()
        # Nulls are the largest values whichever the direction.
        return expression.desc(nulls_first=True) if descending else expression.asc(nulls_last=True)


def ordering_keys(model, ordering: str) -> list[Key]:
    """The keys of ``ordering`` (one field, "-" for descending) with the primary key after."""
    descending = ordering.startswith("-")
    name = ordering.lstrip("-")
    field = None
    current = model
    for part in name.split("__"):
        field = current._meta.pk if part == "pk" else current._meta.get_field(part)
        current = field.related_model or current
    keys = [Key(name, descending, field)]
    if name not in {"pk", model._meta.pk.name}:
        keys.append(Key("pk", descending, model._meta.pk))
    return keys


def _beyond(key: Key, value, rest: Q | None, reverse: bool) -> Q:
    """Rows that come after ``value`` in ``key`` (ties broken by ``rest``, the condition on the
    following keys), in the ordering, or in its reverse. Written as ``key <= v AND (key < v OR
    rest)`` so that an index on the key bounds the scan."""
    descending = key.descending != reverse
    isnull = Q(**{key.name + "__isnull": True})
    if value is None:
        # Nulls are largest: descending, every non-null row follows them; ascending, none.
        same = (isnull & rest) if rest is not None else None
        if descending:
            notnull = Q(**{key.name + "__isnull": False})
            return notnull | same if same is not None else notnull
        return same if same is not None else Q(pk__in=[])
    strict = Q(**{key.name + ("__lt" if descending else "__gt"): value})
    if rest is None:
        condition = strict
    else:
        bound = Q(**{key.name + ("__lte" if descending else "__gte"): value})
        condition = bound & (strict | rest)
    if key.nullable and not descending:
        condition |= isnull
    return condition


def beyond(keys: list[Key], values: list, reverse: bool = False) -> Q:
    rest = None
    for key, value in reversed(list(zip(keys, values, strict=True))):
        rest = _beyond(key, value, rest, reverse)
    return rest


def encode_cursor(ordering: str, values: list) -> str:
    def plain(value):
        if isinstance(value, datetime | date):
            return value.isoformat()
        return value

    text = json.dumps([ordering, [plain(v) for v in values]], separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, ordering: str, keys: list[Key]) -> list | None:
    """The key values a cursor holds, or None for one that is malformed, made for another
    ordering or that does not fit the keys' fields (it then means the first page)."""
    if not cursor or len(cursor) > 500:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        made_for, values = json.loads(raw)
        if made_for != ordering or not isinstance(values, list) or len(values) != len(keys):
            return None
        return [
            None if v is None else key.field.to_python(v)
            for key, v in zip(keys, values, strict=True)
        ]
    except (ValueError, TypeError, ValidationError, binascii.Error, UnicodeDecodeError):
        return None


class KeysetPage:
    """One page of rows; ``previous_cursor`` / ``next_cursor`` lead to its neighbours."""

    def __init__(self, rows, keys, ordering, has_previous, has_next):
        self.object_list = rows
        self.keys = keys
        self.ordering = ordering
        self._has_previous = has_previous
        self._has_next = has_next

    def has_previous(self) -> bool:
        return self._has_previous

    def has_next(self) -> bool:
        return self._has_next

    def has_other_pages(self) -> bool:
        return self._has_previous or self._has_next

    def cursor_of(self, row) -> str:
        return encode_cursor(self.ordering, [key.value_of(row) for key in self.keys])

    @cached_property
    def previous_cursor(self) -> str:
        return self.cursor_of(self.object_list[0]) if self._has_previous else ""

    @cached_property
    def next_cursor(self) -> str:
        return self.cursor_of(self.object_list[-1]) if self._has_next else ""

    def __len__(self):
        return len(self.object_list)

    def __iter__(self):
        return iter(self.object_list)


class KeysetPaginator:
    """Pages of ``queryset`` in ``ordering`` (one column, optionally with "-"). It has no
    ``count``: there is no total to print (``count`` is None) and none is computed."""

    count = None
    ELLIPSIS = "…"

    def __init__(self, queryset, per_page: int, ordering: str):
        self.queryset = queryset
        self.per_page = per_page
        self.ordering = ordering
        try:
            self.keys = ordering_keys(queryset.model, ordering)
        except FieldDoesNotExist as error:
            raise ValueError("cannot page by %r" % ordering) from error

    def get_elided_page_range(self, *args):
        return []

    def ordered(self, reverse: bool = False):
        return self.queryset.order_by(*(key.order(reverse) for key in self.keys))

    def page(self, after: str = "", before: str = "") -> KeysetPage:
        size = self.per_page
        if before and (values := decode_cursor(before, self.ordering, self.keys)) is not None:
            rows = list(
                self.ordered(reverse=True).filter(beyond(self.keys, values, True))[: size + 1]
            )
            has_previous = len(rows) > size
            if rows:
                return KeysetPage(rows[:size][::-1], self.keys, self.ordering, has_previous, True)
        values = decode_cursor(after, self.ordering, self.keys) if after else None
        if values is not None:
            rows = list(self.ordered().filter(beyond(self.keys, values))[: size + 1])
            if rows:
                return KeysetPage(rows[:size], self.keys, self.ordering, True, len(rows) > size)
        # The first page: no cursor, or one past either end (rows deleted since).
        rows = list(self.ordered()[: size + 1])
        return KeysetPage(rows[:size], self.keys, self.ordering, False, len(rows) > size)
