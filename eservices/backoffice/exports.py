"""Spreadsheet exports (CSV and XLSX) whose memory stays flat and whose cells never become
formulas (R7).

The staff inbox exports whatever filter is on screen, which may be every request ever made, so
neither format holds the rows in memory (``bench/export_memory.py`` measures it):

* CSV is a generator of ``bytes``: rows are read one at a time and written out in chunks of
  about ``CHUNK_SIZE`` bytes, and the header leaves before the first row is read.
* XLSX is written by openpyxl in write-only mode, which writes each row to a temporary sheet
  file as it is appended; saving zips that file into a second temporary file, which the
  response then streams back in chunks (a ``FileResponse``, with its ``Content-Length``).
  The price is disk space in the temporary directory (about the sheet's XML plus the
  compressed workbook, for as long as the download lasts) and no byte before the last row has
  been read.

Serve them with ``export_response``. Rows are mappings; each ``Column`` names the key its value
is read from. Every value goes through ``safe_cell`` first. Pass numbers as numbers and
identifiers (national codes, mobiles, tracking numbers) as strings, so leading zeros survive.
For a date or a moment, ``date_cell`` gives the one cell staff read it from.

Under ASGI, Django reads a synchronous stream (a ``FileResponse`` too) into memory before
sending it; serve exports from WSGI workers to keep memory flat.
"""

import contextlib
import csv
import datetime
import math
import re
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import IO
from urllib.parse import quote

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from eservices.core.persian import (
    is_persian,
    jalali_date_string,
    jalali_datetime_string,
    normalize_digits,
    strip_control_characters,
)

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK_SIZE = 64 * 1024

CellValue = str | int | float | Decimal | bool | datetime.date | None
Row = Mapping[str, object]


@dataclass(frozen=True)
class Column:
    """One column: the row key its values come from, its header and, in XLSX, its width.

    ``label`` may be a lazy translation; ``export_response`` turns it into text in the
    language of the request. ``width`` is in characters of the default font.
    """

    key: str
    label: str | Promise
    width: float | None = None


# --- Cells -------------------------------------------------------------------------------------

# What spreadsheets take as the start of a formula (R7), and their fullwidth forms, which some
# Excel input methods accept too. TAB, CR and NUL never reach a cell: see ``_clean_text``.
_FORMULA_START = "=+\\-@\uff1d\uff0b\uff0d\uff20"
# Characters a reader does not see before the first visible one: whitespace, soft hyphen,
# Arabic letter mark, zero-width characters, LRM/RLM, word joiner and invisible operators, BOM.
_INVISIBLE_LEAD = "\\s\u00ad\u061c\u200b-\u200f\u2060-\u2064\ufeff"
_LOOKS_LIKE_FORMULA = re.compile(f"[{_INVISIBLE_LEAD}]*[{_FORMULA_START}]")
# C0 controls except LF, C1 controls, bidi embeddings/overrides/isolates (R8), lone surrogates
# (which no UTF-8 encoder accepts) and U+FFFE/U+FFFF (not characters in XML 1.0).
_NEEDS_CLEANING = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)
_LINE_BREAK = re.compile("\r\n?")
_NOT_XML_CHARACTER = re.compile("[\ud800-\udfff\ufffe\uffff]")
_NATIVE_TYPES = (bool, int, float, Decimal, datetime.date)


def safe_cell(value: object) -> CellValue:
    """The value as it may be written to a spreadsheet (docs/security.md R7, R8).

    Finite numbers, booleans, dates and ``None`` are kept as they are, so they are written
    natively. Anything else becomes text: line breaks become LF (the only control character
    a cell keeps), TAB becomes a space, other C0/C1 control characters, bidi embeddings,
    overrides and isolates, and characters XML cannot hold are removed. Then, if the first
    visible character is ``=``, ``+``, ``-`` or ``@``, the text is prefixed with ``'`` so it
    stays text. The check runs on the cleaned text and looks past leading whitespace and
    invisible characters: a spreadsheet that trims them on import (LibreOffice's "trim spaces")
    would otherwise meet a formula in ``" =1+1"``. The apostrophe stays visible; that is the
    price of R7, and why numbers should be passed as numbers.
    """
    if value is None or (isinstance(value, _NATIVE_TYPES) and _is_finite(value)):
        return value
    text = str(value)
    if _NEEDS_CLEANING.search(text):
        text = _clean_text(text)
    if _LOOKS_LIKE_FORMULA.match(text):
        text = "'" + text
    return text


