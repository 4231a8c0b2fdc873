"""Spreadsheet exports: no cell becomes a formula (R7), text stays inert (R8), memory stays flat."""

import csv
import datetime
import io
import os
import random
import re
import tempfile
import tracemalloc
import zipfile
import zoneinfo
from decimal import Decimal
from xml.etree import ElementTree

import openpyxl
import pytest
from django.utils import translation
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eservices.backoffice.exports import (
    CHUNK_SIZE,
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    Column,
    csv_stream,
    date_cell,
    export_response,
    safe_cell,
    xlsx_file,
    xlsx_stream,
)

TEHRAN = zoneinfo.ZoneInfo("Asia/Tehran")
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ONE_COLUMN = [Column("value", "Value")]


def csv_cells(columns, rows) -> list[list[str]]:
    """The CSV as a spreadsheet reads it: BOM dropped, rows split by the csv module."""
    data = b"".join(csv_stream(columns, rows))
    assert data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def xlsx_bytes(columns, rows, **options) -> bytes:
    return b"".join(xlsx_stream(columns, rows, **options))


def xlsx_sheet(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data)).active


def sheet_xml(data: bytes) -> ElementTree.Element:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return ElementTree.fromstring(package.read("xl/worksheets/sheet1.xml"))


def excel_text(value: str | None) -> str:
    """Cell text as Excel shows it: it decodes _xHHHH_ escapes, which openpyxl leaves alone."""
    return re.sub("_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m[1], 16)), value or "")


def one_value_exports(value) -> tuple[str, str]:
    """The value after a CSV and after an XLSX round trip."""
    rows = [{"value": value}]
    csv_value = csv_cells(ONE_COLUMN, rows)[1][0]
    xlsx_value = excel_text(xlsx_sheet(xlsx_bytes(ONE_COLUMN, rows))["A2"].value)
    return csv_value, xlsx_value


@pytest.mark.parametrize(
    "typed, written",
    [
        ("=1+1", "'=1+1"),
        ("+98 912 000 0000", "'+98 912 000 0000"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("\t=1+1", "' =1+1"),
        ("\r=1+1", "'\n=1+1"),
        ("\x00=1+1", "'=1+1"),
        (" =1+1", "' =1+1"),
        ("\n\n@x", "'\n\n@x"),
        ("\u200b=1+1", "'\u200b=1+1"),
        ("\u202e=1+1", "'=1+1"),
        ("\uff1d1+1", "'\uff1d1+1"),
        ("\tplain", " plain"),
        ("\rplain", "\nplain"),
        ("\x00plain", "plain"),
        ("1-2", "1-2"),
        ("'=already text", "'=already text"),
    ],
)
def test_a_cell_that_would_start_a_formula_is_written_as_text(typed, written):
    assert safe_cell(typed) == written
    assert one_value_exports(typed) == (written, written)


def test_markup_stays_literal_text():
    markup = '<script>alert(1)</script>"><svg onload=alert(1)>'
    assert safe_cell(markup) == markup
    assert one_value_exports(markup) == (markup, markup)
    data = xlsx_bytes(ONE_COLUMN, [{"value": markup}])
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in zipfile.ZipFile(io.BytesIO(data)).read(
        "xl/worksheets/sheet1.xml"
    )


def test_control_and_bidi_characters_are_removed_and_line_breaks_kept():
    assert safe_cell("a\x01b\x1bc\x7fd\x85e\u202ef\u2066g\u2069h\ud800i\uffffj") == "abcdefghij"
    assert safe_cell("one\r\ntwo\rthree\nfour") == "one\ntwo\nthree\nfour"
    assert safe_cell("tab\tseparated") == "tab separated"
    assert safe_cell("می\u200cخواهم") == "می\u200cخواهم"  # ZWNJ is part of Persian spelling


def test_every_control_character_still_gives_a_workbook_that_opens():
    nasty = "".join(map(chr, range(32))) + "\x7f\x80\x9f\u202a\u202e\u2066\u2069\ufffe"
    data = xlsx_bytes(ONE_COLUMN, [{"value": nasty + "متن"}])
    # TAB became a space, LF stayed and CR became LF; everything else is gone.
    assert xlsx_sheet(data)["A2"].value == " \n\nمتن"
    assert csv_cells(ONE_COLUMN, [{"value": nasty}])[1] == [" \n\n"]


def test_ooxml_escape_sequences_in_text_stay_literal_in_excel():
    data = xlsx_bytes(ONE_COLUMN, [{"value": "_x202E_ and _x0041_x0042_"}])
    raw = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "_x005F_x202E_ and _x005F_x0041_x005F_x0042_" in raw
    assert excel_text(xlsx_sheet(data)["A2"].value) == "_x202E_ and _x0041_x0042_"


def test_numbers_dates_and_booleans_are_not_turned_into_text():
    moment = datetime.datetime(2026, 11, 27, 14, 30)
    for value in (7, -7, 2.5, Decimal("1.10"), True, None, datetime.date(2026, 11, 27), moment):
        assert safe_cell(value) is value
    with translation.override("en"):
        assert safe_cell(gettext_lazy("Tracking number")) == "Tracking number"
    assert safe_cell(float("nan")) == "nan"
    assert safe_cell(float("-inf")) == "'-inf"
    assert safe_cell(Decimal("-Infinity")) == "'-Infinity"


def test_xlsx_types_cells_and_never_writes_a_formula():
    columns = [Column(key, key.title()) for key in ("text", "int", "float", "dec", "flag", "day")]
    row = {
        "text": "=1+1",
        "int": -12,
        "float": 2.5,
        "dec": Decimal("1.25"),
        "flag": False,
        "day": datetime.date(2026, 11, 27),
    }
    data = xlsx_bytes(columns, [row, dict(row, text=None, flag=True)])
    sheet = xlsx_sheet(data)
    assert [cell.value for cell in sheet[2]] == [
        "'=1+1",
        -12,
        2.5,
        1.25,
        False,
        datetime.datetime(2026, 11, 27),
    ]
    assert [cell.data_type for cell in sheet[2]] == ["s", "n", "n", "n", "b", "d"]
    assert sheet["A3"].value is None and sheet["E3"].value is True
    assert sheet["F2"].number_format == "yyyy-mm-dd"
    xml = sheet_xml(data)
    assert xml.find(f".//{MAIN}f") is None
    for cell in xml.iter(f"{MAIN}c"):
        if cell.find(f"{MAIN}is") is not None:
            assert cell.get("t") == "inlineStr"  # inline: no shared-strings table in memory
        else:
            assert cell.get("t") in ("n", "b")  # numbers (dates too) and booleans only


@pytest.mark.parametrize("text", ["=1+1", "#N/A", "#REF!", "#DIV/0!", "#NAME?", "#VALUE!"])
def test_text_is_a_string_cell_even_where_openpyxl_would_guess_a_formula_or_an_error(text):
    """Catches: text handed to openpyxl as a plain value, which types "=…" as a formula and
    "#N/A" as an error value (safe_cell is not enough for the second)."""
    data = xlsx_bytes([Column("value", text)], [{"value": text}])
    sheet = xlsx_sheet(data)
    assert [(cell.value, cell.data_type) for cell in sheet["A"]] == [(safe_cell(text), "s")] * 2
    assert sheet_xml(data).find(f".//{MAIN}f") is None


def test_naive_moments_are_date_cells_and_aware_ones_keep_their_offset_as_text():
    naive = datetime.datetime(2026, 11, 27, 14, 30)
    aware = datetime.datetime(2026, 11, 27, 14, 30, tzinfo=TEHRAN)
    columns = [Column("naive", "Naive"), Column("aware", "Aware")]
    rows = [{"naive": naive, "aware": aware}]
    assert xlsx_sheet(xlsx_bytes(columns, rows))["A2"].value == naive
    assert xlsx_sheet(xlsx_bytes(columns, rows))["B2"].value == "2026-11-27T14:30:00+03:30"
    assert csv_cells(columns, rows)[1] == ["2026-11-27 14:30", "2026-11-27T14:30:00+03:30"]
    with_seconds = [{"naive": naive.replace(second=5), "aware": None}]
    assert csv_cells(columns, with_seconds)[1] == ["2026-11-27 14:30:05", ""]
    assert xlsx_sheet(xlsx_bytes(columns, with_seconds))["A2"].number_format == (
        "yyyy-mm-dd hh:mm:ss"
    )
    assert xlsx_sheet(xlsx_bytes(columns, rows))["A2"].number_format == "yyyy-mm-dd hh:mm"


def test_xlsx_sheet_is_right_to_left_with_a_bold_frozen_header_and_widths():
    columns = [Column("a", "پیگیری", width=18), Column("b", "B")]
    sheet = xlsx_sheet(xlsx_bytes(columns, []))
    assert sheet.sheet_view.rightToLeft
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].value == "پیگیری" and sheet["A1"].font.b
    assert sheet.column_dimensions["A"].width == 18
    assert not xlsx_sheet(xlsx_bytes(columns, [], rtl=False)).sheet_view.rightToLeft


def test_xlsx_holds_the_parts_libreoffice_and_excel_need():
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes(ONE_COLUMN, [{"value": 1}]))) as package:
        assert package.testzip() is None
        assert {
            "[Content_Types].xml",
            "_rels/.rels",
            "xl/workbook.xml",
            "xl/_rels/workbook.xml.rels",
            "xl/styles.xml",
            "xl/worksheets/sheet1.xml",
        } <= set(package.namelist())
        assert "xl/sharedStrings.xml" not in package.namelist() or b"<si>" not in package.read(
            "xl/sharedStrings.xml"
        )


