"""The staff inbox: who sees what, search, filters, the request's page and status changes."""

import datetime
import re

import pytest
import sms
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from eservices.core import audit
from eservices.requests.models import RequestStatus, RequestSubmission, StatusChange
from eservices.requests.workflow import change_status

from .conftest import make_request, with_file

INBOX = "/admin/eservices/requests/"
XSS = '<script>alert(1)</script>"><svg onload=alert(2)>'
FORMULA = '=HYPERLINK("http://evil.example/","click")'


@pytest.fixture
def requests_ab(desk):
    return (
        make_request(desk["service_a"], form_data={"subject": XSS, "detail": FORMULA}),
        make_request(desk["service_b"], national_code="0084575948", mobile="09351112233"),
    )


def detail_url(submission) -> str:
    return reverse("eservices_requests:detail", args=[submission.pk])


def status(code: str) -> RequestStatus:
    return RequestStatus.objects.workflow().get(code=code)


# Permissions -------------------------------------------------------------------------------


def test_staff_see_only_the_requests_of_their_groups_services(client, staff_a, requests_ab):
    mine, theirs = requests_ab
    client.force_login(staff_a)
    html = client.get(INBOX).content.decode()
    assert mine.tracking_number in html or _fa(mine.tracking_number) in html
    assert theirs.tracking_number not in html and _fa(theirs.tracking_number) not in html


