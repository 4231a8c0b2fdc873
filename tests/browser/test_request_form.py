"""A citizen files the complaint in Chromium at phone size, as the guide shows (S7, S8)."""

import datetime
import re

import jdatetime
import pytest
from django.core.management import call_command

from eservices.catalog.models import ServicePage
from tests.captcha import solve_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

URL = "/e-services/13031986000/13031986101/"


@pytest.fixture
def site(live_server):
    call_command("load_demo_desk", stdout=open("/dev/null", "w"))  # noqa: SIM115
    # The gate and the check-your-answers step have their own browser tests; here the form
    # is used directly.
    ServicePage.objects.update(requires_identity=False, check_answers=False)
    return live_server.url


def field(page, label):
    return page.get_by_label(label, exact=False).first


def test_complaint_filed_with_persian_digits_then_looked_up(site, phone, tmp_path):
    phone.goto(site + URL)
    field(phone, "شماره ملی ثبت کننده درخواست").fill("۰۰۱۳۵۴۲۴۱۹")
    field(phone, "شماره تلفن همراه درخواست کننده").fill("۰۹۱۲۳۴۵۶۷۸۹")
    field(phone, "موضوع شکایت").fill("قطعی مکرر برق")
    # "شرح شکایت" left empty on purpose.
    # The date through the Jalali picker: open it, go to a day, pick it.
    date_input = field(phone, "تاریخ ثبت درخواست")
    date_input.fill("۱۴۰۳/۰۵/۰۸")
    phone.locator(".jdp-toggle").click()
    assert phone.locator(".jdp-title").inner_text() == "مرداد ۱۴۰۳"
    # 1 Mordad 1403 is Monday 22 July 2024: the third column of a Saturday-first week.
    assert phone.locator(".jdp-grid > *").nth(7 + 2).inner_text() == "۱"
    phone.locator(".jdp-day[data-day='15']").click()
    assert date_input.input_value() == "۱۴۰۳/۰۵/۱۵"
    pdf = tmp_path / "complaint.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n")
    field(phone, "پیوست").set_input_files(str(pdf))
    solve_in_page(phone)  # no gate: the form has its own captcha (docs/security.md O11)
    phone.get_by_role("button", name="ثبت درخواست").click()

    summary = phone.locator("#error-summary")
    assert summary.is_visible()
    assert "شرح شکایت: این فیلد نمیتواند خالی باشد." in summary.inner_text()
    assert field(phone, "موضوع شکایت").input_value() == "قطعی مکرر برق"
    assert field(phone, "شماره ملی ثبت کننده درخواست").input_value() == "۰۰۱۳۵۴۲۴۱۹"
    assert date_input.input_value() == "۱۴۰۳/۰۵/۱۵"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    field(phone, "شرح شکایت").fill("برق هر روز ساعت ۸ قطع می‌شود.")
    field(phone, "پیوست").set_input_files(str(pdf))
    # The form came back with a new image; "New image" fetches another one for this session.
    shown = phone.locator("input[name='eservices_captcha_0']").input_value()
    phone.get_by_role("button", name="تصویر جدید").click()
    phone.wait_for_function(
        "(shown) => document.querySelector(\"input[name='eservices_captcha_0']\").value !== shown",
        arg=shown,
    )
    solve_in_page(phone)
    phone.get_by_role("button", name="ثبت درخواست").click()
    phone.wait_for_url(re.compile(r".*/receipt/\d{13}/$"))
    tracking = phone.locator(".tracking-box .tracking-number").inner_text()
    assert re.fullmatch(r"[۰-۹]{4}-[۰-۹]{4}-[۰-۹]{5}", tracking)  # grouped; the lookup takes it
    assert "درخواست شما ثبت شد" in phone.content()

    phone.get_by_role("link", name="پیگیری").last.click()
    phone.locator("#id_tracking_number").fill(tracking)
    phone.locator("#id_national_code").fill("0084575948")
    phone.get_by_role("button", name="جستجوی شماره رهگیری").click()
    assert (
        "هیچ درخواستی با این شماره رهگیری و کد ملی یافت نشد"
        in phone.locator(".lookup-result").inner_text()
    )
    phone.locator("#id_national_code").fill("۰۰۱۳۵۴۲۴۱۹")
    phone.get_by_role("button", name="جستجوی شماره رهگیری").click()
    assert "ثبت شده" in phone.locator(".lookup-result .status").inner_text()


def test_picker_calendar_agrees_with_jdatetime(site, desktop):
    desktop.goto(site + URL)
    for day in [
        datetime.date(2024, 7, 29),
        datetime.date(2025, 3, 20),
        datetime.date(2025, 3, 21),
        datetime.date(2000, 1, 1),
        datetime.date(2030, 12, 31),
    ]:
        expected = jdatetime.date.fromgregorian(date=day)
        got = desktop.evaluate(
            "([y, m, d]) => window.eservicesJalali.toJalali(y, m, d)",
            [day.year, day.month, day.day],
        )
        assert (got["jy"], got["jm"], got["jd"]) == (expected.year, expected.month, expected.day)
    # Esfand of a leap year (1403) has 30 days, of a common year (1404) 29.
    assert desktop.evaluate("window.eservicesJalali.monthLength(1403, 12)") == 30
    assert desktop.evaluate("window.eservicesJalali.monthLength(1404, 12)") == 29