def _is_finite(value: object) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, Decimal):
        return value.is_finite()
    return True


def _clean_text(text: str) -> str:
    """Text with LF as its only control character.

    TAB becomes a space rather than vanishing, so the words it separated stay apart; CR and
    CRLF become LF, so a line break typed on any system stays one.
    """
    text = _LINE_BREAK.sub("\n", text).replace("\t", " ")
    return _NOT_XML_CHARACTER.sub("", strip_control_characters(text))


def date_cell(
    value: datetime.date | None,
    tz: datetime.tzinfo | None = None,
    *,
    jalali: bool | None = None,
) -> str | datetime.date | None:
    """One cell for a date or a moment, written the way staff read dates.

    In Persian (``jalali`` defaults to whether the active language is Persian) it is the Jalali
    text, ``1403/05/08`` for a date and ``1403/05/08 14:30`` for a moment. Otherwise it is the
    Gregorian date or moment itself, which the writers give as a typed date cell in XLSX (shown
    ``2024-07-29 14:30``) and as ISO 8601 text in CSV (``2024-07-29 14:30``, which spreadsheets
    read as a date). A moment is taken to the minute, as the inbox shows it, in ``tz`` (by
    default the current time zone: the staff member's); a naive one is taken to be in ``tz``
    already. ``None`` gives an empty cell.

    The Jalali text has ASCII digits, not the Persian digits the admin's pages show
    (``۱۴۰۳/۰۵/۰۸``). A cell is data staff go on working with: they sort and filter it, search
    it, cut the year out of it with a formula, paste it into other systems' sheets, and every
    other figure of the export (tracking number, national code, mobile, amounts) is ASCII as
    it is stored. Formulas (``VALUE``, ``LEFT`` compared with a number) and most tools do not
    read Persian digits, and "1403" typed on a Latin keyboard does not find "۱۴۰۳". Zero-padded
    from the year down, the text sorts in time order as plain text. Excel has no Solar Hijri
    date type, so Jalali dates cannot be typed date cells.
    """
    if value is None:
        return None
    if jalali is None:
        jalali = is_persian()
    if isinstance(value, datetime.datetime):
        tz = tz or timezone.get_current_timezone()
        local = value.astimezone(tz) if timezone.is_aware(value) else value.replace(tzinfo=tz)
        local = local.replace(tzinfo=None, second=0, microsecond=0)
        return jalali_datetime_string(local) if jalali else local
    return jalali_date_string(value) if jalali else value


# --- CSV ---------------------------------------------------------------------------------------


def csv_stream(columns: list[Column], rows: Iterable[Row]) -> Iterator[bytes]:
    """UTF-8 CSV with a byte order mark (so Excel reads Persian), CRLF rows, quoted as needed.

    The header is yielded before the first row is read, so the download starts at once.
    Booleans are written ``TRUE``/``FALSE``, dates and moments in ISO 8601 with a space
    before the time (``2026-11-27 14:30``), which spreadsheets read as dates; a moment with a
    time zone keeps its offset (``2026-11-27T14:30:00+03:30``), as text.
    """
    sink = _Sink()
    writer = csv.writer(sink)
    sink.write("\ufeff")
    writer.writerow([safe_cell(str(column.label)) for column in columns])
    yield sink.drain()
    for row in rows:
        writer.writerow([_csv_field(safe_cell(row[column.key])) for column in columns])
        if sink.size >= CHUNK_SIZE:
            yield sink.drain()
    if sink.size:
        yield sink.drain()