def test_xlsx_cuts_text_to_what_an_excel_cell_holds():
    data = xlsx_bytes(ONE_COLUMN, [{"value": "ب" * 40_000}, {"value": "😀" * 20_000}])
    sheet = xlsx_sheet(data)
    assert sheet["A2"].value == "ب" * 32_767
    assert sheet["A3"].value == "😀" * 16_383  # two UTF-16 units each


def test_persian_text_round_trips_in_both_formats():
    columns = [Column("name", "نام و نام خانوادگی"), Column("note", "شرح")]
    rows = [{"name": "زهرا کریمی", "note": 'قبض «برق»، ماه ۱۲\nسطر دوم, با "نقل‌قول"'}]
    assert csv_cells(columns, rows) == [
        ["نام و نام خانوادگی", "شرح"],
        ["زهرا کریمی", 'قبض «برق»، ماه ۱۲\nسطر دوم, با "نقل‌قول"'],
    ]
    sheet = xlsx_sheet(xlsx_bytes(columns, rows))
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == csv_cells(columns, rows)


def test_csv_rows_end_with_crlf_and_write_booleans_and_dates_as_spreadsheets_read_them():
    columns = [Column("flag", "Flag"), Column("day", "Day"), Column("empty", "Empty")]
    rows = [{"flag": True, "day": datetime.date(2026, 11, 27), "empty": None}]
    data = b"".join(csv_stream(columns, rows))
    assert data == "\ufeffFlag,Day,Empty\r\nTRUE,2026-11-27,\r\n".encode()


