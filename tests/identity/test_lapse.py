"""Issue 11: nothing a citizen typed is lost when the verification lapses, and the gate never
answers a stale or tampered POST with a 400 or a 500; a pending code survives a reload."""

import re
from datetime import timedelta

import pytest
import sms
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from eservices.requests.models import RequestSubmission
from tests.factories import make_complaint

from .conftest import URL, check_code, prefix, send_code, sent_code

pytestmark = pytest.mark.django_db

KEPT = "اعتبار سنجی شما به پایان رسیده است"
REFILLED = "پاسخ‌های شما دوباره در فرم گذاشته شد"


def keys(page) -> dict[str, str]:
    return {f.label: f.clean_name for f in page.get_form_fields()}


def answers(page) -> dict:
    k = keys(page)
    return {
        k["تاریخ ثبت درخواست"]: "۱۴۰۳/۰۵/۰۸",
        k["نام"]: "مریم",
        k["موضوع شکایت"]: "قطعی مکرر برق",
        k["شرح شکایت"]: "از دیروز سه بار برق رفته است.",
    }


def verify(client, page, mobile="09123456789", national_code="0013542419"):
    send_code(client, page, mobile=mobile, national_code=national_code)
    assert check_code(client, page, sent_code()).status_code == 302


def test_form_posted_after_the_identity_lapsed_is_kept_and_refilled_for_the_same_person(
    client, complaint
):
    """Breaks if a lapsed POST answers 400 (formtools' ManagementForm), drops the answers, or
    the refilled form cannot simply be submitted."""
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        verify(client, complaint)
        assert "ثبت درخواست" in client.get(URL).content.decode()
    with time_machine.travel(start + timedelta(minutes=16), tick=False):
        data = {
            **answers(complaint),
            keys(complaint)["پیوست"]: SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n"),
        }
        response = client.post(URL, data)
        assert response.status_code == 200
        html = response.content.decode()
        assert KEPT in html and "اعتبار سنجی کاربر" in html
        assert not RequestSubmission.objects.exists()
        assert "قطعی مکرر برق" not in html  # kept server-side, not in the page or a URL
        sms.outbox = []
        verify(client, complaint)
        html = client.get(URL).content.decode()
        assert REFILLED in html
        assert "فایل «پیوست» را دوباره انتخاب کنید" in html
        assert "زیر شماره همراه یا کد ملی دیگری" not in html
        for value in ("مریم", "قطعی مکرر برق", "۱۴۰۳/۰۵/۰۸"):
            assert 'value="%s"' % value in html or value in html
        assert "از دیروز سه بار برق رفته است.</textarea>" in html
        # One click: the refilled form, submitted as it is, is accepted.
        response = client.post(URL, answers(complaint))
        assert response.status_code == 302 and "/receipt/" in response["Location"]
        submission = RequestSubmission.objects.get()
        assert submission.registrant_national_code == "0013542419"
        assert submission.form_data[keys(complaint)["موضوع شکایت"]] == "قطعی مکرر برق"
        # Given back once submitted: the form is empty again.
        assert REFILLED not in client.get(URL).content.decode()


def test_answers_typed_before_sign_out_are_shown_to_another_person_not_submitted(client, complaint):
    """Breaks if answers typed under one identity are submitted under another without the
    form being shown, or if the registrant fields do not follow the new identity."""
    verify(client, complaint)
    client.post(URL + "sign-out/")  # "خروج" in another tab
    assert KEPT in client.post(URL, answers(complaint)).content.decode()
    sms.outbox = []
    verify(client, complaint, mobile="09351234567", national_code="0084575948")
    assert not RequestSubmission.objects.exists()
    html = client.get(URL).content.decode()
    assert REFILLED in html and "زیر شماره همراه یا کد ملی دیگری" in html
    registrant = keys(complaint)["شماره ملی ثبت کننده درخواست"]
    assert re.search(r'name="%s" value="0084575948"[^>]*disabled' % registrant, html)