def _csv_field(value: CellValue) -> object:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            return value.isoformat()
        return value.isoformat(sep=" ", timespec=_timespec(value))
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _timespec(moment: datetime.datetime) -> str:
    return "seconds" if moment.second or moment.microsecond else "minutes"


class _Sink:
    """A write-only text file that keeps what it is given, as UTF-8, until it is drained."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []
        self.size = 0

    def write(self, data: str) -> int:
        encoded = data.encode()
        self._parts.append(encoded)
        self.size += len(encoded)
        return len(data)

    def drain(self) -> bytes:
        data = b"".join(self._parts)
        self._parts.clear()
        self.size = 0
        return data


# --- XLSX --------------------------------------------------------------------------------------

_HEADER_FONT = Font(bold=True)
_DATE_FORMAT = "yyyy-mm-dd"
_MINUTE_FORMAT = "yyyy-mm-dd hh:mm"
_SECOND_FORMAT = "yyyy-mm-dd hh:mm:ss"
# Excel refuses a workbook whose cell holds more than 32,767 UTF-16 code units.
_EXCEL_MAX_CELL_UNITS = 32_767
# Excel reads _xHHHH_ in cell text as the character U+HHHH (ECMA-376 ST_Xstring); escaping the
# underscore keeps such text literal, so "_x202E_" cannot become a bidi override in Excel.
_OOXML_ESCAPE_LIKE = re.compile("_(?=x[0-9A-Fa-f]{4}_)")


def write_xlsx(
    columns: list[Column], rows: Iterable[Row], output: IO[bytes], *, rtl: bool = True
) -> None:
    """Write a one-sheet .xlsx workbook of the rows to ``output``, a seekable binary file.

    openpyxl's write-only workbook writes each row to its temporary sheet file as it is
    appended, so memory does not grow with the rows; ``save`` then zips that file into
    ``output`` and removes it (it is removed here too when a row fails).

    Every text cell is typed as a string: openpyxl would type a text starting with ``=`` as
    a formula and one such as ``#N/A`` as an error value, whatever ``safe_cell`` made of it.
    Numbers and booleans are typed cells; dates and naive moments are date cells shown in
    ISO 8601; aware moments are ISO 8601 text with their offset, since Excel has no time
    zones. The header row is bold and frozen; ``rtl`` sets the sheet right to left.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Sheet1")
    sheet.sheet_view.rightToLeft = rtl
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        if column.width:
            sheet.column_dimensions[get_column_letter(index)].width = column.width
    try:
        header = []
        for column in columns:
            cell = _xlsx_cell(sheet, safe_cell(str(column.label))) or WriteOnlyCell(sheet)
            cell.font = _HEADER_FONT
            header.append(cell)
        sheet.append(header)
        for row in rows:
            sheet.append([_xlsx_cell(sheet, safe_cell(row[column.key])) for column in columns])
        workbook.save(output)
    except BaseException:
        _remove_sheet_file(sheet)
        raise


