"""Citizens' status lookups are in the audit log, matched or not, masked (SECURITY.md D4)."""

from wagtail.models import ModelLogEntry

from eservices.core import audit

from .conftest import make_request


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
    assert wrong.object_id == "lookup" and right.object_id == str(submission.pk)
    assert wrong.data["national_code"] == "xxx-xxxxx-48"
    assert right.data["national_code"] == "xxx-xxxxx-19"
    assert all(
        "0013542419" not in str(e.data) and "0084575948" not in str(e.data) for e in (wrong, right)
    )
