"""Authenticator-app codes for staff (SECURITY.md D3), in optional and required mode."""

import datetime as dt
from base64 import b32encode

import pytest
import time_machine
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.users.models import UserProfile

from eservices.core.persian import to_persian_digits

from .conftest import sign_in

pytestmark = pytest.mark.django_db

VERIFY_URL = "/admin/eservices/totp/verify/"
ENROL_URL = "/admin/eservices/totp/enrol/"
DISABLE_URL = "/admin/eservices/totp/disable/"


def code_for(device: TOTPDevice, offset: int = 0) -> str:
    device.refresh_from_db()
    return "%06d" % totp(device.bin_key, step=device.step, drift=offset)


@pytest.fixture
def device(editor):
    return TOTPDevice.objects.create(user=editor, name="authenticator", confirmed=True)


@pytest.fixture
def signed_in(client, editor):
    assert sign_in(client, "clerk").status_code == 302
    return client


def test_staff_with_a_device_is_sent_to_verify_after_the_password(signed_in, device):
    for path in ("/admin/", "/admin/pages/", "/admin/account/"):
        answer = signed_in.get(path)
        assert answer.status_code == 302
        assert answer["Location"].startswith(VERIFY_URL + "?next=")
    assert signed_in.get("/admin/")["Location"] == VERIFY_URL + "?next=%2Fadmin%2F"


def test_a_wrong_code_is_refused_in_persian(signed_in, device, fa):
    answer = signed_in.post(VERIFY_URL + "?next=/admin/", {"code": "000000", "next": "/admin/"})
    html = answer.content.decode()
    assert answer.status_code == 200
    assert fa["The code is wrong or has expired. Type the code your app shows now."] in html
    assert 'dir="rtl"' in html
    assert signed_in.get("/admin/").status_code == 302


def test_a_malformed_code_is_refused_before_any_check(signed_in, device, fa):
    answer = signed_in.post(VERIFY_URL, {"code": "12ab"})
    assert fa["Type the 6-digit code."] in answer.content.decode()
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_the_right_code_opens_the_admin_under_a_new_session_key(signed_in, device):
    old_key = signed_in.session.session_key
    answer = signed_in.post(VERIFY_URL, {"code": code_for(device), "next": "/admin/pages/"})
    assert answer.status_code == 302
    assert answer["Location"] == "/admin/pages/"
    assert signed_in.session.session_key != old_key
    assert signed_in.get("/admin/").status_code == 200


def test_a_code_typed_in_persian_digits_is_accepted(signed_in, device):
    code = " ".join([to_persian_digits(code_for(device)[:3]), code_for(device)[3:]])
    assert signed_in.post(VERIFY_URL, {"code": code}).status_code == 302
    assert signed_in.get("/admin/").status_code == 200


def test_wrong_codes_are_throttled_by_django_otp(signed_in, device, fa):
    with time_machine.travel(dt.datetime.now(tz=dt.UTC), tick=False) as clock:
        signed_in.post(VERIFY_URL, {"code": "000000"})
        refused = signed_in.post(VERIFY_URL, {"code": code_for(device)})
        assert refused.status_code == 200
        assert "ثانیهٔ دیگر دوباره تلاش کنید" in refused.content.decode()
        clock.shift(dt.timedelta(seconds=2))
        assert signed_in.post(VERIFY_URL, {"code": code_for(device)}).status_code == 302


def test_a_code_is_accepted_once(client, editor, device):
    sign_in(client, "clerk")
    code = code_for(device)
    assert client.post(VERIFY_URL, {"code": code}).status_code == 302
    other = Client()
    sign_in(other, "clerk")
    assert other.post(VERIFY_URL, {"code": code}).status_code == 200


def test_every_new_session_must_verify_again(client, editor, device):
    sign_in(client, "clerk")
    client.post(VERIFY_URL, {"code": code_for(device)})
    client.post("/admin/logout/")
    sign_in(client, "clerk")
    assert client.get("/admin/")["Location"].startswith(VERIFY_URL)


def test_next_may_not_leave_the_site(signed_in, device):
    answer = signed_in.post(VERIFY_URL, {"code": code_for(device), "next": "https://evil.test/"})
    assert answer["Location"] == "/admin/"


