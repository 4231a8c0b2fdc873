"""The one-time code's SMS on the production queue (django-tasks-db): queued sealed, made and
sent by the worker, tried again with backoff while the code is valid (issue 13)."""

import json
import logging
from datetime import timedelta

import pytest
import sms
import time_machine
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from eservices.identity.models import SmsChallengeDevice
from eservices.identity.tasks import SMS_TEXT, seal, unseal
from eservices.identity.views import send_code
from tests.queue import DATABASE_TASKS, our_tasks, run_due_tasks
from tests.sms.conftest import Answer, kavenegar_answer

MOBILE = "09123456789"


@pytest.fixture
def queue(settings, db):
    settings.TASKS = DATABASE_TASKS
    settings.SMS_BACKEND = "sms.backends.locmem.SmsBackend"
    return settings


def issue() -> tuple[SmsChallengeDevice, str]:
    return SmsChallengeDevice.issue(session_key="s" * 32, mobile=MOBILE, national_code="0013542419")


def queued_rows() -> list[DBTaskResult]:
    return list(our_tasks())


def test_seal_hides_the_code_and_unseal_restores_it(settings):
    """Breaks if ``seal`` returns the code itself or ``unseal`` does not invert it."""
    challenge = "a" * 32
    codes = ["%06d" % n for n in (0, 1, 123456, 999999, 654321)]
    sealed = [seal(challenge, code) for code in codes]
    assert [unseal(challenge, value) for value in sealed] == codes
    assert all(len(value) == 6 and value.isdigit() for value in sealed)
    assert sum(value == code for value, code in zip(sealed, codes, strict=True)) <= 1
    # Another challenge, or another SECRET_KEY, gives another pad.
    assert seal("b" * 32, "123456") != seal(challenge, "123456")
    other = seal(challenge, "123456")
    settings.SECRET_KEY = "another-secret-key-for-this-test-only"
    assert seal(challenge, "123456") != other


def test_a_code_waits_in_the_queue_sealed_and_the_worker_sends_it(queue, caplog):
    """Breaks if the code (or its text) is queued in clear, or the worker does not send it."""
    device, code = issue()
    caplog.set_level(logging.DEBUG)

    send_code(device, MOBILE, code)

    assert sms.outbox == []
    [row] = queued_rows()
    stored = json.dumps(row.args_kwargs)
    assert row.status == TaskResultStatus.READY
    assert device.challenge_id in stored
    assert code not in stored
    assert "کد تایید" not in stored

    assert run_due_tasks() == 1

    [message] = sms.outbox
    assert message.body == SMS_TEXT % {"code": code}
    assert message.recipients == [MOBILE]
    row.refresh_from_db()
    assert (row.status, row.return_value) == (TaskResultStatus.SUCCESSFUL, 1)
    assert code not in caplog.text


def test_a_code_that_expired_in_the_queue_is_not_sent(queue):
    """Breaks if the worker sends a code whose challenge is no longer valid."""
    device, code = issue()
    send_code(device, MOBILE, code)

    with time_machine.travel(timezone.now() + timedelta(seconds=121)):
        assert run_due_tasks() == 1

    assert sms.outbox == []
    [row] = queued_rows()
    assert (row.status, row.return_value) == (TaskResultStatus.SUCCESSFUL, 0)


def test_a_code_already_used_is_not_sent(queue):
    """Breaks if the worker ignores ``used`` (a late retry would text a spent code)."""
    device, code = issue()
    send_code(device, MOBILE, code)
    SmsChallengeDevice.objects.filter(pk=device.pk).update(used=True)

    run_due_tasks()

    assert sms.outbox == []


def test_a_tampered_queue_entry_is_refused_and_nothing_is_sent(queue):
    """Breaks if the worker sends whatever digits the queue holds without checking them
    against the challenge's HMAC."""
    device, code = issue()
    wrong = "%06d" % ((int(code) + 1) % 10**6)
    from eservices.identity.tasks import send_code_task

    send_code_task.enqueue(
        challenge_id=device.challenge_id, mobile=MOBILE, sealed=seal(device.challenge_id, wrong)
    )
    run_due_tasks()

    assert sms.outbox == []
    [row] = queued_rows()
    assert row.status == TaskResultStatus.FAILED
    assert wrong not in row.traceback and code not in row.traceback


def test_a_failing_provider_is_tried_again_after_a_pause_then_the_code_goes_out(queue, kavenegar):
    """Breaks if a retryable failure is not queued again with the backoff, or if the retry
    sends another code than the one issued."""
    queue.ESERVICES_SMS_RETRIES = 0  # one HTTP try per task try
    kavenegar.answer(Answer(status=503, body=b"busy"), kavenegar_answer())
    device, code = issue()
    send_code(device, MOBILE, code)
    started = timezone.now()

    assert run_due_tasks() == 1  # the first try fails and queues the second
    assert len(kavenegar.received) == 1
    first, second = queued_rows()
    assert (first.status, first.return_value) == (TaskResultStatus.SUCCESSFUL, 0)
    assert second.status == TaskResultStatus.READY
    wait = (second.run_after - started).total_seconds()
    assert 29 <= wait <= 35
    assert run_due_tasks() == 0  # not due yet

    with time_machine.travel(timezone.now() + timedelta(seconds=31)):
        assert run_due_tasks() == 1

    assert len(kavenegar.received) == 2
    assert kavenegar.received[1].form["message"] == [SMS_TEXT % {"code": code}]
    second.refresh_from_db()
    assert (second.status, second.return_value) == (TaskResultStatus.SUCCESSFUL, 1)


def test_a_refusing_provider_is_not_tried_again(queue, kavenegar):
    """Breaks if a final refusal (no credit: 418) is retried."""
    kavenegar.answer(kavenegar_answer(418, http_status=418))
    device, code = issue()
    send_code(device, MOBILE, code)

    run_due_tasks()

    [row] = queued_rows()
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path.endswith("SmsSendError")
    assert code not in row.traceback
    assert len(kavenegar.received) == 1


def test_retries_stop_when_the_code_expires(queue, kavenegar):
    """Breaks if retries go on past the code's validity."""
    queue.ESERVICES_SMS_RETRIES = 0
    kavenegar.answer(Answer(status=503, body=b"busy"))
    device, code = issue()
    send_code(device, MOBILE, code)
    now = timezone.now()
    for seconds in (0, 31, 92, 213, 454):
        with time_machine.travel(now + timedelta(seconds=seconds)):
            run_due_tasks()

    # 30 s, then 60 s later: the third try (at 92 s) is the last inside the 120 s.
    assert len(kavenegar.received) == 3
    assert not our_tasks().filter(status=TaskResultStatus.READY).exists()


def test_with_the_immediate_backend_a_failure_comes_back_at_once(settings, db, kavenegar):
    """Breaks if the immediate backend (make run, tests) swallows a provider failure: the
    citizen must be told to try again."""
    from eservices.identity.views import CodeNotSent

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    kavenegar.answer(Answer(status=503, body=b"busy"))
    device, code = issue()
    with pytest.raises(CodeNotSent):
        send_code(device, MOBILE, code)
