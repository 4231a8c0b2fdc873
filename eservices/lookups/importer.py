"""Replacing a dataset's rows with those of an uploaded CSV or XLSX file, all or nothing.

The first line of the file is the header: it must name the dataset's key column and each of
its declared columns (other columns are ignored). Every line is checked before anything is
written; a file with any error imports nothing and the report lists the errors by the file's
own line numbers, so staff can fix the file and upload it again. Only a clean file replaces the
previous rows, in one transaction.

CSV files are UTF-8 (with or without the BOM Excel writes) and comma-separated. XLSX files are
read when openpyxl is installed (Wagtail requires it), from their first sheet.
"""

import csv
import datetime
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eservices.conf import settings
from eservices.core.persian import clean_user_text, normalize_text

from .models import (
    KEY_MAX_LENGTH,
    NUMBER_TYPES,
    Dataset,
    DatasetRow,
    normalize_key,
    parse_value,
    validate_columns,
)

try:
    import openpyxl
except ImportError:  # pragma: no cover - Wagtail depends on openpyxl
    openpyxl = None

#: The extensions ``import_dataset`` reads, and how to name them to staff.
EXTENSIONS = (".csv", ".xlsx") if openpyxl is not None else (".csv",)
FILE_TYPES = _("CSV or XLSX") if openpyxl is not None else "CSV"

#: Rows written per INSERT.
BATCH_SIZE = 2000

#: Errors kept in a report; the rest are only counted.
MAX_REPORTED_ERRORS = 100

# How much of a bad cell an error message quotes.
_QUOTE_LENGTH = 40

Line = tuple[int, list[str]]