@pytest.mark.parametrize(
    "url_name", ["eservices_requests:detail", "eservices_requests:history"], ids=["detail", "log"]
)
def test_another_groups_request_is_not_found(client, staff_a, requests_ab, url_name):
    theirs = requests_ab[1]
    client.force_login(staff_a)
    assert client.get(reverse(url_name, args=[theirs.pk])).status_code == 404
    response = client.post(
        detail_url(theirs), {"status": status("answered").pk, "public_reply": "x"}
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status.code == "registered" and theirs.public_reply == ""


def test_another_groups_attachment_is_not_found(client, staff_a, requests_ab):
    mine, theirs = (with_file(r, "bill.pdf") for r in requests_ab)
    client.force_login(staff_a)
    assert client.get(reverse("eservices_attachment", args=[mine.pk])).status_code == 200
    assert client.get(reverse("eservices_attachment", args=[theirs.pk])).status_code == 404


def test_exports_leave_out_another_groups_requests(client, staff_a, requests_ab):
    mine, theirs = requests_ab
    client.force_login(staff_a)
    body = b"".join(client.get(INBOX + "?export=csv").streaming_content).decode("utf-8-sig")
    assert mine.tracking_number in body
    assert theirs.tracking_number not in body


def test_citizens_and_anonymous_visitors_are_sent_to_the_login(client, desk, requests_ab):
    assert client.get(INBOX).status_code == 302
    citizen = get_user_model().objects.create_user("09121234567")
    client.force_login(citizen)
    response = client.get(detail_url(requests_ab[0]))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_superusers_see_every_request(admin_client, requests_ab):
    html = admin_client.get(INBOX).content.decode()
    assert all(_fa(r.tracking_number) in html for r in requests_ab)


# Search and filters -------------------------------------------------------------------------


def _fa(text: str) -> str:
    return text.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


def listed(client, query: str) -> set[str]:
    html = client.get(INBOX + "results/" + query).content.decode()
    numbers = set(re.findall(r"/admin/eservices/requests/(\d+)/", html))
    return {RequestSubmission.objects.get(pk=pk).tracking_number for pk in numbers}


def test_search_by_tracking_number_national_code_or_mobile_in_any_digits(admin_client, requests_ab):
    first, second = requests_ab
    assert listed(admin_client, "?q=" + _fa(first.tracking_number)) == {first.tracking_number}
    assert listed(admin_client, "?q=" + first.tracking_number[:6]) >= {first.tracking_number}
    assert listed(admin_client, "?q=0084575948") == {second.tracking_number}
    assert listed(admin_client, "?q=%2B98 935 111 2233") == {second.tracking_number}
    assert listed(admin_client, "?q=nothing-like-it") == set()


def test_filters_by_status_service_group_assignee_and_overdue(admin_client, desk, requests_ab):
    first, second = requests_ab
    admin = get_user_model().objects.get(username="admin")
    change_status(second, admin, status("in_review"), assignee=admin)
    RequestSubmission.objects.filter(pk=first.pk).update(
        due_at=timezone.now() - datetime.timedelta(hours=1)
    )
    both = {first.tracking_number, second.tracking_number}
    assert listed(admin_client, "?status=%d" % status("in_review").pk) == {second.tracking_number}
    assert listed(admin_client, "?service=%d" % desk["service_a"].pk) == {first.tracking_number}
    assert listed(admin_client, "?group=%d" % desk["group_b"].pk) == {second.tracking_number}
    assert listed(admin_client, "?assignee=me") == {second.tracking_number}
    assert listed(admin_client, "?assignee=none") == {first.tracking_number}
    assert listed(admin_client, "?overdue=true") == {first.tracking_number}
    assert listed(admin_client, "?overdue=false") == {second.tracking_number}
    assert listed(admin_client, "") == both


def test_an_answered_request_is_no_longer_overdue(admin_client, requests_ab):
    first = requests_ab[0]
    RequestSubmission.objects.filter(pk=first.pk).update(
        due_at=timezone.now() - datetime.timedelta(days=1)
    )
    assert listed(admin_client, "?overdue=true") == {first.tracking_number}
    html = admin_client.get(INBOX).content.decode()
    assert "eservices-overdue" in html
    change_status(first, None, status("answered"), public_reply="انجام شد")
    assert listed(admin_client, "?overdue=true") == set()


def test_jalali_date_range(admin_client, requests_ab):
    first, second = requests_ab
    # 1405/09/06 is 2026-11-27 in Tehran.
    RequestSubmission.objects.filter(pk=first.pk).update(
        submit_time=datetime.datetime(2026, 11, 27, 10, tzinfo=datetime.UTC)
    )
    RequestSubmission.objects.filter(pk=second.pk).update(
        submit_time=datetime.datetime(2026, 10, 1, 10, tzinfo=datetime.UTC)
    )
    query = "?submitted_from=۱۴۰۵/۰۹/۰۶&submitted_to=1405/09/06"
    assert listed(admin_client, query) == {first.tracking_number}
    assert listed(admin_client, "?submitted_to=1405/08/01") == {second.tracking_number}


def test_a_bad_date_in_a_filter_is_a_message_not_an_error(admin_client, requests_ab):
    response = admin_client.get(INBOX + "?submitted_from=1405/13/40")
    assert response.status_code == 200


# The request's page --------------------------------------------------------------------------


def test_citizens_text_is_inert_in_the_inbox_and_the_detail(client, staff_a, requests_ab):
    mine = requests_ab[0]
    client.force_login(staff_a)
    for url in (INBOX, detail_url(mine)):
        html = client.get(url).content.decode()
        assert "<script>alert(1)" not in html
        assert "<svg onload" not in html
    detail = client.get(detail_url(mine)).content.decode()
    assert "&lt;script&gt;alert(" in detail
    assert "=HYPERLINK(&quot;http://evil.example/&quot;" in detail


def test_detail_labels_answers_in_the_admins_language(admin_client, desk):
    from eservices.formbuilder.models import ServiceFormField

    service = desk["service_a"]
    ServiceFormField.objects.create(
        page=service, label="موضوع درخواست", field_type="singleline", clean_name="subject"
    )
    submission = make_request(service, form_data={"subject": "قطعی برق"})
    html = admin_client.get(detail_url(submission)).content.decode()
    assert "<dt>موضوع درخواست</dt>" in html
    assert "قطعی برق" in html


def test_moving_a_request_answers_the_citizen_and_texts_them(
    client, staff_a, requests_ab, django_capture_on_commit_callbacks
):
    mine = requests_ab[0]
    client.force_login(staff_a)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            detail_url(mine),
            {
                "status": status("answered").pk,
                "public_reply": "کابل تعویض شد.",
                "internal_note": "تیم ۳",
                "assignee": staff_a.pk,
                "notify": "on",
            },
        )
    assert len(callbacks) == 1  # the SMS waits for the change to commit
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status.code == "answered"
    assert mine.public_reply == "کابل تعویض شد."
    assert mine.assignee == staff_a
    change = StatusChange.objects.filter(submission=mine).latest("pk")
    assert (change.status.code, change.internal_note, change.changed_by) == (
        "answered",
        "تیم 3",  # digits are stored ASCII and shown in Persian
        staff_a,
    )
    assert [m.recipients for m in sms.outbox] == [["09121234567"]]
    number = mine.tracking_number
    assert "%s-%s-%s" % (number[:4], number[4:8], number[8:]) in sms.outbox[0].body.translate(
        str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")
    )
    assert "پاسخ داده شد" in sms.outbox[0].body


