import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from eservices.lookups.forms import DatasetUploadForm
from eservices.lookups.importer import MAX_REPORTED_ERRORS, import_dataset
from eservices.lookups.models import DatasetRow, parse_date, parse_number

from .conftest import BILL_HEADER, bill_cells, bill_id, csv_bytes, make_bill

pytestmark = pytest.mark.django_db


def run_import(dataset, content: bytes, filename: str = "bills.csv"):
    return import_dataset(dataset, io.BytesIO(content), filename)


def keys(dataset) -> set[str]:
    return set(DatasetRow.objects.filter(dataset=dataset).values_list("key", flat=True))


def small_csv(numbers, **kwargs) -> bytes:
    return csv_bytes([BILL_HEADER] + [bill_cells(make_bill(n)) for n in numbers], **kwargs)


def test_a_thousand_generated_bills_import_with_canonical_cells(dataset, bills, bills_csv):
    report = run_import(dataset, bills_csv)

    assert report.ok, report.errors
    assert report.row_count == 1000
    dataset.refresh_from_db()
    assert dataset.row_count == 1000
    assert dataset.uploaded_at is not None
    assert keys(dataset) == {bill["bill_id"] for bill in bills}
    # Line 2 of the file was written in Persian digits, with the amount grouped by commas.
    row = DatasetRow.objects.get(dataset=dataset, key=bills[0]["bill_id"])
    assert row.data == {
        "bill_id": bills[0]["bill_id"],
        "period": "1403-01",
        "consumption": "100",
        "amount": "1250000",
        "due_date": "2024-03-20",  # 1403/01/01
        "issued": "2024-03-20",
    }
    assert "customer" not in row.data


