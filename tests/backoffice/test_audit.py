"""Citizens' status lookups are in the audit log, matched or not, masked (SECURITY.md D4)."""

from wagtail.models import ModelLogEntry

from eservices.core import audit

from .conftest import make_request, make_staff


def test_lookups_are_logged_whether_or_not_they_match(client, desk):
    from eservices.formbuilder.models import ServiceFormField

    service = desk["service_a"]
    ServiceFormField.objects.create(
        page=service, label="کد ملی", field_type="national_code", role="registrant_national_code"
    )
    submission = make_request(service, national_code="0013542419")
    url = service.url + "follow-up/"
    for code in ("0084575948", "۰۰۱۳۵۴۲۴۱۹"):
        response = client.post(
            url, {"tracking_number": submission.tracking_number, "national_code": code}
        )
        assert response.status_code == 200
    wrong, right = ModelLogEntry.objects.filter(action=audit.LOOKUP).order_by("pk")
    assert (wrong.data["found"], right.data["found"]) == (False, True)
    assert wrong.object_id == audit.NO_RECORD and right.object_id == str(submission.pk)
    assert wrong.data["national_code"] == "xxx-xxxxx-48"
    assert right.data["national_code"] == "xxx-xxxxx-19"
    assert all(
        "0013542419" not in str(e.data) and "0084575948" not in str(e.data) for e in (wrong, right)
    )


def test_site_history_lists_and_exports_entries_about_no_single_record(admin_client, desk):
    """Catches: an export or unmatched lookup logged with a word as its object id, which
    Wagtail's Site history looks up as a primary key: a 500 for the page and its exports."""
    from eservices.requests.models import RequestSubmission

    audit.log_export(RequestSubmission, make_staff("staff_x", desk["group_a"]), "csv", 3, {})
    audit.log_lookup(RequestSubmission, "1234567890123", "0013542419", None, "203.0.113.9")
    page = admin_client.get("/admin/reports/site-history/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "ردیف با قالب CSV خروجی گرفته شد" in html  # "Exported 3 rows as CSV"
    assert "پیگیری درخواست" in html  # "Look up request"
    for fmt in ("csv", "xlsx"):
        assert admin_client.get("/admin/reports/site-history/", {"export": fmt}).status_code == 200
