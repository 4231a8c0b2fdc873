"""The SMS provider failing or hanging: the request is stored at once, the citizen's receipt
says the SMS may be late, the worker tries again until the provider answers, and the message
goes out once."""

import time

import pytest

from tests.faults.stack import wait_until


def attempt_of(stack, number: str) -> tuple[str, str]:
    rows = stack.pg.query(
        "SELECT a.id, a.outcome FROM eservices_smsattempt a JOIN eservices_requestsubmission s "
        "ON s.id = a.submission_id WHERE s.tracking_number = '%s' AND a.kind = 'receipt'" % number
    )
    assert len(rows) == 1, rows
    return rows[0][0], rows[0][1]


@pytest.mark.parametrize("fault", ["fail", "hang"])
def test_provider_down_or_hanging_delays_the_sms_but_not_the_request(sms, fault):
    """Breaks if the SMS were sent inside the request (the POST would fail or take the
    provider's timeout), if a failed try were not queued again (the attempt would stay
    'queued' for ever or turn 'failed'), if the receipt did not tell the citizen, or if the
    retries sent the message twice."""
    stack = sms
    citizen = stack.citizen()
    stack.set_sms(fault)
    calls_before = len(stack.sms_calls())
    started = time.monotonic()
    status, number = stack.submit(citizen)
    took = time.monotonic() - started
    assert status == 302 and number, status
    assert took < 2.0, "the POST waited for the SMS provider (%.1f s)" % took
    assert stack.pg.query(
        "SELECT count(*) FROM eservices_requestsubmission WHERE tracking_number = '%s'" % number
    ) == [["1"]]

    code, html, _headers = stack.get(citizen["path"] + "receipt/%s/" % number, citizen["cookie"])
    assert code == 200
    assert 'data-receipt-sms="pending"' in html

    # The worker tries, fails, and queues the SMS again: at least two calls, still not sent.
    wait_until(lambda: len(stack.sms_calls()) >= calls_before + 2, 30, "two tries")
    attempt_id, outcome = attempt_of(stack, number)
    assert outcome in ("queued", "sending")
    reference = "sms-attempt-%s" % attempt_id
    assert not [m for m in stack.outbox() if m["reference"] == reference]

    stack.set_sms("ok")
    wait_until(lambda: attempt_of(stack, number)[1] == "sent", 60, "the SMS sent")
    sent = [m for m in stack.outbox() if m["reference"] == reference]
    assert len(sent) == 1, sent
    assert number[:4] in sent[0]["body"].translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789"))
    code, html, _headers = stack.get(citizen["path"] + "receipt/%s/" % number, citizen["cookie"])
    assert 'data-receipt-sms="sent"' in html