def test_rows_are_inserted_in_batches(dataset, bills_csv, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        report = run_import(dataset, bills_csv)
    assert report.row_count == 1000


def test_bad_rows_are_reported_by_file_line_and_nothing_is_imported(dataset):
    assert run_import(dataset, small_csv(range(100, 105))).ok
    dataset.refresh_from_db()
    before = (dataset.row_count, dataset.uploaded_at, keys(dataset))

    missing_key = bill_cells(make_bill(3))
    missing_key[0] = ""
    duplicate = bill_cells(make_bill(4))
    duplicate[0] = bill_id(0)
    bad_number = bill_cells(make_bill(6))
    bad_number[2] = "۱۲x"
    lines = [
        BILL_HEADER,  # line 1
        bill_cells(make_bill(0)),  # 2
        bill_cells(make_bill(1)),  # 3
        missing_key,  # 4
        bill_cells(make_bill(2)),  # 5
        bill_cells(make_bill(5)),  # 6
        duplicate,  # 7
        bill_cells(make_bill(7)),  # 8
        bad_number,  # 9
        bill_cells(make_bill(8)),  # 10
    ]
    report = run_import(dataset, csv_bytes(lines))

    assert [line for line, _message in report.errors] == [4, 7, 9]
    assert report.error_count == 3
    assert report.row_count == 0
    assert "line 2" in report.errors[1][1]
    assert "12x" in report.errors[2][1]
    dataset.refresh_from_db()
    assert (dataset.row_count, dataset.uploaded_at, keys(dataset)) == before


def test_a_header_without_the_key_column_is_an_error_on_line_1(dataset):
    header = ["bill", *BILL_HEADER[1:]]
    report = run_import(dataset, csv_bytes([header, bill_cells(make_bill(0))]))

    assert [line for line, _message in report.errors] == [1]
    assert "bill_id" in report.errors[0][1]
    assert not DatasetRow.objects.exists()


def test_a_header_lacking_a_declared_column_names_it(dataset):
    header = [name for name in BILL_HEADER if name != "amount"]
    report = run_import(dataset, csv_bytes([header, ["1", "2", "3", "4", "5", "6"]]))

    assert report.errors == [(1, "The header lacks these columns: amount.")]


def test_a_column_named_twice_in_the_header_is_an_error(dataset):
    report = run_import(dataset, csv_bytes([BILL_HEADER + ["amount"]]))
    assert [line for line, _message in report.errors] == [1]


def test_a_csv_with_a_bom_and_unix_newlines_imports(dataset):
    report = run_import(dataset, small_csv(range(3), bom=True, newline="\n"))

    assert report.ok, report.errors
    assert keys(dataset) == {bill_id(0), bill_id(1), bill_id(2)}


def test_header_names_match_whatever_arabic_letters_or_digits_staff_typed(dataset):
    dataset.key_column = "شناسه ۱"
    dataset.columns = [{"key": "کد", "label": "کد", "type": "number"}]
    dataset.save()
    report = run_import(dataset, csv_bytes([[" شناسه 1 ", "كد"], ["٤٥", "٧"]]))

    assert report.ok, report.errors
    assert DatasetRow.objects.get().key == "45"
    assert DatasetRow.objects.get().data == {"کد": "7"}


def test_a_quoted_cell_spanning_lines_keeps_later_line_numbers_right(dataset):
    spanning = bill_cells(make_bill(1))
    spanning[6] = "line one\nline two\nline three"
    bad = bill_cells(make_bill(2))
    bad[4] = "1403/13/01"
    report = run_import(dataset, csv_bytes([BILL_HEADER, bill_cells(make_bill(0)), spanning, bad]))

    # The spanning record takes lines 3 to 5.
    assert [line for line, _message in report.errors] == [6]
    assert "1403/13/01" in report.errors[0][1]


def test_blank_lines_are_skipped_but_counted(dataset):
    content = small_csv([0]) + b"\r\n,,,,,,\r\n" + csv_bytes([["", "x", "1"]])
    report = run_import(dataset, content)
    assert [line for line, _message in report.errors] == [5]


def test_a_line_with_more_cells_than_the_header_is_an_error(dataset):
    line = bill_cells(make_bill(1)) + ["surplus"]
    trailing_empty = bill_cells(make_bill(2)) + ["", ""]
    report = run_import(dataset, small_csv([0]) + csv_bytes([line, trailing_empty]))

    assert [line for line, _message in report.errors] == [3]


def test_more_rows_than_the_limit_is_an_error(dataset, settings):
    settings.ESERVICES_DATASET_MAX_ROWS = 3
    assert run_import(dataset, small_csv(range(3))).ok

    report = run_import(dataset, small_csv(range(10, 14)))

    assert report.errors == [(5, "The file has more than 3 rows.")]
    assert keys(dataset) == {bill_id(0), bill_id(1), bill_id(2)}


def test_a_file_over_the_size_limit_is_an_error_not_an_exception(dataset, settings):
    content = small_csv(range(5))
    settings.ESERVICES_DATASET_MAX_BYTES = len(content) - 1
    report = run_import(dataset, content)

    assert [line for line, _message in report.errors] == [None]
    assert not DatasetRow.objects.exists()
    settings.ESERVICES_DATASET_MAX_BYTES = len(content)
    assert run_import(dataset, content).ok


def test_a_file_that_is_not_utf8_is_reported_at_its_line(dataset):
    content = small_csv([0, 1]) + "4,دوره,1,1,1403/01/01,2024-01-01,x\r\n".encode("cp1256")
    report = run_import(dataset, content)
    assert [line for line, _message in report.errors] == [4]


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\r\n\r\n"])
def test_an_empty_file_is_an_error(dataset, content):
    report = run_import(dataset, content)
    assert not report.ok


def test_a_header_without_rows_is_an_error_and_keeps_the_rows(dataset):
    assert run_import(dataset, small_csv([0])).ok
    report = run_import(dataset, csv_bytes([BILL_HEADER]))
    assert report.errors == [(None, "The file has no rows under its header.")]
    assert keys(dataset) == {bill_id(0)}


def test_an_unknown_file_type_is_an_error(dataset):
    report = run_import(dataset, small_csv([0]), "bills.txt")
    assert [line for line, _message in report.errors] == [None]


def test_a_new_upload_replaces_every_row(dataset):
    assert run_import(dataset, small_csv(range(5))).ok
    assert run_import(dataset, small_csv(range(3, 7))).ok

    dataset.refresh_from_db()
    assert keys(dataset) == {bill_id(n) for n in range(3, 7)}
    assert dataset.row_count == 4


def test_only_the_first_errors_are_kept_but_all_are_counted(dataset):
    lines = [BILL_HEADER] + [["", "p"] for _ in range(MAX_REPORTED_ERRORS + 20)]
    report = run_import(dataset, csv_bytes(lines))
    assert len(report.errors) == MAX_REPORTED_ERRORS
    assert report.error_count == MAX_REPORTED_ERRORS + 20


def test_columns_that_are_not_well_defined_import_nothing(dataset):
    dataset.columns = [{"key": "amount", "type": "currency"}]
    dataset.save()
    report = run_import(dataset, small_csv([0]))
    assert not report.ok
    assert not DatasetRow.objects.exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1250000", "1250000"),
        ("1,250,000", "1250000"),
        ("۱٬۲۵۰٬۰۰۰", "1250000"),
        ("١٢٫٥٠", "12.5"),
        ("-3", "-3"),
        (" 42 ", "42"),
        ("12.0", "12"),
    ],
)
def test_numbers_are_stored_canonically(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["1,5", "12a", "1.2.3", "", "--1", "1e5", "١,٢"])
def test_things_that_are_not_numbers_are_refused(text):
    with pytest.raises(ValueError):
        parse_number(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-07-29", datetime.date(2024, 7, 29)),
        ("1403/05/08", datetime.date(2024, 7, 29)),
        ("۱۴۰۳/۰۵/۰۸", datetime.date(2024, 7, 29)),
        ("1403-05-08", datetime.date(2024, 7, 29)),
    ],
)
def test_dates_are_read_as_iso_or_jalali(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["2024-02-30", "1403/13/01", "29/07/2024", "1403", "2024/07/29"])
def test_things_that_are_not_dates_are_refused(text):
    with pytest.raises(ValueError):
        parse_date(text)


