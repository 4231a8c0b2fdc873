"""After a request is stored, the registrant is texted its tracking number (issue 11).

The mobile and national code stored with a request of a gated service are the verified
identity's, whatever fields the editor built; the SMS goes through the task queue once the
submission has committed, in the language of the page, and its outcome is recorded.
"""

import re

import pytest
import sms
from django.utils import timezone
from sms.backends.base import BaseSmsBackend

from eservices.identity.session import SESSION_IDENTITY
from eservices.requests.models import RequestSubmission, SmsAttempt
from tests.captcha import captcha_answer
from tests.factories import make_complaint

from .test_request_flow import URL, fields_by_label, valid_data

pytestmark = pytest.mark.django_db

MOBILE = "09351112233"
NATIONAL_CODE = "0084575948"
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


class RefusingBackend(BaseSmsBackend):
    """A provider that is down."""

    def send_messages(self, messages):
        raise OSError("provider unreachable")


def verify(client, mobile=MOBILE, national_code=NATIONAL_CODE) -> None:
    """Put a verified identity in the client's session, as the gate does after a right code."""
    session = client.session
    now = timezone.now().timestamp()
    session[SESSION_IDENTITY] = {
        "mobile": mobile,
        "national_code": national_code,
        "verified_at": now,
        "last_seen": now,
    }
    session.save()


def grouped(number: str) -> str:
    return "%s-%s-%s" % (number[:4], number[4:8], number[8:])


def test_a_gated_request_stores_the_verified_identity_and_texts_the_receipt_after_commit(
    client, django_capture_on_commit_callbacks
):
    complaint = make_complaint(requires_identity=True)
    keys = fields_by_label(complaint)
    verify(client)
    # The demo form has no registrant-mobile field; its applicant mobile is another number,
    # and a forged registrant national code is posted.
    data = valid_data(complaint)
    data[keys["شماره ملی ثبت کننده درخواست"]] = "0013542419"
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(URL, data)
        assert response.status_code == 302
        assert sms.outbox == []  # nothing is sent before the submission commits
    submission = RequestSubmission.objects.get()
    assert (submission.registrant_mobile, submission.registrant_national_code) == (
        MOBILE,
        NATIONAL_CODE,
    )
    for callback in callbacks:
        callback()
    [message] = sms.outbox
    assert message.recipients == [MOBILE]
    assert grouped(submission.tracking_number).translate(PERSIAN) in message.body
    assert "ثبت شکایات مردمی در حوزه توزیع برق" in message.body
    assert "ثبت شد" in message.body
    attempt = SmsAttempt.objects.get(submission=submission)
    assert (attempt.kind, attempt.outcome) == ("receipt", "sent")


def test_the_receipt_sms_is_in_the_language_of_the_page(client, django_capture_on_commit_callbacks):
    complaint = make_complaint(requires_identity=True, english=True)
    verify(client)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en" + URL, valid_data(complaint))
    assert response.status_code == 302
    submission = RequestSubmission.objects.get()
    [message] = sms.outbox
    assert "Tracking number: %s" % grouped(submission.tracking_number) in message.body
    assert not re.search("[۰-۹]", message.body)


def test_a_provider_fault_keeps_the_request_and_is_recorded(
    client, settings, django_capture_on_commit_callbacks
):
    settings.SMS_BACKEND = "tests.requests.test_sms_receipt.RefusingBackend"
    complaint = make_complaint(requires_identity=True)
    verify(client)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, valid_data(complaint))
    assert response.status_code == 302
    submission = RequestSubmission.objects.get()
    assert client.get(response["Location"]).status_code == 200
    assert SmsAttempt.objects.get(submission=submission).outcome == "failed"


def test_without_a_known_mobile_nothing_is_sent_and_that_is_recorded(
    client, complaint, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        data = {**valid_data(complaint), **captcha_answer(client)}  # no gate: a captcha
        assert client.post(URL, data).status_code == 302
    assert sms.outbox == []
    attempt = SmsAttempt.objects.get()
    assert (attempt.kind, attempt.outcome) == ("receipt", "no_mobile")
