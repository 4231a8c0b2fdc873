"""The inbox export as staff open it: one column per form field, dates as staff read them,
a fixed number of queries, and no staff export route that hands a spreadsheet a formula (R7)."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLResolver, get_resolver
from django.utils import translation
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.models import Locale
from wagtail.users.models import UserProfile

from eservices.backoffice.inbox import EXPORT_COLUMNS, OTHER_ANSWERS
from eservices.core import audit
from eservices.formbuilder.models import ServiceFormField
from eservices.participation.models import Idea
from eservices.requests.models import RequestStatus, RequestSubmission
from eservices.requests.workflow import change_status

from .conftest import make_request

INBOX = "/admin/eservices/requests/"
FIXED = len(EXPORT_COLUMNS)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PAYLOADS = ["=1+1", "+98 912", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]


def add_fields(page, *fields) -> list[str]:
    """Form fields (label, type) on ``page``, in this order; their keys."""
    return [
        ServiceFormField.objects.create(
            page=page, locale=page.locale, label=label, field_type=field_type, sort_order=order
        ).clean_name
        for order, (label, field_type) in enumerate(fields)
    ]


def translate(page, labels: dict[str, str]):
    """``page``'s English translation, its fields relabelled by key (keys are shared)."""
    en, _created = Locale.objects.get_or_create(language_code="en")
    english = page.copy_for_translation(en, copy_parents=True)
    for key, label in labels.items():
        ServiceFormField.objects.filter(page=english, clean_name=key).update(label=label)
    return english


def staff(username: str, language: str = "fa", time_zone: str = ""):
    user = get_user_model().objects.create_superuser(username, password="x")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.current_time_zone = time_zone
    profile.save()
    return user


def body(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content)


def csv_rows(client, url=INBOX + "?export=csv") -> list[list[str]]:
    return list(csv.reader(io.StringIO(body(client, url).decode("utf-8-sig"), newline="")))


def xlsx_rows(client, url=INBOX + "?export=xlsx") -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(body(client, url))).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def by_header(rows: list[list]) -> list[dict]:
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.fixture
def forms(desk):
    """Service A asks a subject, an outage date and an amount; service B the same subject
    (same label, so the same key) and a description. A has an English translation."""
    a_keys = add_fields(
        desk["service_a"],
        ("موضوع", "singleline"),
        ("تاریخ قطعی", "jalali_date"),
        ("مبلغ", "number"),
    )
    b_keys = add_fields(desk["service_b"], ("موضوع", "singleline"), ("شرح", "multiline"))
    subject, outage, amount = a_keys
    english = translate(
        desk["service_a"], {subject: "Subject", outage: "Outage date", amount: "Amount"}
    )
    return {
        "subject": subject,
        "outage": outage,
        "amount": amount,
        "detail": b_keys[1],
        "english": english,
    }


def test_each_form_field_is_a_column_headed_by_its_label_in_the_staff_language(client, desk, forms):
    """Catches: answers back in one cell, a field's column per service instead of per key,
    or labels of the request's page rather than of its translation in the staff language."""
    make_request(
        desk["service_a"],
        form_data={forms["subject"]: "برق قطع است", forms["outage"]: "2024-07-29"}
        | {forms["amount"]: "12500.50"},
    )
    make_request(desk["service_b"], form_data={forms["subject"]: "ولتاژ", forms["detail"]: "شب"})
    client.force_login(staff("fa_staff"))
    rows = xlsx_rows(client)
    assert rows[0][FIXED:] == ["موضوع", "تاریخ قطعی", "مبلغ", "شرح", _fa(OTHER_ANSWERS.label)]
    b_row, a_row = rows[1][FIXED:], rows[2][FIXED:]  # newest first
    assert a_row == ["برق قطع است", "1403/05/08", 12500.5, None, None]
    assert b_row == ["ولتاژ", None, None, "شب", None]

    client.force_login(staff("en_staff", "en"))
    header = csv_rows(client)[0]
    # Service B has no English translation: its own (Persian) label is kept.
    assert header[FIXED:] == [
        "Subject",
        "Outage date",
        "Amount",
        "شرح",
        "Answers to removed fields",
    ]


def test_dates_are_jalali_text_in_persian_and_gregorian_dates_in_english(client, desk, forms):
    """Catches: a CSV's rows made while the response is sent, after Wagtail's override of the
    staff member's language and time zone has ended (Persian names, Tehran time for an
    English reader in UTC), and a date answer left as its stored text."""
    submission = make_request(desk["service_a"], form_data={forms["outage"]: "2024-07-29"})
    moment = datetime.datetime(2024, 7, 29, 10, 0, 41, tzinfo=datetime.UTC)
    RequestSubmission.objects.filter(pk=submission.pk).update(
        submit_time=moment, due_at=moment + datetime.timedelta(days=2)
    )
    client.force_login(staff("fa_staff"))
    (row,) = by_header(csv_rows(client))
    assert row[_fa("Submitted")] == "1403/05/08 13:30"  # Tehran, ASCII digits
    assert row[_fa("Due")] == "1403/05/10 13:30"
    assert row["تاریخ قطعی"] == "1403/05/08"
    assert row[_fa("Status")] == _fa_status(submission.status)

    client.force_login(staff("en_staff", "en", "UTC"))
    (row,) = by_header(csv_rows(client))
    assert (row["Submitted"], row["Due"]) == ("2024-07-29 10:00", "2024-07-31 10:00")
    assert row["Outage date"] == "2024-07-29"
    with translation.override("en"):
        assert row["Status"] == submission.status.name
    (row,) = by_header(xlsx_rows(client))
    assert row["Submitted"] == datetime.datetime(2024, 7, 29, 10, 0)  # a date cell
    assert row["Outage date"] == datetime.datetime(2024, 7, 29)