def test_an_xlsx_workbook_imports_with_its_row_numbers(dataset):
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(BILL_HEADER)
    sheet.append(
        [int(bill_id(0)), "1403-01", 120, 1500000.0, "1403/01/15", datetime.date(2024, 3, 20)]
    )
    sheet.append([])  # row 3 is blank
    sheet.append([bill_id(1), "1403-02", "۱۳۰", "1,625,000", "۱۴۰۳/۰۲/۱۵", "2024-04-20"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    report = run_import(dataset, buffer.getvalue(), "BILLS.XLSX")

    assert report.ok, report.errors
    assert DatasetRow.objects.get(key=bill_id(0)).data == {
        "bill_id": bill_id(0),
        "period": "1403-01",
        "consumption": "120",
        "amount": "1500000",
        "due_date": "2024-04-03",
        "issued": "2024-03-20",
    }
    assert DatasetRow.objects.get(key=bill_id(1)).data["consumption"] == "130"

    sheet.append([bill_id(2), "1403-03", "many"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = run_import(dataset, buffer.getvalue(), "bills.xlsx")
    assert [line for line, _message in report.errors] == [5]
    assert keys(dataset) == {bill_id(0), bill_id(1)}


def test_a_damaged_xlsx_is_an_error(dataset):
    pytest.importorskip("openpyxl")
    report = run_import(dataset, b"PK\x03\x04 not really a zip", "bills.xlsx")
    assert [line for line, _message in report.errors] == [None]


def upload(content: bytes, name: str = "bills.csv") -> dict:
    return {"file": SimpleUploadedFile(name, content, content_type="text/csv")}


def test_the_upload_form_imports_a_clean_file(dataset):
    form = DatasetUploadForm(data={}, files=upload(small_csv(range(4))), dataset=dataset)

    assert form.is_valid(), form.errors
    assert form.report.row_count == 4
    assert dataset.row_count == 4


def test_the_upload_form_shows_each_error_with_its_line(dataset):
    missing_key = bill_cells(make_bill(1))
    missing_key[0] = " "
    content = csv_bytes([BILL_HEADER, bill_cells(make_bill(0)), missing_key])
    form = DatasetUploadForm(data={}, files=upload(content), dataset=dataset)

    assert not form.is_valid()
    assert form.errors["file"] == ["line 3: The key is empty."]
    assert not DatasetRow.objects.exists()


def test_the_upload_form_refuses_other_types_and_large_files(dataset, settings):
    form = DatasetUploadForm(data={}, files=upload(b"x", "bills.pdf"), dataset=dataset)
    assert not form.is_valid()
    assert form.report is None

    settings.ESERVICES_DATASET_MAX_BYTES = 10
    form = DatasetUploadForm(data={}, files=upload(small_csv([0])), dataset=dataset)
    assert not form.is_valid()
    assert form.report is None
    assert "larger than" in form.errors["file"][0]
