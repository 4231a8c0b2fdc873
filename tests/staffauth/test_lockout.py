"""The Wagtail admin login is throttled by django-axes (SECURITY.md D3)."""

import datetime as dt

import pytest
import time_machine
from axes.models import AccessAttempt

from .conftest import PASSWORD, is_signed_in, make_editor, sign_in

pytestmark = pytest.mark.django_db

START = dt.datetime(2025, 3, 1, 9, 0, tzinfo=dt.UTC)


def fail(client, username="clerk", times=1, **kwargs):
    return [sign_in(client, username, "wrong-password", **kwargs) for _ in range(times)]


def test_five_wrong_passwords_lock_and_refuse_even_the_right_one(client, editor, fa):
    answers = fail(client, times=5)
    assert [a.status_code for a in answers] == [200, 200, 200, 200, 429]
    locked = sign_in(client, "clerk")
    assert locked.status_code == 429
    assert not is_signed_in(client)
    html = locked.content.decode()
    assert fa["Sign-in locked"] in html
    assert "۵" in html and "۱۵" in html  # limit and minutes in Persian digits
    assert 'dir="rtl"' in html
    assert "no-cache" in locked["Cache-Control"]


def test_lockout_page_speaks_english_on_an_english_site(client, editor, settings):
    """Like Wagtail's login page, it follows the site's language (no prefix under /admin/)."""
    settings.LANGUAGE_CODE = "en"
    fail(client, times=5)
    locked = sign_in(client, "clerk")
    html = locked.content.decode()
    assert locked.status_code == 429
    assert "Sign-in locked" in html
    assert "locked for 15 minutes" in html
    assert 'dir="ltr"' in html


def test_lockout_ends_fifteen_minutes_after_the_fifth_failure(client, editor):
    with time_machine.travel(START, tick=False) as clock:
        fail(client, times=5)
        clock.shift(dt.timedelta(minutes=14, seconds=59))
        assert sign_in(client, "clerk").status_code == 429
        clock.shift(dt.timedelta(seconds=2))
        assert sign_in(client, "clerk").status_code == 302
        assert is_signed_in(client)


def test_a_success_resets_the_counter(client, editor):
    fail(client, times=4)
    assert sign_in(client, "clerk").status_code == 302
    client.post("/admin/logout/")
    assert [a.status_code for a in fail(client, times=4)] == [200] * 4
    assert fail(client)[0].status_code == 429


def test_another_username_from_the_same_ip_is_not_locked(client, editor):
    """Lockouts are keyed on username and IP together: one attacker's address cannot lock out
    every colleague behind it."""
    make_editor("colleague")
    fail(client, times=5)
    assert sign_in(client, "clerk").status_code == 429
    assert sign_in(client, "colleague").status_code == 302
    assert is_signed_in(client)


def test_the_same_username_from_another_ip_is_not_locked(client, editor):
    """Nobody can lock a staff member out from elsewhere by typing their username."""
    fail(client, times=5, ip="203.0.113.9")
    assert sign_in(client, "clerk", ip="203.0.113.9").status_code == 429
    assert sign_in(client, "clerk", ip="198.51.100.7").status_code == 302


def test_the_client_ip_follows_the_trusted_proxy_rule(client, editor, settings):
    """Behind one trusted proxy the address is the last X-Forwarded-For hop, as for every
    other limit of the desk; a forged left-hand entry changes nothing."""
    settings.ESERVICES_TRUSTED_PROXY_COUNT = 1
    proxy = {"ip": "10.0.0.2"}
    for forged in ("1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4", "5.5.5.5"):
        fail(client, HTTP_X_FORWARDED_FOR="%s, 203.0.113.5" % forged, **proxy)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.5"}
    assert sign_in(client, "clerk", HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy).status_code == 429
    answer = sign_in(client, "clerk", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.6", **proxy)
    assert answer.status_code == 302


def test_a_garbled_forwarded_address_is_counted_without_an_error(client, editor, settings):
    settings.ESERVICES_TRUSTED_PROXY_COUNT = 1
    answer = fail(client, HTTP_X_FORWARDED_FOR="not-an-ip")[0]
    assert answer.status_code == 200
    assert AccessAttempt.objects.get().ip_address is None
