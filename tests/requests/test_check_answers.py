"""Issue 11: the check-your-answers step (GOV.UK's pattern), switched on per service.

A valid form is held, not stored; the check page lists every answer with a link back to its
input; "change" refills the form, held files included; sending stores the request once, with
its files, whatever the back button, a second click or another tab does."""

import re

import pytest
import time_machine
from django.utils import timezone

from eservices.core.files.storage import private_storage
from eservices.requests import held
from eservices.requests.models import Attachment, RequestSubmission
from tests.captcha import captcha_answer

from .test_request_flow import URL, fields_by_label, pdf_file, valid_data

pytestmark = pytest.mark.django_db

CHECK = URL + "check/"


@pytest.fixture
def checked(complaint):
    complaint.check_answers = True
    complaint.save(update_fields=["check_answers"])
    return complaint


def post_form(client, page, with_file=True, **overrides):
    """The Register form as a citizen posts it on a service without the gate (captcha
    answered)."""
    data = {**valid_data(page, **overrides), **captcha_answer(client)}
    if with_file:
        data[fields_by_label(page)["پیوست"]] = pdf_file("نامه.pdf")
    return client.post(URL, data)


def version(html: str) -> str:
    return re.search(r'name="version" value="([^"]+)"', html).group(1)


def held_files() -> list[str]:
    try:
        return private_storage.listdir(held.HELD_FOLDER)[1]
    except FileNotFoundError:
        return []


def test_a_valid_form_is_held_and_every_answer_shown_with_a_change_link(client, checked):
    """Breaks if the Register POST stores the request at once when the switch is on, or a
    change link points at no input."""
    response = post_form(client, checked)
    assert response.status_code == 302 and response["Location"] == CHECK
    assert not RequestSubmission.objects.exists()
    html = client.get(CHECK).content.decode()
    assert "پاسخ‌های خود را پیش از ارسال درخواست بررسی کنید" in html
    for shown in ("قطعی مکرر برق", "۱۴۰۳/۰۵/۰۸", "نامه.pdf", "۰۰۱۳۵۴۲۴۱۹"):
        assert shown in html
    keys = fields_by_label(checked)
    assert 'href="%s#id_%s"' % (URL, keys["موضوع شکایت"]) in html
    assert "پاسخ داده نشده" in html  # the applicant's national code was left empty
    form = client.get(URL).content.decode()
    assert 'id="id_%s"' % keys["موضوع شکایت"] in form


def test_sending_stores_the_request_once_with_its_file_and_forgets_the_hold(client, checked):
    """Breaks if the confirm POST is not validated again from the held answers, drops the
    held file, or a second click stores a second request."""
    post_form(client, checked)
    token = version(client.get(CHECK).content.decode())
    response = client.post(CHECK, {"version": token})
    submission = RequestSubmission.objects.get()
    assert response["Location"].endswith("/receipt/%s/" % submission.tracking_number)
    assert submission.form_data[fields_by_label(checked)["موضوع شکایت"]] == "قطعی مکرر برق"
    attachment = Attachment.objects.get(submission=submission)
    assert attachment.original_name == "نامه.pdf"
    assert attachment.file.read(5) == b"%PDF-"
    assert held_files() == []
    again = client.post(CHECK, {"version": token})  # double click, back button
    assert RequestSubmission.objects.count() == 1
    assert again["Location"].endswith("/receipt/%s/" % submission.tracking_number)


def test_change_refills_the_form_and_keeps_the_held_file(client, checked):
    """Breaks if the form opened from a change link is empty, or a held file must be chosen
    again (or is lost) when only a text answer changes."""
    post_form(client, checked)
    html = client.get(URL).content.decode()
    assert "قطعی مکرر برق" in html
    assert "نگه داشته شد: نامه.pdf" in html
    keys = fields_by_label(checked)
    changed = post_form(client, checked, with_file=False, **{keys["موضوع شکایت"]: "ولتاژ پایین"})
    assert changed["Location"] == CHECK  # no file chosen this time
    html = client.get(CHECK).content.decode()
    assert "ولتاژ پایین" in html and "نامه.pdf" in html
    client.post(CHECK, {"version": version(html)})
    submission = RequestSubmission.objects.get()
    assert submission.form_data[keys["موضوع شکایت"]] == "ولتاژ پایین"
    assert Attachment.objects.get(submission=submission).original_name == "نامه.pdf"


def test_a_check_page_left_open_in_another_tab_cannot_send_changed_answers(client, checked):
    """Breaks if the version check is dropped: the citizen would send answers they have not
    seen."""
    post_form(client, checked)
    old = version(client.get(CHECK).content.decode())
    keys = fields_by_label(checked)
    post_form(client, checked, with_file=False, **{keys["موضوع شکایت"]: "ولتاژ پایین"})
    response = client.post(CHECK, {"version": old}, follow=True)
    assert not RequestSubmission.objects.exists()
    html = response.content.decode()
    assert "در پنجره‌ای دیگر تغییر کرد" in html and "ولتاژ پایین" in html


def test_without_the_switch_the_form_is_stored_at_once_and_check_is_404(client, complaint):
    """Breaks if the step is forced on services that did not ask for it."""
    assert post_form(client, complaint)["Location"].startswith(URL + "receipt/")
    assert client.get(CHECK).status_code == 404


def test_the_check_page_without_held_answers_goes_back_to_the_form(client, checked):
    assert client.get(CHECK)["Location"] == URL


def test_answers_held_for_checking_are_validated_again_when_sent(client, checked):
    """Breaks if the confirm step trusts the hold: a held answer that no longer passes (here
    the file, removed from storage meanwhile) must bring the form back, not a 500 or a
    request without it."""
    post_form(client, checked)
    for name in held_files():
        private_storage.delete("%s/%s" % (held.HELD_FOLDER, name))
    html = client.post(CHECK, {"version": version(client.get(CHECK).content.decode())})
    assert html.status_code == 200
    assert not RequestSubmission.objects.exists()


def test_abandoned_held_files_are_purged_after_a_day(client, checked):
    """Breaks if ``purge_abandoned`` deletes fresh holds or keeps old ones."""
    post_form(client, checked)
    assert len(held_files()) == 1
    assert held.purge_abandoned() == 0
    with time_machine.travel(timezone.now() + held.HELD_FILES_MAX_AGE * 2):
        assert held.purge_abandoned() == 1
    assert held_files() == []


def test_markup_and_control_characters_are_inert_on_the_check_page(client, checked):
    keys = fields_by_label(checked)
    post_form(client, checked, **{keys["موضوع شکایت"]: "<script>alert(1)</script>\x07"})
    html = client.get(CHECK).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;" in html


def test_sign_out_forgets_held_answers_and_their_files(client, checked):
    """Breaks if "خروج" leaves a held request (and its file) for the next person at a shared
    computer."""
    post_form(client, checked)
    assert len(held_files()) == 1
    client.post(URL + "sign-out/")
    assert held_files() == []
    assert client.get(CHECK)["Location"] == URL


def test_the_captcha_is_asked_once_and_never_held(client, checked):
    """Breaks if the held answers keep the spent captcha (the refilled form would show it) or
    the confirm step asks for it again (it could never be answered)."""
    post_form(client, checked)
    session = client.session[held.SESSION_HELD]
    assert not any(key.startswith("eservices_captcha") for key in session[str(checked.pk)]["data"])
    html = client.get(CHECK).content.decode()
    assert "eservices_captcha" not in html and "عبارت امنیتی" not in html
    client.post(CHECK, {"version": version(html)})
    assert RequestSubmission.objects.count() == 1
