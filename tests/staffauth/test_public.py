"""Staff sign-in hardening leaves the public site and the citizens' identity gate alone."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import make_complaint

from .conftest import sign_in

pytestmark = pytest.mark.django_db

GATED_SERVICE = "/e-services/13031986000/13031986101/"


@pytest.fixture
def required(settings):
    settings.ESERVICES_STAFF_TOTP = "required"


@pytest.fixture
def gated_service(db):
    return make_complaint(requires_identity=True)


def test_a_citizen_session_is_never_sent_to_a_second_step(
    client, django_user_model, gated_service, required
):
    citizen = django_user_model.objects.create_user("citizen-0123abcd")
    citizen.set_unusable_password()
    citizen.save()
    client.force_login(citizen)
    assert client.get(GATED_SERVICE).status_code == 200
    admin = client.get("/admin/")
    assert admin.status_code == 302
    assert admin["Location"].startswith("/admin/login/")


def test_the_identity_gate_answers_anonymous_visitors_as_before(client, gated_service, required):
    answer = client.get(GATED_SERVICE)
    assert answer.status_code == 200
    assert "mobile-captcha_0" in answer.content.decode()


def test_unverified_staff_browse_the_public_site_freely(client, editor, gated_service, required):
    TOTPDevice.objects.create(user=editor, name="authenticator", confirmed=True)
    sign_in(client, "clerk")
    assert client.get("/").status_code == 200
    assert client.get(GATED_SERVICE).status_code == 200