def test_a_gate_step_posted_again_once_verified_shows_the_form(client, complaint):
    """Breaks if a second click on "بررسی کد" (or the back button) posts the gate's fields to
    the request form, which answers with a page of "required" errors."""
    send_code(client, complaint)
    code = sent_code()
    assert check_code(client, complaint, code).status_code == 302
    response = check_code(client, complaint, code)
    assert response.status_code == 302 and response["Location"] == URL
    assert not RequestSubmission.objects.exists()
    assert "error-summary" not in client.get(URL).content.decode()


def test_sign_out_forgets_kept_answers(client, complaint):
    """Breaks if answers kept from a lapse survive "خروج": the next person at a shared
    computer would find them."""
    client.post(URL, answers(complaint))  # no identity: kept
    verify(client, complaint)
    assert REFILLED in client.get(URL).content.decode()
    client.post(URL + "sign-out/")
    sms.outbox = []
    verify(client, complaint, mobile="09351234567", national_code="0084575948")
    html = client.get(URL).content.decode()
    assert REFILLED not in html and "قطعی مکرر برق" not in html


def test_answers_posted_without_a_session_are_kept(complaint):
    """Breaks if a POST whose session is gone (no cookie, a flushed store) answers 400."""
    fresh = Client()
    response = fresh.post(URL, answers(complaint))
    assert response.status_code == 200 and KEPT in response.content.decode()
    verify(fresh, complaint)
    html = fresh.get(URL).content.decode()
    assert REFILLED in html and "قطعی مکرر برق" in html


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"csrfmiddlewaretoken": "x"},
        {"%(p)s-current_step": "bogus"},
        {"%(p)s-current_step": "\x00"},
        {"%(p)s-current_step": "code", "code-code": "123456"},
        {"wizard_goto_step": "nowhere", "%(p)s-current_step": "mobile\u202e"},
    ],
    ids=["empty", "no-management", "bogus-step", "nul-step", "code-without-pending", "goto"],
)
def test_stale_or_tampered_gate_posts_restart_the_gate(client, complaint, data):
    """Breaks on formtools' SuspiciousOperation (400) or the KeyError of an unknown step (500)."""
    data = {key % {"p": prefix(complaint)}: value for key, value in data.items()}
    for route in ("", "follow-up/"):
        response = client.post(URL + route, data)
        assert response.status_code == 200
        html = response.content.decode()
        assert "اعتبار سنجی کاربر" in html and "ارسال پیامک" in html
    send_code(client, complaint)  # now a code is pending: the gate resumes at step 2
    response = client.post(URL, data)
    assert response.status_code == 200 and "بررسی کد" in response.content.decode()


GATE_TEXT = st.one_of(
    st.text(max_size=30),
    st.text(alphabet="۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩0123456789 \x00\t\u200c\u202e-", max_size=14),
)


@hypothesis_settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    step=st.one_of(st.sampled_from(["mobile", "code", ""]), st.text(max_size=12)),
    mobile=GATE_TEXT,
    national_code=GATE_TEXT,
    captcha_key=GATE_TEXT,
    captcha=GATE_TEXT,
    code=GATE_TEXT,
    goto=st.one_of(st.none(), st.sampled_from(["mobile", "code"]), st.text(max_size=8)),
    pending=st.booleans(),
)
def test_any_gate_post_answers_with_the_gate(
    complaint, step, mobile, national_code, captcha_key, captcha, code, goto, pending
):
    """Breaks on any 4xx/5xx the gate gives to arbitrary text in its fields (control
    characters, Persian and Arabic-Indic digits, bidi marks, unknown steps)."""
    client = Client()
    if pending:
        send_code(client, complaint)
    data = {
        "%s-current_step" % prefix(complaint): step,
        "mobile-mobile": mobile,
        "mobile-national_code": national_code,
        "mobile-captcha_0": captcha_key,
        "mobile-captcha_1": captcha,
        "code-code": code,
    }
    if goto is not None:
        data["wizard_goto_step"] = goto
    response = client.post(URL, data)
    assert response.status_code in (200, 302)
    assert "اعتبار سنجی کاربر" in response.content.decode()