@dataclass
class ImportReport:
    """The outcome of an upload.

    ``errors`` are ``(line, message)`` pairs, the line being the file's line number (the
    header is line 1) or ``None`` for the file as a whole; at most ``MAX_REPORTED_ERRORS`` are
    kept and ``error_count`` counts them all. ``row_count`` is the number of rows imported: 0
    whenever there is an error, since then nothing is imported.
    """

    errors: list[tuple[int | None, str]] = field(default_factory=list)
    error_count: int = 0
    row_count: int = 0

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def add_error(self, line: int | None, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append((line, str(message)))


class _Stop(Exception):
    """The file cannot be read further; the error is already reported."""


def import_dataset(dataset: Dataset, fileobj, filename: str) -> ImportReport:
    """Check the CSV or XLSX file ``fileobj`` (named ``filename``) and, if it has no error,
    make its rows the dataset's only rows and update ``row_count`` and ``uploaded_at``.

    Nothing is raised for a bad file, whatever is wrong with it: the report says what.
    """
    if dataset.pk is None:
        raise ValueError("Save the dataset before importing rows into it.")
    report = ImportReport()
    try:
        validate_columns(dataset.columns)
    except ValidationError:
        report.add_error(None, _("The dataset's columns are not well defined; correct them first."))
        return report

    content = _read_capped(fileobj, settings.ESERVICES_DATASET_MAX_BYTES)
    if content is None:
        report.add_error(
            None,
            _("The file is larger than %(limit)s MB.")
            % {"limit": _megabytes(settings.ESERVICES_DATASET_MAX_BYTES)},
        )
        return report

    extension = os.path.splitext(filename or "")[1].lower()
    if extension not in EXTENSIONS:
        report.add_error(
            None,
            _("Upload a %(types)s file.") % {"types": FILE_TYPES},
        )
        return report
    lines = _csv_lines(content, report) if extension == ".csv" else _xlsx_lines(content, report)

    try:
        rows = _checked_rows(dataset, lines, report)
    except _Stop:
        rows = []
    if report.ok:
        _replace_rows(dataset, rows)
        report.row_count = len(rows)
    return report


def _megabytes(size: int) -> str:
    return "%g" % round(size / (1024 * 1024), 1)


def _read_capped(fileobj, limit: int) -> bytes | None:
    """The file's bytes, or None when it has more than ``limit`` of them."""
    size = getattr(fileobj, "size", None)
    if isinstance(size, int) and size > limit:
        return None
    if hasattr(fileobj, "seek"):
        fileobj.seek(0)
    content = fileobj.read(limit + 1)
    if isinstance(content, str):
        content = content.encode("utf-8")
    return None if len(content) > limit else content


def _csv_lines(content: bytes, report: ImportReport) -> Iterator[Line]:
    """``(first line number, cells)`` of each CSV record; a cell may span lines if quoted."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        report.add_error(
            line, _("The file is not UTF-8 text; save it as “CSV UTF-8” and upload it again.")
        )
        raise _Stop from None
    reader = csv.reader(io.StringIO(text, newline=""))
    line = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error:
            report.add_error(line, _("This line is not valid CSV."))
            raise _Stop from None
        yield line, cells
        line = reader.line_num + 1


def _xlsx_lines(content: bytes, report: ImportReport) -> Iterator[Line]:
    """``(row number, cells as text)`` of each row of the workbook's first sheet."""
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of error for a damaged or foreign file
        report.add_error(None, _("The file could not be read as an Excel (XLSX) workbook."))
        raise _Stop from None
    try:
        sheet = workbook.worksheets[0]
        # Some programs write a wrong sheet size; read what is there instead.
        sheet.reset_dimensions()
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [_xlsx_text(value) for value in values]
    except _Stop:
        raise
    except Exception:
        report.add_error(None, _("The file could not be read as an Excel (XLSX) workbook."))
        raise _Stop from None
    finally:
        workbook.close()


def _xlsx_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _header_name(cell: str) -> str:
    return normalize_text(cell).strip()


def _quote(value: str) -> str:
    return value if len(value) <= _QUOTE_LENGTH else value[: _QUOTE_LENGTH - 1] + "…"


def _checked_rows(
    dataset: Dataset, lines: Iterator[Line], report: ImportReport
) -> list[tuple[str, dict]]:
    """Every data row as ``(key, data)``, with each problem added to ``report``."""
    try:
        header_line, header = next(lines)
    except StopIteration:
        report.add_error(None, _("The file is empty."))
        return []
    columns = dataset.column_specs()
    names = [_header_name(cell) for cell in header]
    while names and not names[-1]:
        names.pop()

    positions: dict[str, int] = {}
    for position, name in enumerate(names):
        if not name:
            continue
        if name in positions:
            report.add_error(
                header_line,
                _("The column %(column)s appears twice in the header.") % {"column": name},
            )
        positions.setdefault(name, position)
    key_column = _header_name(dataset.key_column)
    if key_column not in positions:
        report.add_error(
            header_line,
            _("The header has no %(column)s column, the dataset's key.") % {"column": key_column},
        )
    missing = [
        column.key
        for column in columns
        if _header_name(column.key) not in positions and _header_name(column.key) != key_column
    ]
    if missing:
        report.add_error(
            header_line,
            _("The header lacks these columns: %(columns)s.") % {"columns": ", ".join(missing)},
        )
    if not report.ok:
        return []

    key_position = positions[key_column]
    wanted = [(column, positions[_header_name(column.key)]) for column in columns]
    max_rows = settings.ESERVICES_DATASET_MAX_ROWS
    first_lines: dict[str, int] = {}
    rows: list[tuple[str, dict]] = []
    data_rows = 0
    for line, cells in lines:
        if not any(cell.strip() for cell in cells):
            continue
        data_rows += 1
        if data_rows > max_rows:
            report.add_error(
                line, _("The file has more than %(limit)s rows.") % {"limit": max_rows}
            )
            raise _Stop
        row = _checked_row(line, cells, len(names), key_position, wanted, first_lines, report)
        if row is not None:
            rows.append(row)
    if not data_rows:
        report.add_error(None, _("The file has no rows under its header."))
    return rows


def _checked_row(
    line: int,
    cells: list[str],
    width: int,
    key_position: int,
    wanted: list,
    first_lines: dict[str, int],
    report: ImportReport,
) -> tuple[str, dict] | None:
    """``(key, data)`` of one line, or None with its problems added to ``report``."""
    errors = report.error_count
    if any(cell.strip() for cell in cells[width:]):
        report.add_error(
            line,
            _("This line has more cells than the header has columns (%(columns)s).")
            % {"columns": width},
        )
        return None

    def cell(position: int) -> str:
        return cells[position] if position < len(cells) else ""

    key = normalize_key(cell(key_position))
    if not key:
        report.add_error(line, _("The key is empty."))
    elif len(key) > KEY_MAX_LENGTH:
        report.add_error(
            line, _("The key is longer than %(limit)s characters.") % {"limit": KEY_MAX_LENGTH}
        )
    elif key in first_lines:
        report.add_error(
            line,
            _("The key %(key)s is already on line %(line)s.")
            % {"key": _quote(key), "line": first_lines[key]},
        )
    else:
        first_lines[key] = line

    data = {}
    for column, position in wanted:
        text = clean_user_text(cell(position)).strip()
        try:
            data[column.key] = parse_value(column.type, text)
        except ValueError:
            if column.type in NUMBER_TYPES:
                message = _("Column %(column)s: “%(value)s” is not a number.")
            else:  # only numbers and dates can fail to parse
                message = _(
                    "Column %(column)s: “%(value)s” is not a date like 2024-07-29 or 1403/05/08."
                )
            report.add_error(line, message % {"column": column.key, "value": _quote(text)})
    if report.error_count > errors:
        return None
    return key, data


def _replace_rows(dataset: Dataset, rows: list[tuple[str, dict]]) -> None:
    """Make ``rows`` the dataset's only rows, in one transaction."""
    with transaction.atomic():
        # Two uploads to the same dataset at once would otherwise mix their rows.
        Dataset.objects.select_for_update().filter(pk=dataset.pk).first()
        DatasetRow.objects.filter(dataset_id=dataset.pk).delete()
        for start in range(0, len(rows), BATCH_SIZE):
            DatasetRow.objects.bulk_create(
                DatasetRow(dataset_id=dataset.pk, key=key, data=data)
                for key, data in rows[start : start + BATCH_SIZE]
            )
        uploaded_at = timezone.now()
        Dataset.objects.filter(pk=dataset.pk).update(row_count=len(rows), uploaded_at=uploaded_at)
    dataset.row_count = len(rows)
    dataset.uploaded_at = uploaded_at