def test_a_transition_the_status_does_not_allow_is_refused(client, staff_a, requests_ab):
    mine = requests_ab[0]
    client.force_login(staff_a)
    response = client.post(detail_url(mine), {"status": status("closed").pk})
    assert response.status_code == 400
    assert "error" in response.content.decode()
    mine.refresh_from_db()
    assert mine.status.code == "registered"
    assert sms.outbox == []


def test_an_empty_change_is_refused_and_what_was_typed_is_kept(client, staff_a, requests_ab):
    mine = requests_ab[0]
    client.force_login(staff_a)
    response = client.post(detail_url(mine), {"internal_note": "   "})
    assert response.status_code == 400
    response = client.post(
        detail_url(mine), {"status": status("in_review").pk, "assignee": "999999"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'value="%d" selected' % status("in_review").pk in html


def test_staff_cannot_assign_someone_who_cannot_see_the_service(
    client, staff_a, staff_b, requests_ab
):
    mine = requests_ab[0]
    client.force_login(staff_a)
    response = client.post(detail_url(mine), {"assignee": staff_b.pk})
    assert response.status_code == 400
    mine.refresh_from_db()
    assert mine.assignee is None


def test_no_sms_without_a_template_or_when_staff_say_so(
    client, staff_a, requests_ab, django_capture_on_commit_callbacks
):
    mine = requests_ab[0]
    client.force_login(staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(detail_url(mine), {"status": status("in_review").pk})  # notify unticked
    assert sms.outbox == []
    RequestStatus.objects.filter(code="referred").update(sms_template="")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(detail_url(mine), {"status": status("referred").pk, "notify": "on"})
    assert len(callbacks) == 1
    assert sms.outbox == []
    mine.refresh_from_db()
    assert mine.status.code == "referred"


def test_sms_templates_reject_unknown_placeholders(db):
    from django.core.exceptions import ValidationError
    from wagtail.models import Locale

    answered = RequestStatus(
        code="x", name="x", sms_template="{national_code}", locale=Locale.get_default()
    )
    with pytest.raises(ValidationError) as raised:
        answered.full_clean()
    assert "sms_template" in raised.value.message_dict


def test_status_changes_are_audit_logged_with_the_national_code_masked(staff_a, requests_ab):
    mine = requests_ab[0]
    change_status(mine, staff_a, status("in_review"), assignee=staff_a)
    entries = ModelLogEntry.objects.filter(object_id=str(mine.pk)).order_by("pk")
    assert [e.action for e in entries] == [audit.ASSIGN, audit.STATUS_CHANGE]
    data = entries[1].data
    assert data["national_code"] == "xxx-xxxxx-19"
    assert (data["from"], data["to"]) == ("registered", "in_review")
    assert all("0013542419" not in str(e.data) + e.label for e in entries)
    assert all(e.user == staff_a for e in entries)


def test_closing_records_when_and_reopening_clears_it(requests_ab):
    mine = requests_ab[0]
    change_status(mine, None, status("answered"))
    change_status(mine, None, status("closed"))
    assert mine.closed_at is not None
    change_status(mine, None, status("in_review"))
    assert mine.closed_at is None


def test_the_inbox_runs_as_many_queries_for_60_requests_as_for_3(client, staff_a, desk):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staff_a)
    counts = []
    for total in (3, 60):
        while RequestSubmission.objects.filter(page=desk["service_a"]).count() < total:
            make_request(desk["service_a"], assignee=staff_a)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(INBOX).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_staff_read_their_requests_audit_history(client, staff_a, requests_ab):
    mine = requests_ab[0]
    change_status(mine, staff_a, status("in_review"))
    client.force_login(staff_a)
    response = client.get(reverse("eservices_requests:history", args=[mine.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "0013542419" not in html
    assert "از «ثبت شده» به «در حال بررسی» تغییر کرد" in html
    assert "xxx-xxxxx-19" in str(ModelLogEntry.objects.get(action=audit.STATUS_CHANGE).data)
