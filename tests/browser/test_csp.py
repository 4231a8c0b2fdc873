"""Chromium sees no Content-Security-Policy violation (docs/security.md D2) along a citizen's
journey and in the admin pages staff use.

A violation is anything the browser reports for the page's policy: a ``securitypolicyviolation``
event in any frame (the listener is added before the page's own scripts run) or a console
message about the policy ("Refused to …", "… violates the following Content Security Policy
directive …"). Examples of what each test would catch: an inline ``<script>`` in a template
(e.g. ``<script>document.querySelector(…)</script>`` in ``base.html``), an ``onclick=``
attribute, a ``style=`` attribute on a public page, one of Wagtail's inline scripts left
without the request's nonce (an override in ``cms_site/templates/`` removed), an image or a
request to another origin (Gravatar, Wagtail's release check), the preview panel refused by
``frame-ancestors``. ``test_the_watch_sees_a_blocked_inline_script`` shows the watch itself
reports a violation.
"""

import re

import pytest
import sms
from captcha.models import CaptchaStore
from django.contrib.auth import get_user_model
from django.core.management import call_command

from eservices.catalog.models import ServicePage
from tests.backoffice.conftest import make_request
from tests.factories import make_service

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMPLAINT = "/e-services/13031986000/13031986101/"
CONSOLE_CSP = re.compile(r"Refused to|Content Security Policy", re.I)
LISTENER = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolation({
    page: location.pathname, directive: e.violatedDirective, blocked: e.blockedURI,
    source: e.sourceFile, line: e.lineNumber, sample: e.sample,
  });
});
"""


@pytest.fixture
def site(live_server):
    call_command("load_demo_desk", stdout=open("/dev/null", "w"))  # noqa: SIM115
    sms.outbox = []
    return live_server.url


def watch(context) -> list:
    """Everything the pages of ``context`` (every frame) report about the policy."""
    found = []
    context.expose_function("__cspViolation", lambda violation: found.append(violation))
    context.add_init_script(LISTENER)
    context.on(
        "console",
        lambda message: (
            found.append({"console": message.text}) if CONSOLE_CSP.search(message.text) else None
        ),
    )
    return found


def settle(page):
    """Let the page's scripts run and the violation events reach the test."""
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)


def test_the_watch_sees_a_blocked_inline_script(site, browser):
    """The watch works: an inline script added to a public page is blocked and reported (by
    the event and on the console). Catches: a watch that would report nothing."""
    context = browser.new_context()
    found = watch(context)
    page = context.new_page()
    page.goto(site + "/e-services/")
    ran = page.evaluate(
        """() => { window.ran = false; const s = document.createElement("script");
        s.textContent = "window.ran = true"; document.body.append(s); return window.ran; }"""
    )
    settle(page)
    assert ran is False
    assert any(v.get("directive", "").startswith("script-src") for v in found), found
    assert any("console" in v for v in found), found
    context.close()


def solve_captcha(page):
    key = page.locator("input[name='mobile-captcha_0']").input_value()
    page.get_by_label("عبارت امنیتی").fill(CaptchaStore.objects.get(hashkey=key).response)


