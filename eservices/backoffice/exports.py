"""Spreadsheet exports (CSV and XLSX) that stream and never turn a cell into a formula (R7).

The staff inbox exports whatever filter is on screen, which may be every request ever made, so
both formats are generators of ``bytes``: rows are read one at a time and written out in chunks
of about ``CHUNK_SIZE`` bytes, and memory does not grow with the number of rows
(``bench/export_memory.py`` measures it). Serve them with ``export_response``.

Rows are mappings; each ``Column`` names the key its value is read from. Every value goes
through ``safe_cell`` first. Pass numbers as numbers and identifiers (national codes, mobiles,
tracking numbers) as strings, so leading zeros survive. For a moment in time, ``date_cells``
gives the Jalali and the ISO 8601 text for two columns.

Under ASGI, Django reads a synchronous stream into memory before sending it; serve exports
from WSGI workers to keep memory flat.
"""

import csv
import datetime
import math
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from urllib.parse import quote

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.http import content_disposition_header

from eservices.core.persian import (
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


def date_cells(
    value: datetime.date | None, tz: datetime.tzinfo | None = None
) -> tuple[str | None, str | None]:
    """The Jalali and the ISO 8601 text of a date or a moment, for two export columns.

    A moment is shown in ``tz`` (by default the current time zone), as ``1405/09/06 14:30``
    and ``2026-11-27T14:30:00+03:30``; a naive one is taken to be in ``tz`` already. A date
    gives ``1405/09/06`` and ``2026-11-27``. Digits are ASCII so that spreadsheets sort the
    Jalali text correctly. ``None`` gives two empty cells.
    """
    if value is None:
        return None, None
    if not isinstance(value, datetime.datetime):
        return jalali_date_string(value), value.isoformat()
    tz = tz or timezone.get_current_timezone()
    local = value.astimezone(tz) if timezone.is_aware(value) else value.replace(tzinfo=tz)
    return jalali_datetime_string(local.replace(tzinfo=None)), local.isoformat(timespec="seconds")


# --- CSV ---------------------------------------------------------------------------------------


def csv_stream(columns: list[Column], rows: Iterable[Row]) -> Iterator[bytes]:
    """UTF-8 CSV with a byte order mark (so Excel reads Persian), CRLF rows, quoted as needed.

    The header is yielded before the first row is read, so the download starts at once.
    Booleans are written ``TRUE``/``FALSE`` and dates in ISO 8601, which spreadsheets read.
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
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


class _Sink:
    """A write-only file that keeps what it is given only until it is drained.

    ``zipfile`` writes bytes to it; it has no ``tell`` or ``seek``, so ``zipfile`` never goes
    back to patch a header. The ``csv`` module writes text, which is stored as UTF-8.
    """

    def __init__(self) -> None:
        self._parts: list[bytes] = []
        self.size = 0

    def write(self, data: bytes | str) -> int:
        encoded = data.encode() if isinstance(data, str) else bytes(data)
        self._parts.append(encoded)
        self.size += len(encoded)
        return len(data)

    def flush(self) -> None:
        pass

    def drain(self) -> bytes:
        data = b"".join(self._parts)
        self._parts.clear()
        self.size = 0
        return data


# --- XLSX --------------------------------------------------------------------------------------

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_SHEET_PATH = "xl/worksheets/sheet1.xml"

_PACKAGE_PARTS = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        f'<Override PartName="/{_SHEET_PATH}" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        f'<Relationships xmlns="{_PKG_REL_NS}">'
        f'<Relationship Id="rId1" Type="{_REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    ),
    "xl/workbook.xml": (
        f'<workbook xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}">'
        "<bookViews><workbookView/></bookViews>"
        '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets>'
        "</workbook>"
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<Relationships xmlns="{_PKG_REL_NS}">'
        f'<Relationship Id="rId1" Type="{_REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_REL_NS}/styles" Target="styles.xml"/>'
        "</Relationships>"
    ),
    # Cell formats (the s="…" of a cell): 0 plain, 1 bold header, 2 date, 3 date and time.
    "xl/styles.xml": (
        f'<styleSheet xmlns="{_MAIN_NS}">'
        '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
        '<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>'
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
        '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        "</cellStyleXfs>"
        '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        "</cellXfs>"
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    ),
}
_HEADER_STYLE, _DATE_STYLE, _DATETIME_STYLE = 1, 2, 3
_EXCEL_EPOCH = datetime.datetime(1899, 12, 30)
# Excel refuses a workbook whose cell holds more than 32,767 UTF-16 code units.
_EXCEL_MAX_CELL_UNITS = 32_767
# Excel reads _xHHHH_ in cell text as the character U+HHHH (ECMA-376 ST_Xstring); escaping the
# underscore keeps such text literal, so "_x202E_" cannot become a bidi override in Excel.
_OOXML_ESCAPE_LIKE = re.compile("_(?=x[0-9A-Fa-f]{4}_)")


def xlsx_stream(columns: list[Column], rows: Iterable[Row], *, rtl: bool = True) -> Iterator[bytes]:
    """A one-sheet .xlsx workbook, written while the rows are read.

    openpyxl's write-only mode still keeps the whole sheet until it saves, so the package is
    written here with ``zipfile`` into a small buffer that is emptied whenever it holds
    ``CHUNK_SIZE`` bytes; an unseekable output makes ``zipfile`` use data descriptors. The
    sheet entry is plain ZIP, not ZIP64: Excel is reported to refuse ZIP64 local headers
    without sizes, which is what ``force_zip64=True`` writes when streaming (duckdb-excel#64,
    minizip-ng#894), and a sheet reaches the 4 GiB ZIP limit only with rows of about 4 KB
    each at Excel's 1,048,576 rows. Past that limit ``zipfile`` raises at the end.

    Strings are inline (no shared-strings table to hold in memory) and always typed as
    text, never as formulas. Dates and naive date-times are date cells; aware date-times
    are ISO 8601 text, since Excel has no time zones. The header row is bold and frozen;
    ``rtl`` sets the sheet right to left.
    """
    sink = _Sink()
    letters = [_column_letters(index) for index in range(len(columns))]
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as package:
        for name, xml in _PACKAGE_PARTS.items():
            package.writestr(_zip_entry(name), _XML_DECLARATION + xml)
        with package.open(_zip_entry(_SHEET_PATH), "w") as sheet:
            header = [safe_cell(str(column.label)) for column in columns]
            sheet.write(_sheet_start(columns, rtl).encode())
            sheet.write(_xlsx_row(1, letters, header, style=_HEADER_STYLE).encode())
            yield sink.drain()
            for number, row in enumerate(rows, start=2):
                values = [safe_cell(row[column.key]) for column in columns]
                sheet.write(_xlsx_row(number, letters, values).encode())
                if sink.size >= CHUNK_SIZE:
                    yield sink.drain()
            sheet.write(b"</sheetData></worksheet>")
    yield sink.drain()


def _zip_entry(name: str) -> zipfile.ZipInfo:
    entry = zipfile.ZipInfo(name, date_time=datetime.datetime.now().timetuple()[:6])
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.external_attr = 0o644 << 16
    return entry


def _column_letters(index: int) -> str:
    """``A`` for 0, ``Z`` for 25, ``AA`` for 26 …"""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _sheet_start(columns: list[Column], rtl: bool) -> str:
    direction = ' rightToLeft="1"' if rtl else ""
    widths = "".join(
        f'<col min="{index}" max="{index}" width="{column.width:g}" customWidth="1"/>'
        for index, column in enumerate(columns, start=1)
        if column.width
    )
    return (
        f'{_XML_DECLARATION}<worksheet xmlns="{_MAIN_NS}">'
        f'<sheetViews><sheetView workbookViewId="0"{direction}>'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        "</sheetView></sheetViews>"
        f"{f'<cols>{widths}</cols>' if widths else ''}<sheetData>"
    )


def _xlsx_row(number: int, letters: list[str], values: list[CellValue], style: int = 0) -> str:
    cells = "".join(
        _xlsx_cell(f"{letter}{number}", value, style)
        for letter, value in zip(letters, values, strict=True)
    )
    return f'<row r="{number}">{cells}</row>'


def _xlsx_cell(ref: str, value: CellValue, style: int) -> str:
    """One ``<c>`` element; nothing for ``None`` and ``""``, which leave the cell blank."""
    styled = f' s="{style}"' if style else ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = value.isoformat()
    if isinstance(value, str):
        return value and f'<c r="{ref}"{styled} t="inlineStr"><is>{_xlsx_text(value)}</is></c>'
    if value is None:
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}"{styled} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, datetime.date):
        date_style = _DATETIME_STYLE if isinstance(value, datetime.datetime) else _DATE_STYLE
        return f'<c r="{ref}" s="{date_style}"><v>{_excel_serial(value)}</v></c>'
    return f'<c r="{ref}"{styled}><v>{value}</v></c>'


def _excel_serial(value: datetime.date) -> float:
    """Days since Excel's epoch, the fraction being the time of day."""
    if not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, datetime.time())
    return (value - _EXCEL_EPOCH) / datetime.timedelta(days=1)


def _xlsx_text(text: str) -> str:
    text = _fit_excel_cell(text)
    escaped = _OOXML_ESCAPE_LIKE.sub("_x005F_", text) if "_x" in text else text
    escaped = escaped.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f"<t{space}>{escaped}</t>"


def _fit_excel_cell(text: str) -> str:
    """The text cut to what an Excel cell holds; a longer one makes Excel repair the file."""
    if len(text) <= _EXCEL_MAX_CELL_UNITS // 2:
        return text  # even if every character needed two UTF-16 code units
    units = text.encode("utf-16-le")
    if len(units) <= 2 * _EXCEL_MAX_CELL_UNITS:
        return text
    return units[: 2 * _EXCEL_MAX_CELL_UNITS].decode("utf-16-le", "ignore")


# --- HTTP --------------------------------------------------------------------------------------

_FORMATS = {"csv": CSV_CONTENT_TYPE, "xlsx": XLSX_CONTENT_TYPE}
_PATH_SEPARATORS = re.compile(r"[/\\]")
_NOT_PORTABLE = re.compile(r"[^A-Za-z0-9._-]+")


def export_response(
    columns: list[Column], rows: Iterable[Row], fmt: str, filename: str, *, rtl: bool = True
) -> StreamingHttpResponse:
    """A download of the rows as ``fmt`` (``"csv"`` or ``"xlsx"``), named ``filename.fmt``.

    Column labels are translated here, while the request's language is active: the body is
    produced later, when the server iterates the response. The file is an attachment, is
    never sniffed as another type and is not kept by any cache.
    """
    if fmt not in _FORMATS:
        raise ValueError("Unknown export format %r; use one of %s." % (fmt, sorted(_FORMATS)))
    columns = [replace(column, label=str(column.label)) for column in columns]
    stream = csv_stream(columns, rows) if fmt == "csv" else xlsx_stream(columns, rows, rtl=rtl)
    response = StreamingHttpResponse(stream, content_type=_FORMATS[fmt])
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
