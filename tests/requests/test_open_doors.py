"""Forms anyone may post: the Register form of a service without the identity gate and its
participation box ask for a captcha and are limited per client IP; where the gate is on,
nothing is added (docs/security.md O11; issue 12, item 7)."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from eservices.core.captcha import FIELD_NAME, LIMIT_REACHED
from eservices.participation.models import Idea
from eservices.requests.models import RequestSubmission
from tests.captcha import captcha_answer
from tests.factories import make_complaint

from .test_request_flow import URL, fields_by_label, valid_data
from .test_sms_receipt import verify

pytestmark = pytest.mark.django_db

IDEA_URL = URL + "participation/"
IDEA = "پیشنهاد می‌کنم ساعت قطعی‌ها از پیش اعلام شود."
WRONG_CAPTCHA = "عبارت امنیتی نادرست است"


PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def limit_text(minutes: int) -> str:
    with translation.override("fa"):
        return str(LIMIT_REACHED) % {"minutes": str(minutes).translate(PERSIAN)}


def test_an_ungated_request_needs_a_captcha_of_this_session(client, complaint):
    """Catches: the Register form of a service without the gate taken without a captcha
    (20 of 20 anonymous submissions were accepted before), or with one minted for another
    session."""
    html = client.get(URL).content.decode()
    assert 'name="%s_0"' % FIELD_NAME in html and "/captcha/image/" in html
    response = client.post(URL, valid_data(complaint))
    assert response.status_code == 200
    assert RequestSubmission.objects.count() == 0
    assert "عبارت امنیتی نمیتواند خالی باشد." in response.content.decode()
    stranger = Client()
    response = client.post(URL, {**valid_data(complaint), **captcha_answer(stranger)})
    assert RequestSubmission.objects.count() == 0
    assert WRONG_CAPTCHA in response.content.decode()
    response = client.post(URL, {**valid_data(complaint), **captcha_answer(client)})
    assert response.status_code == 302
    assert RequestSubmission.objects.count() == 1


def test_the_captcha_is_single_use_and_never_stored(client, complaint):
    """Catches: one solved image reused for a second request, or the captcha's key and
    answer stored with the request's answers (and so in exports)."""
    data = {**valid_data(complaint), **captcha_answer(client)}
    assert client.post(URL, data).status_code == 302
    again = client.post(URL, data)
    assert again.status_code == 200
    assert WRONG_CAPTCHA in again.content.decode()
    submission = RequestSubmission.objects.get()
    assert not any(FIELD_NAME in key for key in submission.form_data)


def test_over_the_ip_limit_the_form_comes_back_with_the_answers_and_a_persian_message(
    client, complaint, settings
):
    """Catches: no per-IP limit on open forms, a limit that answers 500 or loses what was
    typed, or a message with ASCII digits."""
    settings.ESERVICES_OPEN_REQUEST_IP_LIMIT = 2
    keys = fields_by_label(complaint)
    for _ in range(2):
        assert client.post(URL, {**valid_data(complaint), **captcha_answer(client)}).status_code
    assert RequestSubmission.objects.count() == 2
    response = client.post(URL, {**valid_data(complaint), **captcha_answer(client)})
    html = response.content.decode()
    assert response.status_code == 200
    assert RequestSubmission.objects.count() == 2
    assert limit_text(60) in html
    assert "برق منزل ما هر روز ساعت ۸ قطع می‌شود." in html  # what was typed is kept
    assert 'value="قطعی مکرر برق"' in html
    assert keys["موضوع شکایت"] in html
    # Another address is not held back.
    other = Client(REMOTE_ADDR="10.0.0.7")
    assert other.post(URL, {**valid_data(complaint), **captcha_answer(other)}).status_code == 302


def test_typing_errors_do_not_count_against_the_limit(client, complaint, settings):
    """Catches: the limit counted before the form is valid, so a citizen correcting errors
    at a busy counter would be locked out."""
    settings.ESERVICES_OPEN_REQUEST_IP_LIMIT = 1
    keys = fields_by_label(complaint)
    for _ in range(3):
        data = {**valid_data(complaint, **{keys["موضوع شکایت"]: ""}), **captcha_answer(client)}
        assert client.post(URL, data).status_code == 200
    assert client.post(URL, {**valid_data(complaint), **captcha_answer(client)}).status_code == 302


def test_a_wrong_captcha_reads_no_file(client, complaint):
    """Catches: uploads checked (and images re-encoded) before the captcha, which lets
    anyone spend the server's time without solving one."""
    keys = fields_by_label(complaint)
    exe = SimpleUploadedFile("letter.pdf", b"MZ\x90\x00" + b"\x00" * 100)
    html = client.post(URL, {**valid_data(complaint), keys["پیوست"]: exe}).content.decode()
    assert "عبارت امنیتی نمیتواند خالی باشد." in html
    assert "هم‌خوانی ندارد" not in html  # the file was never looked at
    answered = {**valid_data(complaint), keys["پیوست"]: exe, **captcha_answer(client)}
    exe.seek(0)
    assert "هم‌خوانی ندارد" in client.post(URL, answered).content.decode()


def test_a_gated_service_adds_no_captcha_to_its_form(client):
    """Catches: a second captcha on the Register form behind the gate, which already asked
    for one before texting the code."""
    page = make_complaint(requires_identity=True)
    verify(client)
    html = client.get(URL).content.decode()
    assert FIELD_NAME not in html
    assert client.post(URL, valid_data(page)).status_code == 302


# Participation ----------------------------------------------------------------------------


def test_ideas_on_an_ungated_service_need_a_captcha_and_are_limited_per_ip(
    client, complaint, settings
):
    """Catches: the participation box taking anonymous ideas (with files) without a captcha
    or a limit: 20 of 20 were accepted from one address before."""
    settings.ESERVICES_IDEA_IP_LIMIT = 2
    html = client.get(URL + "follow-up/").content.decode()
    assert 'name="idea-%s_0"' % FIELD_NAME in html
    response = client.post(IDEA_URL, {"idea-text": IDEA})
    assert Idea.objects.count() == 0
    assert "عبارت امنیتی نمیتواند خالی باشد." in response.content.decode()
    for _ in range(2):
        response = client.post(IDEA_URL, {"idea-text": IDEA, **captcha_answer(client, "idea")})
        assert response.status_code == 302
    response = client.post(IDEA_URL, {"idea-text": IDEA, **captcha_answer(client, "idea")})
    html = response.content.decode()
    assert response.status_code == 200
    assert Idea.objects.count() == 2
    assert limit_text(60) in html
    assert IDEA in html


def test_ideas_behind_the_gate_need_no_captcha(client):
    """Catches: the box asking verified citizens for a captcha the gate already asked for."""
    make_complaint(requires_identity=True)
    verify(client)
    html = client.get(URL + "follow-up/").content.decode()
    assert FIELD_NAME not in html
    assert client.post(IDEA_URL, {"idea-text": IDEA}).status_code == 302
    assert Idea.objects.count() == 1


def test_the_limit_message_says_the_wait_in_persian_digits(client, complaint, settings):
    """Catches: the wait told in ASCII digits, or not the window's."""
    settings.ESERVICES_OPEN_REQUEST_IP_LIMIT = 0
    settings.ESERVICES_OPEN_REQUEST_IP_WINDOW = 5 * 60
    html = client.post(URL, {**valid_data(complaint), **captcha_answer(client)}).content.decode()
    message = re.search(r"<li>([^<]*۵[^<]*)</li>", html)
    assert message and limit_text(5) == message.group(1)
