"""The pieces of fault recovery, in process, on both stacks: stranded tasks requeued, an SMS
cut off mid-send not sent twice, the receipt's SMS note, the 503 page, the cache failing open
only for copies of database rows."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from cms_site.cache import FailOpenRedisCache
from eservices.requests.mixins import RequestFormMixin
from eservices.requests.models import RequestStatus, RequestSubmission, SmsAttempt
from eservices.requests.workflow import send_request_sms_task
from eservices.sms.tasks import requeue_stranded
from tests.faults import sms_backend
from tests.faults.stack import free_port

SEND = "eservices.requests.workflow.send_request_sms_task"


def task_row(path: str, started_ago: float) -> DBTaskResult:
    now = timezone.now()
    return DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        started_at=now - timedelta(seconds=started_ago),
        args_kwargs={"args": [], "kwargs": {"sms_attempt_id": 1}},
        task_path=path,
        backend_name="default",
        run_after=now,
    )


@pytest.mark.django_db
def test_only_rerunnable_tasks_running_past_the_lease_are_queued_again():
    """Breaks if the lease were ignored (a live worker's task requeued), if a task that cannot
    tell whether it already sent (send_sms_task) were rerun, or if nothing were requeued."""
    stranded = task_row(SEND, 600)
    fresh = task_row(SEND, 5)
    plain = task_row("eservices.sms.tasks.send_sms_task", 600)
    assert requeue_stranded(lease=300) == 1
    for row in (stranded, fresh, plain):
        row.refresh_from_db()
    assert stranded.status == TaskResultStatus.READY and stranded.run_after <= timezone.now()
    assert fresh.status == plain.status == TaskResultStatus.RUNNING


@pytest.fixture
def provider(settings, tmp_path, monkeypatch):
    monkeypatch.setenv("FAULTS_SMS_DIR", str(tmp_path))
    settings.SMS_BACKEND = "tests.faults.sms_backend.FaultySmsBackend"
    return settings


def cut_off_attempt(complaint) -> SmsAttempt:
    """A receipt SMS whose worker died while handing it to the provider."""
    submission = RequestSubmission(
        page=complaint,
        form_data={},
        registrant_mobile="09121234567",
        status=RequestStatus.initial(),
    )
    submission.save_with_tracking_number()
    return SmsAttempt.objects.create(
        submission=submission, kind=SmsAttempt.Kind.RECEIPT, outcome=SmsAttempt.Outcome.SENDING
    )


@pytest.mark.django_db
def test_a_cut_off_sms_the_provider_never_got_is_sent_once(complaint, provider):
    """Breaks if a 'sending' attempt were skipped (never sent) or sent on every rerun."""
    attempt = cut_off_attempt(complaint)
    assert send_request_sms_task.call(sms_attempt_id=attempt.pk) == 1
    assert send_request_sms_task.call(sms_attempt_id=attempt.pk) == 0
    attempt.refresh_from_db()
    assert attempt.outcome == SmsAttempt.Outcome.SENT
    assert [m["reference"] for m in sms_backend.outbox()] == ["sms-attempt-%d" % attempt.pk]


@pytest.mark.django_db
def test_a_cut_off_sms_the_provider_has_is_not_sent_again(complaint, provider):
    """Breaks if the rerun sent without asking the provider (two copies)."""
    attempt = cut_off_attempt(complaint)
    sms_backend.append("outbox.jsonl", '{"reference": "sms-attempt-%d"}' % attempt.pk)
    assert send_request_sms_task.call(sms_attempt_id=attempt.pk) == 0
    attempt.refresh_from_db()
    assert attempt.outcome == SmsAttempt.Outcome.SENT
    assert len(sms_backend.outbox()) == 1


@pytest.mark.django_db
def test_a_cut_off_sms_is_not_resent_when_the_provider_cannot_tell(complaint, provider):
    """Breaks if the rerun sent blindly (at least once instead of at most once)."""
    provider.SMS_BACKEND = "tests.faults.sms_backend.BlindSmsBackend"
    attempt = cut_off_attempt(complaint)
    assert send_request_sms_task.call(sms_attempt_id=attempt.pk) == 0
    attempt.refresh_from_db()
    assert attempt.outcome == SmsAttempt.Outcome.UNKNOWN and attempt.not_sent
    assert sms_backend.outbox() == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "outcome, shown",
    [
        ("queued", "pending"),
        ("sending", "pending"),
        ("sent", "sent"),
        ("failed", "failed"),
        ("unknown", "failed"),
        ("no_mobile", ""),
    ],
)
def test_the_receipt_tells_what_became_of_its_sms(complaint, outcome, shown):
    """Breaks if a queued SMS were shown as sent, or a lost one not shown as failed."""
    attempt = cut_off_attempt(complaint)
    SmsAttempt.objects.filter(pk=attempt.pk).update(outcome=outcome)
    assert RequestFormMixin.receipt_sms(attempt.submission) == shown


@pytest.fixture
def down_client(settings):
    settings.ROOT_URLCONF = "tests.faults.urls"
    client = Client()
    client.raise_request_exception = False
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/down/redis/", "/down/database/"])
def test_redis_or_database_down_is_a_framed_503_not_a_500(down_client, url):
    """Breaks if server_error stopped telling an outage (the 500 page) or lost Retry-After."""
    response = down_client.get(url)
    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert 'lang="fa"' in html and "Traceback" not in html
    assert "موقتاً در دسترس نیست" in html or "Temporarily unavailable" in html


def test_the_cache_fails_open_only_for_copies_of_database_rows():
    """Breaks if a session or rate-limit key read as a miss with Redis down (a limit would
    fail open), or if Wagtail's site roots raised (every page would be a 503)."""
    cache = FailOpenRedisCache(
        "redis://127.0.0.1:%d/0" % free_port(),
        {"OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1}},
    )
    assert cache.get("wagtail_site_root_paths", version=2) is None
    assert cache.set("eservices:page:v:abc", b"x") is False
    with pytest.raises(Exception) as raised:
        cache.get("eservices:rl:otp-ip-hour:abc")
    assert "connect" in str(raised.value).lower()
