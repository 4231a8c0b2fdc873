"""A request's SMS (receipt, status change) on the production queue (django-tasks-db): the
queue holds the attempt, the worker makes the text, sends it, tries again with backoff and,
when it gives up, staff see "could not be sent" on the request (issue 13)."""

import json
from datetime import timedelta

import pytest
import sms
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus

from eservices.requests.models import RequestStatus
from eservices.requests.workflow import send_receipt_sms, send_status_sms
from tests.queue import DATABASE_TASKS, our_tasks, run_due_tasks
from tests.sms.conftest import (  # noqa: F401 (fixtures)
    Answer,
    kavenegar,
    kavenegar_answer,
    provider,
    sleeps,
    sms_settings,
)

from .conftest import make_request

MOBILE = "09121234567"


@pytest.fixture
def queue(settings):
    settings.TASKS = DATABASE_TASKS
    settings.SMS_BACKEND = "sms.backends.locmem.SmsBackend"
    return settings


def answered() -> RequestStatus:
    return RequestStatus.objects.workflow().get(code="answered")


def test_the_queue_holds_the_attempt_and_the_worker_sends_the_receipt(desk, queue):
    """Breaks if the text is queued instead of the attempt, or if the worker does not record
    that the SMS went out."""
    mine = make_request(desk["service_a"], mobile=MOBILE)

    attempt = send_receipt_sms(mine)

    assert attempt.outcome == "queued" and attempt.task_id
    assert sms.outbox == []
    [row] = our_tasks()
    assert str(row.id) == attempt.task_id
    stored = json.dumps(row.args_kwargs)
    assert mine.tracking_number not in stored and MOBILE not in stored

    assert run_due_tasks() == 1

    [message] = sms.outbox
    assert message.recipients == [MOBILE]
    assert "ثبت شد" in message.body or "registered" in message.body
    attempt.refresh_from_db()
    assert attempt.outcome == "sent"


def test_a_status_sms_is_tried_again_then_given_up_and_staff_see_it(
    client,
    staff_a,
    desk,
    queue,
    kavenegar,  # noqa: F811
):
    """Breaks if a failing provider is not retried with backoff, or if giving up leaves the
    attempt "queued" instead of showing staff that the citizen was not texted."""
    queue.ESERVICES_SMS_RETRIES = 0
    queue.ESERVICES_SMS_TASK_RETRIES = 2
    kavenegar.answer(Answer(status=503, body=b"down"))
    mine = make_request(desk["service_a"], mobile=MOBILE)
    attempt = send_status_sms(mine, answered())
    now = timezone.now()

    for seconds in (0, 31, 92):  # the first try, then 30 s and 60 s later
        with time_machine.travel(now + timedelta(seconds=seconds)):
            assert run_due_tasks() == 1
            attempt.refresh_from_db()
            assert attempt.outcome == ("failed" if seconds == 92 else "queued")

    assert len(kavenegar.received) == 3
    assert run_due_tasks() == 0
    last = our_tasks().last()
    assert last.status == TaskResultStatus.FAILED
    assert last.exception_class_path.endswith("SmsSendError")

    client.force_login(staff_a)
    html = client.get(reverse("eservices_requests:detail", args=[mine.pk])).content.decode()
    assert "eservices-sms-not-sent" in html
    assert "ارسال نشد" in html


def test_a_status_sms_goes_out_on_the_retry_when_the_provider_recovers(
    desk,
    queue,
    kavenegar,  # noqa: F811
):
    """Breaks if the retry does not send the status's text or record it as sent."""
    queue.ESERVICES_SMS_RETRIES = 0
    kavenegar.answer(Answer(status=502, body=b"bad gateway"), kavenegar_answer())
    mine = make_request(desk["service_a"], mobile=MOBILE)
    attempt = send_status_sms(mine, answered())

    run_due_tasks()
    with time_machine.travel(timezone.now() + timedelta(seconds=31)):
        run_due_tasks()

    attempt.refresh_from_db()
    assert attempt.outcome == "sent"
    [_first, second] = kavenegar.received
    assert second.form["receptor"] == [MOBILE]


def test_a_refused_sms_is_not_retried(desk, queue, kavenegar):  # noqa: F811
    """Breaks if a refusal (bad number, no credit) is tried again."""
    kavenegar.answer(kavenegar_answer(418, http_status=418))
    mine = make_request(desk["service_a"], mobile=MOBILE)
    attempt = send_status_sms(mine, answered())

    assert run_due_tasks() == 1
    assert run_due_tasks() == 0
    attempt.refresh_from_db()
    assert attempt.outcome == "failed"
    assert len(kavenegar.received) == 1


def test_an_attempt_already_sent_is_not_sent_again(desk, queue):
    """Breaks if a task delivered twice (or run again by hand) texts the citizen twice."""
    mine = make_request(desk["service_a"], mobile=MOBILE)
    attempt = send_receipt_sms(mine)
    run_due_tasks()
    our_tasks().filter(id=attempt.task_id).update(status=TaskResultStatus.READY)

    run_due_tasks()

    assert len(sms.outbox) == 1


def test_a_hanging_provider_times_out_and_the_sms_goes_out_on_the_retry(
    desk,
    queue,
    kavenegar,  # noqa: F811
):
    """Breaks if a provider that never answers holds the worker beyond the timeout, or if
    the timed-out SMS is not tried again."""
    queue.ESERVICES_SMS_RETRIES = 0
    queue.ESERVICES_SMS_TIMEOUT = 0.3
    kavenegar.answer(Answer(delay=5.0), kavenegar_answer())
    mine = make_request(desk["service_a"], mobile=MOBILE)
    attempt = send_receipt_sms(mine)

    started = timezone.now()
    run_due_tasks()
    assert (timezone.now() - started).total_seconds() < 3
    attempt.refresh_from_db()
    assert attempt.outcome == "queued"

    with time_machine.travel(timezone.now() + timedelta(seconds=31)):
        run_due_tasks()
    attempt.refresh_from_db()
    assert attempt.outcome == "sent"
    assert len(kavenegar.received) == 2
