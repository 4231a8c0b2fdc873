"""Staff see what became of the SMS about a request, and cannot text a citizen whose mobile
is unknown (issue 11)."""

import re

import sms
from django.urls import reverse
from django_tasks import TaskResultStatus, default_task_backend

from eservices.requests.models import RequestStatus, SmsAttempt
from eservices.requests.workflow import send_status_sms
from tests.queue import DATABASE_TASKS, run_due_tasks

from .conftest import make_request


def detail_url(submission) -> str:
    return reverse("eservices_requests:detail", args=[submission.pk])


def status(code: str) -> RequestStatus:
    return RequestStatus.objects.workflow().get(code=code)


def test_text_the_citizen_cannot_be_ticked_without_a_mobile(
    client, staff_a, desk, django_capture_on_commit_callbacks
):
    mine = make_request(desk["service_a"], mobile="")
    client.force_login(staff_a)
    html = client.get(detail_url(mine)).content.decode()
    notify = re.search(r'<input[^>]*name="notify"[^>]*>', html).group(0)
    assert " disabled" in notify and " checked" not in notify
    assert "شماره همراهی برای این درخواست ثبت نشده است" in html
    # A forged tick is ignored: nothing is queued, nothing claims an SMS was tried.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(detail_url(mine), {"status": status("answered").pk, "notify": "on"})
    assert response.status_code == 302
    assert callbacks == []
    assert sms.outbox == []
    mine.refresh_from_db()
    assert mine.status.code == "answered"


def test_a_status_sms_that_could_not_be_sent_is_shown_on_the_request_page(
    client, staff_a, desk, settings, django_capture_on_commit_callbacks
):
    settings.SMS_BACKEND = "tests.requests.test_sms_receipt.RefusingBackend"
    mine = make_request(desk["service_a"])
    client.force_login(staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(detail_url(mine), {"status": status("answered").pk, "notify": "on"})
    assert response.status_code == 302
    attempt = SmsAttempt.objects.get(submission=mine)
    assert (attempt.kind, attempt.status_code, attempt.outcome) == ("status", "answered", "failed")
    html = client.get(detail_url(mine)).content.decode()
    assert "eservices-sms-not-sent" in html
    assert "ارسال نشد" in html


def test_a_queued_sms_gets_its_outcome_when_the_worker_finishes(desk, settings):
    """Breaks if the worker sends the SMS without recording it on the attempt."""
    settings.TASKS = DATABASE_TASKS
    settings.ESERVICES_SMS_TASK_RETRIES = 0
    settings.SMS_BACKEND = "tests.requests.test_sms_receipt.RefusingBackend"
    mine = make_request(desk["service_a"])
    attempt = send_status_sms(mine, status("answered"))
    assert attempt.outcome == "queued" and attempt.task_id
    assert run_due_tasks() == 1
    attempt.refresh_from_db()
    assert attempt.outcome == "failed"
    assert default_task_backend.get_result(attempt.task_id).status == TaskResultStatus.FAILED
