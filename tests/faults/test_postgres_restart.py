"""PostgreSQL restarted (immediate shutdown, as a crash) during a burst of submissions: every
submission that showed a tracking number is in the database, each gets its receipt SMS once,
and the site and the worker carry on without being restarted."""

import threading
import time

from tests.faults.stack import wait_until

CLIENTS = 4
EACH = 15


def test_postgres_restart_during_a_burst_keeps_every_shown_number(sms):
    """Breaks if a number were shown before its request committed (it would be missing after
    the crash), if gunicorn's workers kept dead connections for good (no 302 after the
    restart), if a lost connection were answered with a 500 instead of the 503 page, or if
    the worker died with the database (receipt SMS never sent)."""
    stack = sms
    citizens = [stack.citizen() for _ in range(CLIENTS)]
    results: list[tuple[float, int, str]] = []
    lock = threading.Lock()
    started = time.monotonic()

    def client(citizen):
        for _ in range(EACH):
            status, number = stack.submit(citizen)
            with lock:
                results.append((time.monotonic() - started, status, number))
            time.sleep(0.05)

    threads = [threading.Thread(target=client, args=(c,)) for c in citizens]
    for thread in threads:
        thread.start()
    wait_until(lambda: len(results) >= CLIENTS * EACH // 3, 120, "a third of the burst")
    restart_at = time.monotonic() - started
    stack.pg.restart("immediate")
    restarted_at = time.monotonic() - started
    for thread in threads:
        thread.join(180)

    shown = [number for _t, status, number in results if number]
    failed = [status for _t, status, number in results if not number]
    after = [number for t, _status, number in results if number and t > restarted_at]
    print(
        "\nPostgreSQL restart: %d submissions, %d showed a number, %d failed (%s); restart "
        "%.1f-%.1f s; %d numbers shown after it"
        % (
            len(results),
            len(shown),
            len(failed),
            sorted(set(failed)),
            restart_at,
            restarted_at,
            len(after),
        )
    )
    assert len(results) == CLIENTS * EACH
    assert set(failed) <= {503}, failed  # the 503 page, never a 500
    assert after, "no submission succeeded after the restart"
    stored = {
        row[0] for row in stack.pg.query("SELECT tracking_number FROM eservices_requestsubmission")
    }
    missing = set(shown) - stored
    assert not missing, "shown but not stored: %s" % sorted(missing)

    # Every shown request's receipt SMS goes out once, sent by the same worker process.
    def receipts_sent() -> bool:
        rows = stack.pg.query(
            "SELECT a.outcome FROM eservices_smsattempt a JOIN eservices_requestsubmission s "
            "ON s.id = a.submission_id WHERE a.kind = 'receipt' AND s.tracking_number IN (%s)"
            % ",".join("'%s'" % n for n in shown)
        )
        return len(rows) == len(shown) and all(row[0] == "sent" for row in rows)

    wait_until(receipts_sent, 120, "every receipt SMS sent", every=1)
    references = [m["reference"] for m in stack.outbox()]
    assert len(references) == len(set(references)), "an SMS went out twice"
