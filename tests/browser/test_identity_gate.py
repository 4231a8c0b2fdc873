"""A citizen passes the SMS gate in Chromium at phone size (S6)."""

import re

import pytest
import sms
from captcha.models import CaptchaStore
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

URL = "/e-services/13031986000/13031986101/"


@pytest.fixture
def site(live_server):
    call_command("load_demo_desk", stdout=open("/dev/null", "w"))  # noqa: SIM115
    sms.outbox = []
    return live_server.url


def solve_captcha(page):
    key = page.locator("input[name='mobile-captcha_0']").input_value()
    page.get_by_label("عبارت امنیتی").fill(CaptchaStore.objects.get(hashkey=key).response)


def test_gate_with_persian_digits_wrong_code_and_edited_number(site, phone):
    phone.goto(site + URL)
    phone.get_by_role("button", name="ارسال پیامک").click()
    assert "شماره همراه نمیتواند خالی باشد." in phone.content()

    phone.get_by_label("شماره همراه").fill("۰۹۱۲۱۱۱۲۲۳۳")
    phone.get_by_label("کد ملی").fill("۰۰۱۳۵۴۲۴۱۹")
    solve_captcha(phone)
    phone.get_by_role("button", name="ارسال پیامک").click()
    assert "کد با موفقیت ارسال شد" in phone.locator(".messages").inner_text()
    assert "۰۹۱۲۱۱۱۲۲۳۳" in phone.locator(".gate-number").inner_text()
    countdown = phone.locator("[data-countdown]")
    assert countdown.is_visible()
    assert phone.locator(".resend-link").is_disabled()

    phone.get_by_label("کد دریافتی").fill("۰۰۰۰۰۰")
    phone.get_by_role("button", name="بررسی کد").click()
    assert "کد نادرست است یا منقضی شده است" in phone.content()

    # The number was mistyped: edit it; the values come back with a new captcha.
    phone.get_by_role("button", name="ویرایش شماره").click()
    assert phone.get_by_label("کد ملی").input_value() == "0013542419"
    phone.get_by_label("شماره همراه").fill("09122223344")
    solve_captcha(phone)
    phone.get_by_role("button", name="ارسال پیامک").click()
    phone.get_by_label("کد دریافتی").wait_for()  # step 2 comes once the SMS has gone
    code = re.search(r"\d{6}", sms.outbox[-1].body).group(0)
    assert sms.outbox[-1].recipients == ["09122223344"]
    persian_code = "".join("۰۱۲۳۴۵۶۷۸۹"[int(d)] for d in code)
    phone.get_by_label("کد دریافتی").fill(persian_code)
    phone.get_by_role("button", name="بررسی کد").click()
    phone.wait_for_url(site + URL)
    assert phone.get_by_role("button", name="ثبت درخواست").is_visible()
    registrant = phone.get_by_label("شماره ملی ثبت کننده درخواست")
    assert registrant.input_value() == "0013542419" and registrant.is_disabled()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
