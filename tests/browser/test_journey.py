"""Issue 11 in Chromium at 390×844, keyboard only: the gate, the form, the check-your-answers
step and the receipt, with the SMS read from the file SMS backend (as an operator's
``SMS_BACKEND=sms.backends.filebased.SmsBackend`` writes it) and axe-core on the check step and
the receipt."""

import re
from pathlib import Path

import pytest
from captcha.models import CaptchaStore

from eservices.catalog.models import ServicePage
from eservices.core.numbers import group_tracking_number
from eservices.requests.models import RequestSubmission
from tests.factories import make_complaint

from .test_accessibility import BLOCKING, SCREENSHOTS, axe, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

URL = "/e-services/13031986000/13031986101/"
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


@pytest.fixture
def outbox(tmp_path, settings):
    """The SMS the live server sends, as files (one per message)."""
    settings.SMS_BACKEND = "sms.backends.filebased.SmsBackend"
    settings.SMS_FILE_PATH = str(tmp_path / "sms")
    return Path(settings.SMS_FILE_PATH)


def sent(outbox: Path) -> list[str]:
    if not outbox.exists():
        return []
    return [p.read_text() for p in sorted(outbox.iterdir(), key=lambda p: p.stat().st_mtime)]


@pytest.fixture
def site(live_server):
    page = make_complaint(requires_identity=True)
    page.check_answers = True
    page.save(update_fields=["check_answers"])
    return live_server.url


def type_into(page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(text)


def test_keyboard_alone_verifies_files_checks_and_gets_the_sms_receipt(site, phone, outbox):
    """Catches: a gate or form control Tab cannot reach, a step Enter does not submit, a check
    step that sends nothing or sends twice, a receipt SMS missing or without the grouped
    tracking number, and serious axe findings on the check step and the receipt."""
    phone.goto(site + URL)
    type_into(phone, "input[name='mobile-mobile']", "۰۹۱۲۱۱۱۲۲۳۳")
    type_into(phone, "input[name='mobile-national_code']", "۰۰۱۳۵۴۲۴۱۹")
    key = phone.locator("input[name='mobile-captcha_0']").input_value()
    type_into(
        phone, "input[name='mobile-captcha_1']", CaptchaStore.objects.get(hashkey=key).response
    )
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    phone.get_by_label("کد دریافتی").wait_for()
    code = re.search(r"(?<!\d)\d{6}(?!\d)", sent(outbox)[-1]).group(0)  # not the mobile's digits
    type_into(phone, "input[name='code-code']", code)
    with phone.expect_navigation():
        phone.keyboard.press("Enter")

    # The form: the registrant fields come from the gate, the date defaults to today.
    page = ServicePage.objects.get(national_id="13031986101")
    keys = {f.label: f.clean_name for f in page.get_form_fields()}
    type_into(phone, "#id_%s" % keys["نام"], "مریم")
    type_into(phone, "#id_%s" % keys["نام خانوادگی"], "کاظمی")
    type_into(phone, "#id_%s" % keys["موضوع شکایت"], "قطعی مکرر برق")
    type_into(phone, "#id_%s" % keys["شرح شکایت"], "از دیروز سه بار برق رفته است.")
    tab_to(phone, "form.service-form button[type='submit']")
    with phone.expect_navigation():
        phone.keyboard.press("Enter")

    # Check your answers: every answer, a change link for each, nothing stored yet.
    phone.wait_for_url(site + URL + "check/")
    assert not RequestSubmission.objects.exists()
    summary = phone.locator(".summary-list").inner_text()
    for answer in ("مریم", "قطعی مکرر برق", "۰۰۱۳۵۴۲۴۱۹"):
        assert answer in summary
    assert phone.get_by_role("link", name=re.compile("تغییر موضوع شکایت")).count() == 1
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SCREENSHOTS / "check-answers-390.png"), full_page=True)
    found = {"check": axe(phone)}

    # "Change" lands on the input, filled in; back to the check step with Enter.
    tab_to(phone, ".summary-row a[href$='#id_%s']" % keys["موضوع شکایت"])
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    subject = phone.locator("#id_%s" % keys["موضوع شکایت"])
    assert subject.input_value() == "قطعی مکرر برق"
    subject.focus()
    phone.keyboard.press("End")
    phone.keyboard.type(" در شب")
    tab_to(phone, "form.service-form button[type='submit']")
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    assert "قطعی مکرر برق در شب" in phone.locator(".summary-list").inner_text()

    tab_to(phone, "form.service-form button[type='submit']")
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    phone.wait_for_url(re.compile(r".*/receipt/\d{13}/$"))
    submission = RequestSubmission.objects.get()
    assert submission.registrant_mobile == "09121112233"
    found["receipt"] = axe(phone)
    phone.screenshot(path=str(SCREENSHOTS / "receipt-390.png"), full_page=True)

    # The receipt SMS, through the task queue after commit, in the file backend's outbox.
    receipt_sms = sent(outbox)[-1]
    assert "09121112233" in receipt_sms
    grouped = group_tracking_number(submission.tracking_number)
    assert grouped in receipt_sms or grouped.translate(PERSIAN) in receipt_sms
    # Back button and a second Enter on the check step send nothing more.
    phone.go_back()
    phone.reload()
    assert RequestSubmission.objects.count() == 1

    blocking = {n: [v for v in f if v["impact"] in BLOCKING] for n, f in found.items()}
    assert not any(blocking.values()), blocking