def consumption_at_each_chunk(stream_function, total: int) -> list[int]:
    """How many rows had been read each time the stream gave out a chunk."""
    rng = random.Random(1405)
    consumed = 0

    def rows():
        nonlocal consumed
        for number in range(total):
            consumed += 1
            yield {
                "tracking": str(rng.randrange(10**12, 10**13)),
                "name": "درخواست شماره %d" % number,
                "amount": rng.randrange(10**9),
            }

    columns = [Column("tracking", "Tracking"), Column("name", "Name"), Column("amount", "Amount")]
    counts = []
    for chunk in stream_function(columns, rows()):
        assert chunk
        counts.append(consumed)
    return counts


def test_a_large_csv_streams_in_chunks_while_rows_are_read():
    total = 30_000
    counts = consumption_at_each_chunk(csv_stream, total)
    assert counts[0] == 0  # the header leaves before the first row is read
    assert len(counts) > 3
    assert any(0 < count < total // 2 for count in counts)  # rows go out while more are read


def test_a_large_xlsx_is_written_to_disk_then_sent_in_chunks(db):  # close() ends a request
    """Catches: the workbook built in memory (openpyxl's default workbook, or a BytesIO)
    instead of openpyxl's write-only sheet file and a temporary file streamed back."""
    counts = consumption_at_each_chunk(xlsx_stream, 30_000)
    assert len(counts) > 3 and set(counts) == {30_000}  # every row first, then the chunks
    response = export_response(ONE_COLUMN, ({"value": n} for n in range(30_000)), "xlsx", "r")
    workbook = response.file_to_stream
    assert os.fstat(workbook.fileno()).st_size == int(response["Content-Length"]) > CHUNK_SIZE
    chunks = list(response.streaming_content)
    assert len(chunks) > 1 and all(len(chunk) <= CHUNK_SIZE for chunk in chunks)
    assert len(b"".join(chunks)) == int(response["Content-Length"])
    response.close()
    assert workbook.closed


def test_xlsx_temporary_files_are_removed_whether_the_export_succeeds_or_fails(
    monkeypatch, tmp_path
):
    """Catches: openpyxl's temporary sheet file left behind (until the process exits) when
    reading the rows fails half-way, e.g. the database goes away during a long export."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    def rows(fail: bool):
        for number in range(2_000):
            if fail and number == 1_000:
                raise ConnectionError("the database went away")
            yield {"value": "ردیف %d" % number}

    with xlsx_file(ONE_COLUMN, rows(fail=False)) as workbook:
        assert xlsx_sheet(workbook.read())["A2001"].value == "ردیف 1999"
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ConnectionError):
        xlsx_file(ONE_COLUMN, rows(fail=True))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("stream_function", [csv_stream, xlsx_stream])
def test_memory_does_not_grow_with_the_number_of_rows(stream_function):
    def peak(total: int) -> int:
        rows = ({"a": "ردیف %d" % n, "b": n, "c": "x" * (n % 50)} for n in range(total))
        columns = [Column("a", "A"), Column("b", "B"), Column("c", "C")]
        tracemalloc.start()
        try:
            for _chunk in stream_function(columns, rows):
                pass
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    small, large = peak(5_000), peak(50_000)
    assert large < small * 1.25 + CHUNK_SIZE
    assert large < 1536 * 1024


export_text = st.one_of(
    st.text(),
    st.builds(
        str.__add__,
        st.sampled_from(["=", "+", "-", "@", "\t", "\r", "\x00", " ", "\u200b", "\u202e", "_x"]),
        st.text(),
    ),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=export_text)
def test_any_text_exports_as_text_that_is_not_a_formula(text):
    csv_value, xlsx_value = one_value_exports(text)
    assert csv_value == xlsx_value == safe_cell(text)
    assert not csv_value.lstrip().startswith(FORMULA_STARTS)
    cell = xlsx_sheet(xlsx_bytes(ONE_COLUMN, [{"value": text}]))["A2"]
    assert cell.data_type == "s" or (cell.value is None and safe_cell(text) == "")


def test_date_cell_is_jalali_text_in_persian_and_the_gregorian_date_otherwise():
    """Catches: a date in two columns again, Persian digits in a Jalali cell (formulas, tools
    and a Latin keyboard's "1403" do not read them), or a moment left in UTC."""
    moment = datetime.datetime(2026, 11, 27, 11, 0, 42, tzinfo=datetime.UTC)
    assert date_cell(moment, TEHRAN, jalali=True) == "1405/09/06 14:30"
    assert date_cell(moment, datetime.UTC, jalali=True) == "1405/09/06 11:00"
    assert date_cell(moment, TEHRAN, jalali=False) == datetime.datetime(2026, 11, 27, 14, 30)
    naive = datetime.datetime(2026, 11, 27, 14, 30, 59, 999)
    assert date_cell(naive, TEHRAN, jalali=True) == "1405/09/06 14:30"
    assert date_cell(naive, TEHRAN, jalali=False) == datetime.datetime(2026, 11, 27, 14, 30)
    day = datetime.date(2024, 7, 29)
    assert date_cell(day, jalali=True) == "1403/05/08"
    assert date_cell(day, jalali=False) is day
    assert date_cell(None) is None
    rows = [{"value": date_cell(moment, TEHRAN, jalali=False)}]
    assert csv_cells(ONE_COLUMN, rows)[1] == ["2026-11-27 14:30"]
    assert xlsx_sheet(xlsx_bytes(ONE_COLUMN, rows))["A2"].is_date


def test_date_cell_follows_the_active_language_and_time_zone(settings):
    settings.TIME_ZONE = "Asia/Tehran"
    moment = datetime.datetime(2026, 3, 20, 20, 30, tzinfo=datetime.UTC)
    with translation.override("fa"):
        assert date_cell(moment) == "1405/01/01 00:00"
    with translation.override("en"):
        assert date_cell(moment) == datetime.datetime(2026, 3, 21, 0, 0)


@pytest.mark.parametrize(
    "fmt, content_type", [("csv", CSV_CONTENT_TYPE), ("xlsx", XLSX_CONTENT_TYPE)]
)
def test_export_response_is_a_private_streamed_attachment(fmt, content_type):
    response = export_response(ONE_COLUMN, iter([{"value": "=1"}]), fmt, "requests-1405-09-06")
    assert response.streaming
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="requests-1405-09-06.{fmt}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    data = b"".join(response.streaming_content)
    if fmt == "xlsx":
        assert response["Content-Length"] == str(len(data))
    if fmt == "csv":
        assert data.decode("utf-8-sig").splitlines() == ["Value", "'=1"]
    else:
        assert xlsx_sheet(data)["A2"].value == "'=1"


def test_a_persian_filename_gets_an_ascii_fallback_and_a_utf8_name():
    response = export_response(ONE_COLUMN, [], "csv", "درخواست‌ها ۱۴۰۵/09/06\r\n")
    assert response["Content-Disposition"] == (
        'attachment; filename="1405_09_06.csv"; '
        "filename*=utf-8''%D8%AF%D8%B1%D8%AE%D9%88%D8%A7%D8%B3%D8%AA%E2%80%8C%D9%87%D8%A7"
        "%20%DB%B1%DB%B4%DB%B0%DB%B5_09_06.csv"
    )
    assert export_response(ONE_COLUMN, [], "xlsx", "گزارش")["Content-Disposition"].startswith(
        'attachment; filename="export.xlsx"; filename*='
    )


def test_export_response_refuses_other_formats():
    with pytest.raises(ValueError):
        export_response(ONE_COLUMN, [], "xls", "requests")


def test_labels_are_translated_when_the_response_is_made_not_when_it_is_sent():
    language = ["fa"]
    label = lazy(lambda: {"fa": "شماره پیگیری", "en": "Tracking number"}[language[0]], str)()
    response = export_response([Column("t", label)], [{"t": "1"}], "csv", "requests")
    language[0] = "en"  # the server iterates the body after the view has returned
    assert b"".join(response.streaming_content).decode("utf-8-sig").startswith("شماره پیگیری")