def test_answers_to_removed_fields_keep_a_column_of_their_own(admin_client, desk, forms):
    """Catches: answers to fields since removed from the form silently left out."""
    make_request(
        desk["service_a"],
        form_data={forms["subject"]: "قبض", "old_question": "=بله", "empty": ""},
    )
    (row,) = by_header(csv_rows(admin_client))
    assert row[_fa(OTHER_ANSWERS.label)] == "old_question: =بله"  # the key starts the cell
    assert row["موضوع"] == "قبض"


def test_an_export_runs_the_same_queries_for_any_number_of_rows_and_services(
    admin_client, desk, forms
):
    """Catches: a query per row or per service, e.g. ``page.specific.get_form_fields()`` or
    ``submission.status`` read for each request."""

    def queries() -> dict[str, int]:
        counts = {}
        for fmt in ("csv", "xlsx"):
            with CaptureQueriesContext(connection) as context:
                body(admin_client, INBOX + "?export=" + fmt)
            counts[fmt] = len(context.captured_queries)
        return counts

    make_request(desk["service_a"], form_data={forms["subject"]: "یک"})
    few = queries()
    for number in range(6):
        for service in (desk["service_a"], desk["service_b"], forms["english"]):
            make_request(service, form_data={forms["subject"]: str(number)})
    assert queries() == few


def _fa(text) -> str:
    with translation.override("fa"):
        return str(translation.gettext(str(text)) if isinstance(text, str) else text)


def _fa_status(status) -> str:
    with translation.override("fa"):
        return status.name


# Every staff export route against every formula start (R7) ----------------------------------


def export_routes() -> list[str]:
    """Every admin URL without arguments whose view can answer ``?export=`` with a file that
    holds data: Wagtail's spreadsheet views whose export lists fields (the inbox, Wagtail's
    reports, redirects, any snippet or model listing given ``list_export``)."""
    routes = []

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
                continue
            view = getattr(pattern.callback, "view_class", None)
            if view is None or not issubclass(view, SpreadsheetExportMixin):
                continue
            kwargs = getattr(pattern.callback, "view_initkwargs", {})
            if kwargs.get("list_export", view.list_export) and not pattern.pattern.regex.groups:
                routes.append("/" + prefix + str(pattern.pattern))

    walk(get_resolver().url_patterns, "")
    return routes


ROUTES = export_routes()


def cells(response) -> list[tuple[str, str]]:
    """(text, type) of every cell of a CSV or XLSX download; type is "csv" for CSV."""
    data = b"".join(response.streaming_content)
    if response["Content-Type"].startswith("text/csv"):
        text = data.decode("utf-8-sig")
        return [(cell, "csv") for row in csv.reader(io.StringIO(text, newline="")) for cell in row]
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return [
        (str(cell.value), cell.data_type)
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]


@pytest.fixture
def hostile_records(desk, forms):
    """For each payload: a request whose answers (text, a number field, a removed field) and
    public reply start with it, an idea whose text and name do, and a lookup typed with it."""
    service = desk["service_a"]
    moved_on = RequestStatus.initial().next_statuses.order_by("sort_order").first()
    for payload in PAYLOADS:
        submission = make_request(
            service,
            form_data={forms["subject"]: payload, forms["amount"]: payload, "gone": payload},
        )
        change_status(submission, None, moved_on, public_reply=payload)
        idea = Idea(page=service, text=payload + " پیشنهاد", name=payload, mobile="09121234567")
        idea.save_with_reference_number()
        audit.log_lookup(RequestSubmission, payload, "0013542419", None, "127.0.0.1")
    return service


def test_the_inbox_and_wagtails_reports_are_among_the_export_routes():
    routes = export_routes()
    assert {INBOX, INBOX + "results/", "/admin/reports/site-history/"} <= set(routes)
    assert "/admin/reports/locked/" in routes and "/admin/redirects/" in routes


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("route", ROUTES)
def test_no_staff_export_route_writes_a_cell_that_starts_a_formula(
    admin_client, hostile_records, route, fmt
):
    """Catches: any route staff reach (the inbox, Wagtail's reports such as Site history,
    redirects, a snippet listing given ``list_export``) writing a citizen's text that starts
    with = + - @ TAB or CR at the start of a cell, or an XLSX cell typed as a formula."""
    response = admin_client.get(route, {"export": fmt})
    assert response.status_code == 200
    found = cells(response)
    assert [text for text, _kind in found if text.lstrip(" ").startswith(FORMULA_STARTS)] == []
    assert all(kind != "f" for _text, kind in found)
    if route.startswith(INBOX):
        # Subject, amount (not a number) and public reply of each request, kept as text.
        assert sum(text.startswith("'") for text, _kind in found) == 3 * len(PAYLOADS)


def test_screens_that_show_citizens_text_export_nothing(admin_client, hostile_records):
    """Catches: an export added to the ideas or survey screens without the inbox's writer,
    or the Forms menu exporting a service page's submissions again."""
    for route in ("/admin/eservices/ideas/", "/admin/eservices/surveys/"):
        for fmt in ("csv", "xlsx"):
            response = admin_client.get(route, {"export": fmt})
            assert response.status_code == 200
            assert response["Content-Type"].startswith("text/html")
    url = "/admin/forms/submissions/%d/" % hostile_records.pk
    for fmt in ("csv", "xlsx"):
        response = admin_client.get(url, {"export": fmt})  # refused: sent to the dashboard
        assert (response.status_code, response["Location"]) == (302, "/admin/")
