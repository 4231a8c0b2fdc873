"""Redis down: the public catalog still answers (the page cache fails open); what needs the
session (the gated form) answers a clear 503 page in the site's frame, without a traceback;
no request that showed a tracking number is lost, and the site recovers when Redis returns."""

from tests.faults.stack import wait_until

CATALOG = "/e-services/"
TITLES = ("موقتاً در دسترس نیست", "Temporarily unavailable")


def count_requests(stack) -> int:
    return int(stack.pg.query("SELECT count(*) FROM eservices_requestsubmission")[0][0])


def assert_unavailable_page(code: int, html: str, headers: dict) -> None:
    assert code == 503, (code, html[:500])
    assert headers.get("Retry-After") == "30"
    assert 'lang="fa"' in html and 'dir="rtl"' in html
    assert any(title in html for title in TITLES)
    assert "Traceback" not in html and "redis" not in html.lower()


def test_redis_down_catalog_answers_form_fails_clearly_nothing_lost(sms):
    """Breaks if the page cache did not fail open (the catalog would be a 500), if a cache
    outage were answered with the plain 500 page (or a traceback) instead of the 503 page, or
    if a request that showed its number were missing from the database."""
    stack = sms
    citizen = stack.citizen()
    status, before_number = stack.submit(citizen)
    assert status == 302 and before_number
    assert stack.get(CATALOG)[0] == 200
    stored = count_requests(stack)

    stack.redis.kill()
    try:
        code, html, _headers = stack.get(CATALOG)
        assert code == 200, html[:500]
        assert "13031986101" in html or "شکایت" in html

        assert_unavailable_page(*stack.get(citizen["path"], citizen["cookie"]))
        shown = []
        for _ in range(5):
            status, location, html = stack.post(citizen["path"], citizen["data"], citizen["cookie"])
            assert status in (302, 503), status
            if status == 302:
                shown.append(location)
            else:
                assert_unavailable_page(status, html, {"Retry-After": "30"})
        # A request is stored only once its session was read: none was stored meanwhile, or
        # each one stored shows in the database (none is half-made).
        assert count_requests(stack) == stored + len(shown)
    finally:
        stack.redis.start()

    # Back: sessions were lost with Redis (a citizen verifies again), the site answers.
    assert stack.get(CATALOG)[0] == 200
    again = stack.citizen()
    status, number = stack.submit(again)
    assert status == 302 and number
    numbers = {
        row[0] for row in stack.pg.query("SELECT tracking_number FROM eservices_requestsubmission")
    }
    assert {before_number, number} <= numbers
    wait_until(lambda: stack.get("/healthz")[0] == 200, 30, "/healthz healthy again")
