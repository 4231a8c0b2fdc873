"""send_sms_task and enqueue_sms: queued through django-tasks, delivered through django-sms."""

import pytest
import sms
from django_tasks import TaskResultStatus
from sms.backends.base import BaseSmsBackend

from eservices.sms.backends import SmsSendError
from eservices.sms.tasks import enqueue_sms, send_sms_task
from tests.sms.conftest import API_KEY, NUMBER, kavenegar_answer

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


class SendsNothingBackend(BaseSmsBackend):
    """A backend that drops every message without raising."""

    def send_messages(self, messages):
        return 0


@pytest.fixture
def immediate(settings, outbox):
    settings.TASKS = IMMEDIATE
    settings.SMS_BACKEND = "sms.backends.locmem.SmsBackend"
    return outbox


def test_enqueue_with_the_immediate_backend_delivers_into_the_outbox(immediate):
    result = enqueue_sms("Your code is 123456", [NUMBER])

    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 1
    [message] = sms.outbox
    assert message.body == "Your code is 123456"
    assert message.recipients == [NUMBER]


def test_enqueue_accepts_a_single_number_and_an_originator(immediate):
    enqueue_sms("Hello", NUMBER, originator="10004346")

    [message] = sms.outbox
    assert message.recipients == [NUMBER]
    assert message.originator == "10004346"


def test_enqueue_with_a_queue_backend_sends_nothing_yet(settings, outbox):
    settings.TASKS = DUMMY
    settings.SMS_BACKEND = "sms.backends.locmem.SmsBackend"

    result = enqueue_sms("Hello", [NUMBER])

    assert result.status == TaskResultStatus.READY
    assert result.task.name == "send_sms_task"
    assert result.kwargs == {"body": "Hello", "recipients": [NUMBER], "originator": None}
    assert sms.outbox == []


def test_the_task_raises_when_the_provider_refuses_so_the_queue_sees_a_failure(settings, kavenegar):
    settings.TASKS = IMMEDIATE
    kavenegar.answer(kavenegar_answer(418, http_status=418))

    with pytest.raises(SmsSendError):
        send_sms_task.call("Your code is 654321", [NUMBER])

    result = enqueue_sms("Your code is 654321", [NUMBER])

    assert result.status == TaskResultStatus.FAILED
    [error] = result.errors
    assert error.exception_class is SmsSendError
    for secret in ("654321", NUMBER, API_KEY):
        assert secret not in error.traceback


def test_the_task_raises_when_the_backend_silently_sends_nothing(settings):
    settings.TASKS = IMMEDIATE
    settings.SMS_BACKEND = "tests.sms.test_tasks.SendsNothingBackend"

    result = enqueue_sms("Hello", [NUMBER])

    assert result.status == TaskResultStatus.FAILED
    assert result.errors[0].exception_class is SmsSendError