def test_the_verify_page_speaks_the_admin_language_of_the_user(signed_in, editor, device):
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "en"
    profile.save()
    answer = signed_in.get(VERIFY_URL)
    html = answer.content.decode()
    assert "Two-step verification" in html
    assert 'dir="ltr"' in html


def test_optional_mode_lets_staff_without_a_device_in(signed_in, settings):
    settings.ESERVICES_STAFF_TOTP = "optional"
    assert signed_in.get("/admin/").status_code == 200


def test_optional_mode_enrol_then_disable(signed_in, editor, fa):
    page = signed_in.get(ENROL_URL)
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html
    pending = TOTPDevice.objects.get(user=editor, confirmed=False)
    assert signed_in.get(ENROL_URL).status_code == 200
    assert TOTPDevice.objects.filter(user=editor).count() == 1  # a reload keeps the secret
    answer = signed_in.post(ENROL_URL, {"code": code_for(pending)})
    assert answer.status_code == 302
    assert TOTPDevice.objects.get(user=editor).confirmed
    manage = signed_in.get(ENROL_URL).content.decode()
    assert fa["Turn off two-step verification"] in manage
    assert signed_in.get("/admin/").status_code == 200  # verified by the enrolment code
    assert signed_in.post(DISABLE_URL).status_code == 302
    assert not TOTPDevice.objects.filter(user=editor).exists()
    assert signed_in.get("/admin/").status_code == 200


def test_the_enrol_page_shows_the_secret_as_text(signed_in, editor):
    html = signed_in.get(ENROL_URL).content.decode()
    device = TOTPDevice.objects.get(user=editor)
    secret = b32encode(device.bin_key).decode()
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in html


def test_an_unverified_session_cannot_replace_or_remove_the_device(signed_in, device):
    assert signed_in.get(ENROL_URL)["Location"].startswith(VERIFY_URL)
    assert signed_in.post(DISABLE_URL)["Location"].startswith(VERIFY_URL)
    assert TOTPDevice.objects.filter(pk=device.pk, confirmed=True).exists()


def test_required_mode_sends_staff_without_a_device_to_enrol(signed_in, editor, settings):
    settings.ESERVICES_STAFF_TOTP = "required"
    answer = signed_in.get("/admin/")
    assert answer["Location"] == ENROL_URL + "?next=%2Fadmin%2F"
    assert signed_in.get(answer["Location"]).status_code == 200
    pending = TOTPDevice.objects.get(user=editor, confirmed=False)
    enrolled = signed_in.post(answer["Location"], {"code": code_for(pending), "next": "/admin/"})
    assert enrolled["Location"] == "/admin/"
    assert signed_in.get("/admin/").status_code == 200


def test_required_mode_verifies_each_session_and_keeps_the_device(client, editor, device, settings):
    settings.ESERVICES_STAFF_TOTP = "required"
    sign_in(client, "clerk")
    assert client.get("/admin/")["Location"].startswith(VERIFY_URL)
    client.post(VERIFY_URL, {"code": code_for(device)})
    assert client.get("/admin/").status_code == 200
    assert client.post(DISABLE_URL).status_code == 302
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_required_mode_applies_to_superusers_too(client, django_user_model, settings):
    settings.ESERVICES_STAFF_TOTP = "required"
    django_user_model.objects.create_superuser("root", "root@example.com", "pw-root-123")
    sign_in(client, "root", "pw-root-123")
    assert client.get("/admin/")["Location"].startswith(ENROL_URL)


def test_off_mode_asks_nothing(signed_in, device, settings):
    settings.ESERVICES_STAFF_TOTP = "off"
    assert signed_in.get("/admin/").status_code == 200
    assert signed_in.get(VERIFY_URL).status_code == 404


def test_the_account_page_links_to_two_step_verification(signed_in):
    html = signed_in.get("/admin/account/").content.decode()
    assert ENROL_URL in html


def test_the_steps_pages_load_their_admin_assets(signed_in, device):
    """The sprite and the JavaScript catalogue stay reachable before the second step."""
    assert signed_in.get("/admin/jsi18n/").status_code == 200
    assert signed_in.get("/admin/sprite/").status_code == 200
    assert signed_in.get("/admin/")["Location"].startswith(VERIFY_URL)
