"""O3 over HTTP: parallel codes posted in one session to a live server, on SQLite (a file
database) as on PostgreSQL. They queue; none is a server error, and the attempt limit holds."""

import pytest
from django.utils import translation
from wagtail.models import ModelLogEntry

from eservices.conf import settings
from eservices.core import audit, ratelimit
from eservices.identity.forms import REFUSALS
from eservices.identity.models import SmsChallengeDevice
from tests.factories import make_complaint
from tests.parallel_http import Browser, gate_code_sent, statuses

from .conftest import URL, prefix

MOBILE = "09123456789"
NATIONAL_CODE = "0013542419"


@pytest.fixture
def gated(transactional_db):
    return make_complaint(requires_identity=True)


def text_fa(message) -> str:
    """``message`` (a msgid or a lazy translation) as the Persian page shows it."""
    with translation.override("fa"):
        return translation.gettext(message) if isinstance(message, str) else str(message)


def wrong_code() -> str:
    return text_fa("The code is wrong or has expired. Check it, or ask for a new code.")


def code_sent(browser: Browser, page) -> tuple[str, str]:
    return gate_code_sent(browser, URL, prefix(page), MOBILE, NATIONAL_CODE)


def code_form(page, code: str) -> dict:
    return {"%s-current_step" % prefix(page): "code", "code-code": code}


def otp_checks() -> list[bool]:
    return [
        entry.data["verified"]
        for entry in ModelLogEntry.objects.filter(action=audit.OTP_CHECK).order_by("pk")
    ]


def test_fifty_parallel_wrong_codes_in_one_session_are_each_refused_and_counted(gated, live_server):
    """Catches: SQLite transactions back to DEFERRED or without a busy timeout (the read, then
    write, of ``verify_bound_token`` fails as "database is locked": 500s), and the attempt
    counted after the comparison instead of before under its lock (more than five tries)."""
    browser = Browser(live_server.url)
    code, token = code_sent(browser, gated)
    wrong = ["%06d" % ((int(code) + 1 + i) % 10**6) for i in range(50)]

    answers, seconds = browser.burst(URL, [code_form(gated, c) for c in wrong], token)

    print("50 parallel wrong codes: %s in %.2f s" % (statuses(answers), seconds))
    assert statuses(answers) == {200: 50}
    wrong, locked = wrong_code(), text_fa(REFUSALS["ip_quota"])
    refused_as_wrong = sum(wrong in a.text for a in answers)
    refused_as_locked = sum(locked in a.text and wrong not in a.text for a in answers)
    assert refused_as_wrong + refused_as_locked == 50
    device = SmsChallengeDevice.objects.get()
    # At most five codes were compared; every code checked is counted towards the lockouts.
    assert device.attempts == settings.ESERVICES_OTP_MAX_ATTEMPTS
    assert otp_checks() == [False] * refused_as_wrong
    assert ratelimit.count("otp-fail-24h-mobile", MOBILE) == refused_as_wrong
    # The code is dead: the right one is refused too, however it is posted.
    assert not device.verify_bound_token(
        code,
        session_key=browser.http.cookies["sessionid"],
        mobile=MOBILE,
        national_code=NATIONAL_CODE,
    )


def test_ten_parallel_right_codes_in_one_session_verify_once(gated, live_server):
    """Catches: the same as above, and a code accepted more than once (``used`` not set
    under the row lock): more than one of the ten would be verified."""
    browser = Browser(live_server.url)
    code, token = code_sent(browser, gated)

    answers, seconds = browser.burst(URL, [code_form(gated, code)] * 10, token)

    print("10 parallel right codes: %s in %.2f s" % (statuses(answers), seconds))
    assert not [a.status for a in answers if a.status >= 500]
    accepted = [a for a in answers if a.status == 302]
    assert len(accepted) == 1
    # The others found the code used, or their session gone with the key the winner's
    # verification replaced: the gate again (200) or Django's "session interrupted" (400).
    for answer in answers:
        if answer.status == 200:
            assert 'name="code-code"' in answer.text or 'name="mobile-mobile"' in answer.text
        else:
            assert answer.status in (302, 400)
    assert otp_checks().count(True) == 1
    device = SmsChallengeDevice.objects.get()
    assert device.used and device.attempts <= 10
    # The winner's new session holds the identity.
    winner = Browser(live_server.url)
    winner.http.cookies.update(accepted[0].cookies)
    html = winner.get(URL).text
    assert 'name="code-code"' not in html and 'name="mobile-mobile"' not in html
