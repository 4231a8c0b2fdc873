"""Staff-uploaded tables that view forms look a row up in (the ``dataset`` lookup source).

A ``Dataset`` declares its key column (what citizens type, such as the bill ID) and the columns
shown, each with a type. Its rows are replaced as a whole by each upload
(``eservices.lookups.importer``). Cells are stored in ``DatasetRow.data`` in a canonical text
form (``parse_value``) and read back as Python values (``python_value``).
"""

import datetime
import re
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from eservices.core.persian import normalize_digits
from eservices.formbuilder.validators import JALALI_MAX_YEAR, parse_jalali_date

KEY_MAX_LENGTH = 100

# Thousands grouped by commas (also the Arabic thousands separator), an optional fraction
# after a point (also the Arabic decimal separator), an optional minus sign.
_NUMBER_RE = re.compile(r"-?(?:[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+)(?:\.[0-9]+)?")
_NUMBER_MARKS = str.maketrans({"\u066c": ",", "\u066b": ".", "\u2212": "-"})
_SPACES_RE = re.compile(r"\s+")
_ISO_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class ColumnType(models.TextChoices):
    """How a column's cells are read and shown. ``date`` and ``jalali_date`` both accept ISO
    (``2024-07-29``) and Jalali (``1403/05/08``) dates; ``money`` is a number of rials."""

    TEXT = "text", _("Text")
    NUMBER = "number", _("Number")
    DATE = "date", _("Date")
    JALALI_DATE = "jalali_date", _("Jalali date")
    MONEY = "money", _("Amount of money")


DATE_TYPES = (ColumnType.DATE, ColumnType.JALALI_DATE)
NUMBER_TYPES = (ColumnType.NUMBER, ColumnType.MONEY)


class Column(NamedTuple):
    key: str
    label: str
    type: str


def normalize_key(value: object) -> str:
    """A key as stored and as looked up: ASCII digits, no surrounding spaces."""
    return normalize_digits(str(value)).strip()


def parse_number(text: str) -> str:
    """The canonical form (``1250000``, ``-12.5``) of a number typed with ASCII, Persian or
    Arabic-Indic digits, optionally grouped by commas; ``ValueError`` if it is not one."""
    cleaned = _SPACES_RE.sub("", normalize_digits(text).translate(_NUMBER_MARKS))
    if not _NUMBER_RE.fullmatch(cleaned):
        raise ValueError("not a number")
    try:
        number = Decimal(cleaned.replace(",", ""))
    except InvalidOperation:
        raise ValueError("not a number") from None
    if number == number.to_integral_value():
        return str(int(number))
    return str(number.normalize())


def parse_date(text: str) -> datetime.date:
    """A date typed as ISO ``2024-07-29`` or Jalali ``1403/05/08`` (or ``1403-05-08``): the
    year tells them apart, since Jalali years end at 1500. ``ValueError`` if it is neither."""
    cleaned = normalize_digits(text).strip()
    if _ISO_DATE_RE.fullmatch(cleaned) and int(cleaned[:4]) > JALALI_MAX_YEAR:
        return datetime.date.fromisoformat(cleaned)
    try:
        return parse_jalali_date(cleaned)
    except ValidationError:
        raise ValueError("not a date") from None


def parse_value(column_type: str, text: str) -> str:
    """The stored form of a cell of ``column_type``: text as is, numbers canonical, dates
    ISO; an empty cell stays empty. ``ValueError`` if the cell does not fit its type."""
    text = text.strip()
    if not text or column_type == ColumnType.TEXT:
        return text
    if column_type in NUMBER_TYPES:
        return parse_number(text)
    if column_type in DATE_TYPES:
        return parse_date(text).isoformat()
    raise ValueError("unknown column type %r" % column_type)


def python_value(column_type: str, value: object) -> object:
    """A stored cell as shown: ``None`` when empty, ``int`` or ``Decimal`` for numbers,
    ``datetime.date`` for dates, ``str`` otherwise."""
    if value is None or value == "":
        return None
    if column_type in NUMBER_TYPES:
        number = Decimal(str(value))
        return int(number) if number == number.to_integral_value() else number
    if column_type in DATE_TYPES:
        return datetime.date.fromisoformat(str(value))
    return str(value)


def validate_columns(value: object) -> None:
    """Columns are a list of ``{"key", "label", "type"}`` objects with distinct keys."""
    if not isinstance(value, list):
        raise ValidationError(_("The columns must be a list."), code="invalid_columns")
    seen = set()
    for number, column in enumerate(value, start=1):
        if (
            not isinstance(column, dict)
            or not isinstance(column.get("key"), str)
            or not column["key"].strip()
            or not isinstance(column.get("label", ""), str)
            or column.get("type", ColumnType.TEXT) not in ColumnType.values
        ):
            raise ValidationError(
                _("Column %(number)s needs a key, a label and a type among %(types)s."),
                code="invalid_column",
                params={"number": number, "types": ", ".join(ColumnType.values)},
            )
        key = column["key"].strip()
        if key in seen:
            raise ValidationError(
                _("The column %(key)s is declared twice."),
                code="duplicate_column",
                params={"key": key},
            )
        seen.add(key)


class Dataset(models.Model):
    """A table uploaded by staff, such as this month's bills, that view forms look rows up in."""

    name = models.CharField(_("name"), max_length=200)
    key_column = models.CharField(
        _("key column"),
        max_length=100,
        help_text=_("The header of the column citizens search by, such as the bill ID."),
    )
    columns = models.JSONField(
        _("columns"),
        default=list,
        blank=True,
        validators=[validate_columns],
        help_text=_(
            "The columns shown to citizens, in order: a list of "
            '{"key": header, "label": label, "type": type}, the type being one of '
            "text, number, date, jalali_date and money."
        ),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), null=True, blank=True, editable=False)
    row_count = models.PositiveIntegerField(_("number of rows"), default=0, editable=False)

    class Meta:
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def column_specs(self) -> list[Column]:
        """The declared columns, a missing label read as the key and a missing type as text."""
        return [
            Column(
                key=column["key"].strip(),
                label=column.get("label") or column["key"].strip(),
                type=column.get("type") or ColumnType.TEXT,
            )
            for column in self.columns
        ]

    def find(self, key: str) -> "DatasetRow | None":
        """The row whose key is ``key`` (in any digits), or None."""
        return self.rows.filter(key=normalize_key(key)).first()


class DatasetRow(models.Model):
    """One record of a dataset: its key and its declared columns' cells, by column key."""

    dataset = models.ForeignKey(
        Dataset, on_delete=models.CASCADE, related_name="rows", verbose_name=_("dataset")
    )
    # Indexed by the unique (dataset, key) constraint, which is what lookups filter on.
    key = models.CharField(_("key"), max_length=KEY_MAX_LENGTH)
    data = models.JSONField(_("data"), default=dict)

    class Meta:
        verbose_name = _("dataset row")
        verbose_name_plural = _("dataset rows")
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "key"], name="eservices_datasetrow_unique_key"
            )
        ]

    def __str__(self) -> str:
        return self.key
