"""The task worker killed (SIGKILL) in the middle of sending an SMS: once a worker runs again
the task is run again (its 'running' mark is older than the lease), and no SMS goes out twice
whether the provider had the message or not; a provider that cannot tell gets nothing more
(at most once) and staff see 'unknown'."""

import signal

import pytest

from tests.faults.stack import wait_until
from tests.faults.test_sms_provider import attempt_of


def task_status(stack, attempt_id: str) -> list[str]:
    rows = stack.pg.query(
        "SELECT status FROM django_tasks_database_dbtaskresult "
        "WHERE task_path = 'eservices.requests.workflow.send_request_sms_task' "
        "AND args_kwargs->'kwargs'->>'sms_attempt_id' = '%s' ORDER BY enqueued_at" % attempt_id
    )
    return [row[0] for row in rows]


@pytest.mark.parametrize(
    "hold, backend, outcome, copies",
    [
        # Killed before the provider took it: sent once, by the run after the restart.
        ("hold", "tests.faults.sms_backend.FaultySmsBackend", "sent", 1),
        # Killed after the provider took it: the rerun asks, finds it, sends nothing.
        ("accept-hold", "tests.faults.sms_backend.FaultySmsBackend", "sent", 1),
        # Killed after the provider took it, and the provider cannot be asked: not resent.
        ("accept-hold", "tests.faults.sms_backend.BlindSmsBackend", "unknown", 1),
    ],
)
def test_killed_worker_task_runs_again_without_a_second_sms(sms, hold, backend, outcome, copies):
    """Breaks if stranded tasks were not requeued (the attempt would stay 'sending' and the
    task 'RUNNING' for ever), if the rerun sent without checking (two copies in the outbox
    for 'accept-hold'), or if it trusted a provider that cannot tell (two copies, or 'sent'
    with the blind backend)."""
    stack = sms
    citizen = stack.citizen()
    (stack.sms_dir / "entered").unlink(missing_ok=True)
    stack.set_sms(hold)
    status, number = stack.submit(citizen)
    assert status == 302 and number
    attempt_id, _ = attempt_of(stack, number)
    wait_until(lambda: (stack.sms_dir / "entered").exists(), 30, "the worker inside the provider")
    assert attempt_of(stack, number)[1] == "sending"
    stack.worker.kill(signal.SIGKILL)
    assert task_status(stack, attempt_id)[-1] == "RUNNING"
    stack.set_sms("ok")

    stack.worker.start(SMS_BACKEND=backend)
    try:
        wait_until(lambda: attempt_of(stack, number)[1] == outcome, 60, "outcome " + outcome)
        wait_until(lambda: task_status(stack, attempt_id)[-1] == "SUCCESSFUL", 30, "task done")
    finally:
        stack.worker.kill(signal.SIGTERM)  # the next test starts the default backend
    reference = "sms-attempt-%s" % attempt_id
    assert len([m for m in stack.outbox() if m["reference"] == reference]) == copies
    code, html, _headers = stack.get(citizen["path"] + "receipt/%s/" % number, citizen["cookie"])
    assert 'data-receipt-sms="%s"' % ("sent" if outcome == "sent" else "failed") in html
