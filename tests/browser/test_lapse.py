"""Issue 11 in Chromium at phone size: a citizen whose verification lapses while filling the
complaint loses nothing, and a reload of the gate's step 2 keeps the pending code."""

import re
from importlib import import_module

import pytest
import sms
from captcha.models import CaptchaStore
from django.conf import settings as django_settings
from django.utils import timezone

from eservices.identity.session import SESSION_IDENTITY
from tests.factories import make_complaint

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

URL = "/e-services/13031986000/13031986101/"
SHOTS = "var/screenshots"


@pytest.fixture
def site(live_server):
    make_complaint(requires_identity=True)
    sms.outbox = []
    return live_server.url


def solve_captcha(page):
    key = page.locator("input[name='mobile-captcha_0']").input_value()
    page.get_by_label("عبارت امنیتی").fill(CaptchaStore.objects.get(hashkey=key).response)


def request_code(page, mobile="09121112233", national_code="0013542419"):
    page.get_by_label("شماره همراه").fill(mobile)
    page.get_by_label("کد ملی").fill(national_code)
    solve_captcha(page)
    page.get_by_role("button", name="ارسال پیامک").click()
    # Step 2 is drawn only after the server has sent the SMS: read the outbox then, not before.
    page.get_by_label("کد دریافتی").wait_for()
    return re.search(r"\d{6}", sms.outbox[-1].body).group(0)


def verify(page, site):
    code = request_code(page)
    page.get_by_label("کد دریافتی").fill(code)
    page.get_by_role("button", name="بررسی کد").click()
    page.wait_for_url(site + URL)


def age_identity(page, seconds_left: int):
    """Move the verification's start back so that it ends ``seconds_left`` from now."""
    key = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
    # The site's own session engine: the database by default, the cache when REDIS_URL is set.
    session = import_module(django_settings.SESSION_ENGINE).SessionStore(session_key=key)
    identity = session[SESSION_IDENTITY]
    identity["verified_at"] = timezone.now().timestamp() - 2 * 60 * 60 + seconds_left
    session[SESSION_IDENTITY] = identity
    session.save()


def field(page, label):
    return page.get_by_label(label, exact=False).first


def test_lapse_warned_then_answers_kept_and_refilled(site, phone, tmp_path, settings):
    settings.ESERVICES_OTP_COOLDOWN = 0  # the second code comes minutes later in real life
    phone.goto(site + URL)
    verify(phone, site)
    age_identity(phone, 65)
    phone.reload()
    field(phone, "تاریخ ثبت درخواست").fill("۱۴۰۳/۰۵/۰۸")
    field(phone, "نام").first.fill("مریم")
    field(phone, "موضوع شکایت").fill("قطعی مکرر برق")
    field(phone, "شرح شکایت").fill("از دیروز سه بار برق رفته است.")
    pdf = tmp_path / "bill.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n")
    field(phone, "پیوست").set_input_files(str(pdf))

    # A minute before the end, the page says so, politely, without moving focus.
    soon = phone.locator("[data-expiry-soon]")
    soon.wait_for(state="visible", timeout=15_000)
    assert "حدود یک دقیقه دیگر" in soon.inner_text()
    assert phone.locator("[data-identity-expires]").get_attribute("aria-live") == "polite"

    age_identity(phone, -1)  # the verification has now lapsed
    phone.get_by_role("button", name="ثبت درخواست").click()
    notice = phone.locator(".gate [role=alert]")
    assert "اعتبار سنجی شما به پایان رسیده است" in notice.inner_text()
    assert phone.get_by_role("button", name="ارسال پیامک").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot(path=f"{SHOTS}/lapse-gate-in-place.png", full_page=True)

    sms.outbox = []
    verify(phone, site)
    messages = phone.locator(".messages").inner_text()
    assert "پاسخ‌های شما دوباره در فرم گذاشته شد" in messages
    assert "فایل «پیوست» را دوباره انتخاب کنید" in messages
    assert field(phone, "موضوع شکایت").input_value() == "قطعی مکرر برق"
    assert field(phone, "شرح شکایت").input_value() == "از دیروز سه بار برق رفته است."
    assert field(phone, "تاریخ ثبت درخواست").input_value() == "۱۴۰۳/۰۵/۰۸"
    registrant = field(phone, "شماره ملی ثبت کننده درخواست")
    assert registrant.input_value() == "0013542419" and registrant.is_disabled()
    phone.screenshot(path=f"{SHOTS}/lapse-answers-refilled.png", full_page=True)

    field(phone, "پیوست").set_input_files(str(pdf))
    phone.get_by_role("button", name="ثبت درخواست").click()
    phone.wait_for_url(re.compile(r".*/receipt/\d{13}/$"))
    assert "درخواست شما ثبت شد" in phone.content()


def test_reloading_step_two_keeps_the_code_and_the_wait(site, phone):
    phone.goto(site + URL)
    code = request_code(phone)
    phone.reload()
    assert "۰۹۱۲۱۱۱۲۲۳۳" in phone.locator(".gate-number").inner_text()
    wait = phone.locator("[data-countdown] .countdown-seconds").inner_text()
    assert re.fullmatch(r"[۰-۹]{1,2}", wait)
    assert phone.locator(".resend-link").is_disabled()
    phone.screenshot(path=f"{SHOTS}/gate-step-two-reloaded.png", full_page=True)
    # Opening the page again by its link: still step 2.
    phone.goto(site + URL)
    assert phone.get_by_label("کد دریافتی").is_visible()
    phone.get_by_role("button", name="ویرایش شماره").click()
    assert phone.get_by_label("شماره همراه").input_value() == "09121112233"
    phone.goto(site + URL)
    phone.get_by_label("کد دریافتی").fill(code)
    phone.get_by_role("button", name="بررسی کد").click()
    phone.wait_for_url(site + URL)
    assert phone.get_by_role("button", name="ثبت درخواست").is_visible()
    assert len(sms.outbox) == 1