def test_no_csp_violation_on_the_citizen_journey(site, browser, tmp_path):
    """Catches: anything the policy blocks on the home page, the catalog, a group, the service
    page through the SMS gate, the form (with its date picker and a file), the check-your-answers
    step when the service has it, the receipt and the follow-up lookup."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True, locale="fa-IR"
    )
    found = watch(context)
    page = context.new_page()
    for path in ["/", "/e-services/", "/e-services/13031986000/", "/en/e-services/"]:
        page.goto(site + path)
        settle(page)
    page.goto(site + "/e-services/")
    page.locator("#group-13031986000 summary").click()
    page.locator("#service-13031986101 .service-title a").click()
    page.wait_for_url(site + COMPLAINT)

    # The gate: mobile, national code and captcha, then the texted code.
    page.get_by_label("شماره همراه").fill("09121112233")
    page.get_by_label("کد ملی").fill("0013542419")
    solve_captcha(page)
    page.get_by_role("button", name="ارسال پیامک").click()
    page.get_by_label("کد دریافتی").wait_for()
    code = re.search(r"\d{6}", sms.outbox[-1].body).group(0)
    page.get_by_label("کد دریافتی").fill(code)
    page.get_by_role("button", name="بررسی کد").click()
    page.wait_for_url(site + COMPLAINT)

    # The form, its date picker and a file; then the receipt.
    page.get_by_label("موضوع شکایت", exact=False).first.fill("قطعی مکرر برق")
    page.get_by_label("شرح شکایت", exact=False).first.fill("برق هر روز قطع می‌شود.")
    page.locator(".jdp-toggle").click()
    page.locator(".jdp-day[data-day='15']").click()
    pdf = tmp_path / "complaint.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n")
    page.get_by_label("پیوست", exact=False).first.set_input_files(str(pdf))
    page.get_by_role("button", name="ثبت درخواست").click()
    # A service may ask to check the answers before sending (docs/architecture.md).
    page.wait_for_url(re.compile(r".*/(receipt/\d{13}|check)/$"))
    if page.url.endswith("/check/"):
        settle(page)
        page.get_by_role("button", name="ارسال درخواست").click()
        page.wait_for_url(re.compile(r".*/receipt/\d{13}/$"))
    settle(page)
    tracking = page.locator(".tracking-box .tracking-number").inner_text()

    # The follow-up tab: a lookup with the tracking number.
    page.get_by_role("link", name="پیگیری").last.click()
    page.locator("#id_tracking_number").fill(tracking)
    page.locator("#id_national_code").fill("0013542419")
    page.get_by_role("button", name="جستجوی شماره رهگیری").click()
    page.locator(".lookup-result .status").wait_for()
    settle(page)
    assert found == []
    context.close()


def admin_pages(service, submission) -> list[str]:
    desk = service.get_parent().get_parent()
    return [
        "/admin/",
        "/admin/pages/%d/" % desk.pk,
        "/admin/eservices/requests/",
        "/admin/eservices/requests/%d/" % submission.pk,
        "/admin/eservices/surveys/",
        "/admin/eservices/ideas/",
        "/admin/reports/site-history/",
        "/admin/snippets/",
        "/admin/snippets/eservices/requeststatus/",
        "/admin/snippets/eservices/holiday/add/",
        "/admin/settings/eservices/desksettings/",
        "/admin/eservices/totp/enrol/",
    ]


def test_no_csp_violation_in_the_admin_pages_staff_use(site, browser):
    """Catches: anything the policy blocks in the admin: the dashboard, the page explorer, a
    service page's editor (its inline panels, a chooser, the date pickers, adding a channel,
    the preview panel), the desk's inbox and a request, the reports, snippets, settings, the
    authenticator enrolment, and wagtail-localize's translate page and translation editor."""
    get_user_model().objects.create_superuser("boss", "boss@example.com", "pw-boss")
    service = ServicePage.objects.get(
        url_path__endswith="/13031986101/", locale__language_code="fa"
    )
    submission = make_request(service)
    untranslated = make_service(service.get_parent().specific, "13031986199", title="تازه")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    found = watch(context)
    page = context.new_page()
    page.goto(site + "/admin/login/")
    page.locator("#id_username").fill("boss")
    page.locator("#id_password").fill("pw-boss")
    page.locator("button[type=submit]").click()
    page.wait_for_url(site + "/admin/")
    for path in admin_pages(service, submission):
        page.goto(site + path)
        settle(page)
        assert page.locator("main, #main").first.is_visible(), path

    # The editor: add a channel (an inline panel's new form runs its scripts), open a chooser,
    # and the preview panel (an iframe of the same origin).
    page.goto(site + "/admin/pages/%d/edit/" % service.pk)
    settle(page)
    channels = page.locator("#id_channels-FORMS > *")
    before = channels.count()
    # Every kind of channel is used: delete one, then add one back (its app chooser's script
    # comes from the inline panel's template, run by jQuery with the nonce).
    page.locator("#id_channels-0-DELETE-button").click()
    page.locator("#id_channels-ADD").click()
    assert page.locator("#id_channels-%d-app" % before).count() == 1, found
    # A chooser's modal (loaded by script from another admin view).
    choosers = page.locator("[data-chooser-action-choose], [data-chooser-action-change]")
    choosers.locator("visible=true").first.click()
    page.locator(".modal-content").first.wait_for()
    settle(page)
    page.keyboard.press("Escape")
    page.locator("[data-side-panel-toggle='preview']").first.click()
    preview = page.frame_locator("iframe#w-preview-iframe, .preview-panel iframe").first
    preview.locator("h1").first.wait_for()
    settle(page)

    # wagtail-localize: translate a page into English, which opens its translation editor.
    page.goto(site + "/admin/localize/submit/page/%d/" % untranslated.pk)
    settle(page)
    page.locator("input[name=locales]").first.check()
    page.locator("form [type=submit]").last.click()
    page.wait_for_url(re.compile(r".*/admin/pages/\d+/edit/$"))
    page.locator(".js-translation-editor *").first.wait_for()
    settle(page)
    assert found == []
    context.close()
