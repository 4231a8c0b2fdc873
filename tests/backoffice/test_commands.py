"""The retention and digest commands, and the inbox exports seen from a spreadsheet."""

import csv
import datetime
import io
import re

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

from eservices.backoffice.inbox import EXPORT_COLUMNS
from eservices.core import audit
from eservices.formbuilder.models import ServiceFormField
from eservices.requests.models import RequestStatus, RequestSubmission
from eservices.requests.workflow import change_status

from .conftest import make_request, with_file

XSS = '<script>alert(1)</script>"><svg onload=alert(2)>'
FORMULA = '=HYPERLINK("http://evil.example/","click")'


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def closed_request(service, days_ago: int, **fields) -> RequestSubmission:
    submission = make_request(service, **fields)
    for code in ("answered", "closed"):
        change_status(submission, None, RequestStatus.objects.workflow().get(code=code))
    RequestSubmission.objects.filter(pk=submission.pk).update(
        closed_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    submission.refresh_from_db()
    return submission


# Retention ----------------------------------------------------------------------------------


@pytest.fixture
def retention(desk, django_capture_on_commit_callbacks):
    service = desk["service_a"]
    service.retention_days = 365
    service.save()
    old = closed_request(
        service, 400, form_data={"name": "علی رضایی", "file": "id.pdf"}, national_code="0013542419"
    )
    attachment = with_file(old)
    recent = closed_request(service, 30)
    still_open = make_request(service)
    RequestSubmission.objects.filter(pk=still_open.pk).update(
        submit_time=timezone.now() - datetime.timedelta(days=900)
    )
    return {
        "service": service,
        "old": old,
        "recent": recent,
        "open": still_open,
        "file": attachment,
    }


def test_a_dry_run_says_what_it_would_do_and_changes_nothing(retention):
    output = run("eservices_retention", "--dry-run")
    assert "would anonymise 1 request(s) closed more than 365 days ago" in output
    assert "Dry run: 1 request(s) would change." in output
    old = RequestSubmission.objects.get(pk=retention["old"].pk)
    assert old.registrant_national_code == "0013542419"
    assert old.form_data["name"] == "علی رضایی"
    assert retention["file"].file.storage.exists(retention["file"].file.name)


def test_anonymising_drops_personal_data_and_files_and_keeps_the_rest(
    retention, django_capture_on_commit_callbacks
):
    name = retention["file"].file.name
    storage = retention["file"].file.storage
    with django_capture_on_commit_callbacks(execute=True):
        output = run("eservices_retention")
    assert "anonymised 1 request(s)" in output
    old = RequestSubmission.objects.get(pk=retention["old"].pk)
    assert old.form_data == {"name": "", "file": ""}
    assert (old.registrant_national_code, old.registrant_mobile) == ("", "")
    assert old.anonymised_at is not None and old.status.code == "closed"
    assert not old.attachments.exists() and not storage.exists(name)
    untouched = RequestSubmission.objects.filter(
        pk__in=[retention["recent"].pk, retention["open"].pk]
    )
    assert all(s.registrant_national_code and s.anonymised_at is None for s in untouched)
    entry = ModelLogEntry.objects.get(action=audit.ANONYMISE)
    assert entry.data["national_code"] == "xxx-xxxxx-19"
    # A second run finds nothing more to do.
    assert "0 request(s) changed." in run("eservices_retention")


def test_deleting_removes_the_request_and_logs_it(retention, django_capture_on_commit_callbacks):
    service = retention["service"]
    service.retention_action = "delete"
    service.save()
    with django_capture_on_commit_callbacks(execute=True):
        output = run("eservices_retention")
    assert "deleted 1 request(s)" in output
    assert not RequestSubmission.objects.filter(pk=retention["old"].pk).exists()
    assert RequestSubmission.objects.count() == 2
    entry = ModelLogEntry.objects.get(action=audit.DELETE)
    assert entry.deleted and entry.data["tracking_number"] == retention["old"].tracking_number
    assert "0013542419" not in str(entry.data)


def test_a_service_without_a_period_keeps_everything(desk):
    closed_request(desk["service_b"], 5000)
    assert "0 request(s) changed." in run("eservices_retention")
    assert RequestSubmission.objects.get().registrant_national_code


# Digest -------------------------------------------------------------------------------------


def test_the_digest_counts_open_and_overdue_requests_per_service(desk, mailoutbox, settings):
    settings.MANAGERS = [("Desk", "desk@example.com")]
    late = make_request(desk["service_a"])
    RequestSubmission.objects.filter(pk=late.pk).update(
        due_at=timezone.now() - datetime.timedelta(hours=2)
    )
    make_request(desk["service_a"])
    make_request(desk["service_b"], due_at=timezone.now() + datetime.timedelta(days=2))
    closed_request(desk["service_b"], 1)
    output = run("eservices_digest", "--email")
    lines = {line.split()[0]: line.split()[1:3] for line in output.splitlines()[3:] if line}
    assert lines[desk["service_a"].national_id] == ["2", "1"]
    assert lines[desk["service_b"].national_id] == ["1", "0"]
    assert lines["total"] == ["3", "1"]
    assert mailoutbox[0].to == ["desk@example.com"] and "total" in mailoutbox[0].body


# Exports ------------------------------------------------------------------------------------


@pytest.fixture
def hostile(desk):
    service = desk["service_a"]
    for order, label in enumerate(["Subject", "Detail"]):
        ServiceFormField.objects.create(
            page=service,
            locale=service.locale,
            label=label,
            field_type="multiline",
            sort_order=order,
        )
    return make_request(service, form_data={"subject": XSS, "detail": FORMULA})


def export(client, fmt: str) -> bytes:
    response = client.get("/admin/eservices/requests/?export=" + fmt)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    return b"".join(response.streaming_content)


def test_the_csv_export_writes_formulas_and_markup_as_text(admin_client, hostile):
    RequestSubmission.objects.filter(pk=hostile.pk).update(public_reply=FORMULA)
    body = export(admin_client, "csv").decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(body)))
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)
    assert row[header.index(_label("Public reply"))] == "'" + FORMULA
    assert row[header.index("Subject")] == XSS  # text, kept as typed
    assert row[header.index("Detail")] == "'" + FORMULA
    assert row[0] == hostile.tracking_number