def test_reopening_or_reloading_keeps_the_pending_code(client, complaint):
    """Breaks if a GET of the page throws the pending code away (a new captcha and a new
    wait), shows the wait in ASCII digits, or if "ویرایش شماره" no longer goes back."""
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        send_code(client, complaint, mobile="09121112233")
    with time_machine.travel(start + timedelta(seconds=1), tick=False):
        html = client.get(URL).content.decode()
        assert "کد دریافتی" in html and "بررسی کد" in html
        assert "۰۹۱۲۱۱۱۲۲۳۳" in html
        assert 'data-countdown="59"' in html and ">۵۹</span> ثانیه" in html
        assert "عبارت امنیتی" not in html
        # The code read from the SMS is still accepted after the reload.
        code = sent_code()
        html = client.post(
            URL, {"%s-current_step" % prefix(complaint): "code", "wizard_goto_step": "mobile"}
        ).content.decode()
        assert 'value="09121112233"' in html and "عبارت امنیتی" in html
        assert "بررسی کد" in client.get(URL).content.decode()
        assert check_code(client, complaint, code).status_code == 302
    assert len(sms.outbox) == 1


def test_an_expired_pending_code_reopens_at_step_one(client, complaint):
    """Breaks if the gate keeps offering step 2 for a code that can no longer be accepted."""
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        send_code(client, complaint)
    with time_machine.travel(start + timedelta(seconds=121), tick=False):
        html = client.get(URL).content.decode()
        assert "عبارت امنیتی" in html and "بررسی کد" not in html


def test_verified_page_carries_the_seconds_left_for_the_warning(client, complaint):
    """Breaks if the page loses the data attribute gate.js counts down from (a minute before
    the lapse it shows the aria-live warning)."""
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        verify(client, complaint)
    for minutes in range(10, 111, 10):  # activity keeps the idle clock at 15 minutes…
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            client.get(URL)
    with time_machine.travel(start + timedelta(minutes=111), tick=False):
        html = client.get(URL).content.decode()
    # …but the two hours end in 9 minutes.
    assert 'data-identity-expires="540"' in html
    assert 'aria-live="polite"' in html


def test_the_lapse_sentence_is_english_under_en(client):
    """Breaks if the English page answers a lapsed POST with Persian, or with a 400."""
    page = make_complaint(requires_identity=True, english=True)
    english = page.get_translations().get(locale__language_code="en")
    url = "/en/e-services/13031986000/13031986101/"
    assert english.url == url
    response = client.post(url, answers(page))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your verification has expired. Your answers are kept" in html
    assert 'lang="en"' in html


def test_edit_number_posted_alone_is_the_gates_not_kept_answers(client, complaint):
    """Breaks if "Edit number" (its own form, so that Enter in the code field submits the
    code) is mistaken for a form's answers: the gate would say answers were kept."""
    send_code(client, complaint)
    response = client.post(URL, {"wizard_goto_step": "mobile"})
    html = response.content.decode()
    assert response.status_code == 200 and 'name="mobile-mobile"' in html
    assert KEPT not in html


def test_enter_in_the_code_field_submits_the_code_not_edit_number(client, complaint):
    """Breaks if "Edit number" goes back inside the code's form before "Check code": a
    browser's Enter submits a form's first button, so Enter would go back to step 1."""
    send_code(client, complaint)
    html = client.get(URL).content.decode()
    code_form = re.search(r'<form method="post" novalidate>.*?</form>', html, re.S).group(0)
    assert 'name="code-code"' in code_form
    buttons = re.findall(r"<button[^>]*>", code_form)
    assert "wizard_goto_step" not in buttons[0]