def _xlsx_cell(sheet, value: CellValue) -> Cell | None:
    """A typed cell for ``value``; ``None`` (no cell) for ``None`` and ``""``."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = value.isoformat()
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, _xlsx_text(value))
        cell.data_type = "s"  # never "f" (formula) nor "e" (error value): R7
        return cell
    cell = WriteOnlyCell(sheet, value)
    if isinstance(value, datetime.datetime):
        cell.number_format = _SECOND_FORMAT if _timespec(value) == "seconds" else _MINUTE_FORMAT
    elif isinstance(value, datetime.date):
        cell.number_format = _DATE_FORMAT
    return cell


def _xlsx_text(text: str) -> str:
    text = _fit_excel_cell(text)
    return _OOXML_ESCAPE_LIKE.sub("_x005F_", text) if "_x" in text else text


def _fit_excel_cell(text: str) -> str:
    """The text cut to what an Excel cell holds; a longer one makes Excel repair the file."""
    if len(text) <= _EXCEL_MAX_CELL_UNITS // 2:
        return text  # even if every character needed two UTF-16 code units
    units = text.encode("utf-16-le")
    if len(units) <= 2 * _EXCEL_MAX_CELL_UNITS:
        return text
    return units[: 2 * _EXCEL_MAX_CELL_UNITS].decode("utf-16-le", "ignore")


def _remove_sheet_file(sheet) -> None:
    """Remove the temporary sheet file of a workbook that will not be saved.

    openpyxl removes it when it saves, and otherwise only when the process exits. Its row
    writer is closed first, then the file, so that nothing writes to the file afterwards.
    """
    writer = getattr(sheet, "_writer", None)
    if writer is None:
        return
    rows = getattr(sheet, "_rows", None)
    for close in (rows.close if rows is not None else None, writer.close, writer.cleanup):
        if close is not None:
            with contextlib.suppress(Exception):
                close()


def xlsx_file(columns: list[Column], rows: Iterable[Row], *, rtl: bool = True) -> IO[bytes]:
    """The workbook in an anonymous temporary file, read from its start.

    The file has no name on disk (it is removed when closed, or when the process ends), so
    closing it, as a ``FileResponse`` does once sent, is all the cleaning up there is.
    """
    output = tempfile.TemporaryFile()  # noqa: SIM115  (returned open, closed by its reader)
    try:
        write_xlsx(columns, rows, output, rtl=rtl)
        output.seek(0)
    except BaseException:
        output.close()
        raise
    return output


def xlsx_stream(columns: list[Column], rows: Iterable[Row], *, rtl: bool = True) -> Iterator[bytes]:
    """The workbook in chunks of ``CHUNK_SIZE`` bytes, once every row has been written."""
    with xlsx_file(columns, rows, rtl=rtl) as workbook:
        while chunk := workbook.read(CHUNK_SIZE):
            yield chunk


# --- HTTP --------------------------------------------------------------------------------------

_FORMATS = {"csv": CSV_CONTENT_TYPE, "xlsx": XLSX_CONTENT_TYPE}
_PATH_SEPARATORS = re.compile(r"[/\\]")
_NOT_PORTABLE = re.compile(r"[^A-Za-z0-9._-]+")


def export_response(
    columns: list[Column], rows: Iterable[Row], fmt: str, filename: str, *, rtl: bool = True
) -> StreamingHttpResponse:
    """A download of the rows as ``fmt`` (``"csv"`` or ``"xlsx"``), named ``filename.fmt``.

    Column labels are translated here, while the request's language is active. A CSV body is
    produced later, when the server iterates the response, so rows that depend on the
    language or time zone must not read them then (see the inbox's export); an XLSX
    workbook is written here, before this returns, into a temporary file that the response
    streams and closes. The file is an attachment, is never sniffed as another type and is
    not kept by any cache.
    """
    if fmt not in _FORMATS:
        raise ValueError("Unknown export format %r; use one of %s." % (fmt, sorted(_FORMATS)))
    columns = [replace(column, label=str(column.label)) for column in columns]
    if fmt == "csv":
        response = StreamingHttpResponse(csv_stream(columns, rows), content_type=CSV_CONTENT_TYPE)
    else:
        response = FileResponse(xlsx_file(columns, rows, rtl=rtl), content_type=XLSX_CONTENT_TYPE)
        response.block_size = CHUNK_SIZE
    response["Content-Disposition"] = _attachment_header(filename, fmt)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _attachment_header(stem: str, extension: str) -> str:
    """``attachment`` with an ASCII ``filename`` and, for other names, a UTF-8 ``filename*``.

    Persian digits become ASCII in the fallback and anything else outside ``[A-Za-z0-9._-]``
    an underscore, so old clients still get a usable name.
    """
    stem = _PATH_SEPARATORS.sub("_", " ".join(_clean_text(stem).split()))
    fallback = _NOT_PORTABLE.sub("_", normalize_digits(stem)).strip("_.-") or "export"
    header = content_disposition_header(True, f"{fallback}.{extension}")
    if fallback != stem:
        header += "; filename*=utf-8''%s" % quote(f"{stem}.{extension}", safe="")
    return header