def test_the_xlsx_export_has_no_formula_and_both_date_forms(client, hostile):
    """Persian staff get the Jalali date as text, English staff the Gregorian date as a date
    cell: one column each, no more the Jalali and ISO columns side by side."""
    RequestSubmission.objects.filter(pk=hostile.pk).update(public_reply=FORMULA)
    staff = get_user_model().objects.create_superuser("boss", password="x")
    client.force_login(staff)
    profile = UserProfile.get_for_user(staff)
    for language in ("fa", "en"):
        profile.preferred_language = language
        profile.save()
        sheet = openpyxl.load_workbook(io.BytesIO(export(client, "xlsx"))).active
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
        header, values = ([cell.value for cell in row] for row in sheet.iter_rows())
        assert values[header.index("Detail")] == "'" + FORMULA
        assert values[header.index(_label("Public reply", language))] == "'" + FORMULA
        submitted = values[header.index(_label("Submitted", language))]
        assert len(header) == len(EXPORT_COLUMNS) + 3  # one date column; two fields; others
        if language == "fa":
            assert re.fullmatch(r"14[0-9]{2}/[0-9]{2}/[0-9]{2} [0-9]{2}:[0-9]{2}", submitted)
        else:
            assert isinstance(submitted, datetime.datetime)
            local = timezone.localtime(hostile.submit_time).replace(tzinfo=None)
            assert submitted == local.replace(second=0, microsecond=0)


def _label(text: str, language: str = "fa") -> str:
    with translation.override(language):
        return str(translation.gettext(text))


def test_exports_are_audit_logged_with_their_filters(admin_client, hostile):
    export(admin_client, "csv")
    entry = ModelLogEntry.objects.get(action=audit.EXPORT)
    assert entry.data["format"] == "csv" and entry.data["rows"] == 1
    assert entry.data["fields"] == ["subject", "detail"]  # which answers left, not what
    admin_client.get("/admin/eservices/requests/?export=xlsx&q=0013542419")
    entry = ModelLogEntry.objects.filter(action=audit.EXPORT).latest("pk")
    assert entry.data["filters"] == {"q": "…"}  # what was searched for is not logged
