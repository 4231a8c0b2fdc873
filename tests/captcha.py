"""Answering the session-bound captcha of a form anyone may post (docs/security.md O11), for
tests that are about something else: the key is issued to the test client's session, as a
page render or the refresh view would, and answered with its stored digits."""

from captcha.models import CaptchaStore

from eservices.core.captcha import FIELD_NAME, issue


def captcha_answer(client, prefix: str = "") -> dict[str, str]:
    """POST data answering a fresh captcha issued to ``client``'s session (``prefix``: the
    form's prefix, e.g. ``"idea"`` for the participation box)."""
    session = client.session
    key = issue(session)
    session.save()
    name = "%s-%s" % (prefix, FIELD_NAME) if prefix else FIELD_NAME
    return {name + "_0": key, name + "_1": CaptchaStore.objects.get(hashkey=key).response}


def solve_in_page(page, prefix: str = "") -> str:
    """Type the answer of the captcha a Playwright ``page`` shows; returns its key."""
    name = "%s-%s" % (prefix, FIELD_NAME) if prefix else FIELD_NAME
    key = page.locator("input[name='%s_0']" % name).input_value()
    page.locator("input[name='%s_1']" % name).fill(CaptchaStore.objects.get(hashkey=key).response)
    return key
