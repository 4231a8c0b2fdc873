"""WCAG 2.2 AA in Chromium at phone size (issue 11): axe-core on every public page of a
citizen's journey, the journey with the keyboard only, and screenshots to look at.

axe-core is vendored (tests/browser/vendor/, see its README) and injected with Playwright's
``page.evaluate``: nothing is fetched from a CDN.
"""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from eservices.catalog.models import ServicePage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_SOURCE = AXE.read_text(encoding="utf-8")
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
COMPLAINT = "/e-services/13031986000/13031986101/"
BILLS = "/e-services/13031465000/bill-inquiry/"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = {"serious", "critical"}


@pytest.fixture
def site(live_server):
    call_command("load_demo_desk", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return live_server.url


def axe(page) -> list[dict]:
    """axe-core's WCAG 2.x A/AA violations on the page as it is now."""
    # Evaluated through the DevTools protocol, which the site's CSP does not govern (an
    # injected <script> would be refused: no inline scripts).
    page.evaluate(AXE_SOURCE)
    return page.evaluate(
        """async (tags) => {
          const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
          return result.violations.map((v) => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
          }));
        }""",
        WCAG_TAGS,
    )


def open_all_groups(page):
    page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")


def test_axe_finds_no_serious_violation_on_the_journey(site, phone):
    """Catches: any serious or critical WCAG 2.x A/AA violation axe-core can see on the desk, a
    group, the service page with the gate, the Follow-up tab (lookup, survey, participation,
    and their errors), the search results and the accessibility statement."""
    journey = [
        ("desk", "/e-services/", open_all_groups),
        ("group", "/e-services/13031986000/", None),
        ("gate", COMPLAINT, None),
        ("search", "/search/?query=%D8%B4%DA%A9%D8%A7%DB%8C%D8%A7%D8%AA", None),
        ("statement", "/accessibility/", None),
        ("privacy", "/privacy/", None),
        ("bills follow-up", BILLS + "follow-up/", None),
    ]
    found = {}
    for name, path, prepare in journey:
        phone.goto(site + path)
        if prepare:
            prepare(phone)
        found[name] = axe(phone)
    # The complaint's Follow-up tab past the gate, blank and with every form's errors.
    ServicePage.objects.filter(national_id="13031986101").update(requires_identity=False)
    phone.goto(site + COMPLAINT + "follow-up/")
    found["follow-up"] = axe(phone)
    phone.get_by_role("button", name="جستجوی شماره رهگیری").click()
    found["lookup errors"] = axe(phone)
    phone.goto(site + BILLS + "follow-up/")
    phone.get_by_role("button", name="ثبت نظر").click()
    found["survey errors"] = axe(phone)
    phone.get_by_role("button", name="ارسال").click()
    found["participation errors"] = axe(phone)

    print(json.dumps(found, ensure_ascii=False, indent=1))  # the report: every impact
    blocking = {
        name: [v for v in violations if v["impact"] in BLOCKING]
        for name, violations in found.items()
    }
    assert not any(blocking.values()), json.dumps(blocking, ensure_ascii=False, indent=1)


def tab_to(page, selector: str, limit: int = 80):
    """Press Tab until the focused element matches ``selector``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => !!document.activeElement?.matches(s)", selector):
            return
    raise AssertionError("Tab never reached %s" % selector)


def test_keyboard_alone_reaches_a_service_and_looks_up_a_request(site, phone):
    """Catches: a step of the catalog or the lookup that needs a pointer (a group that Space
    does not open, a link or button Tab skips, a form Enter does not submit)."""
    ServicePage.objects.filter(national_id="13031986101").update(requires_identity=False)
    phone.goto(site + "/")
    tab_to(phone, ".main-menu a[href='/e-services/']")
    phone.keyboard.press("Enter")
    phone.wait_for_url(site + "/e-services/")

    tab_to(phone, "#group-13031986000 > summary")
    phone.keyboard.press("Space")
    assert phone.locator("#group-13031986000").get_attribute("open") == ""
    tab_to(phone, "#service-13031986101 .service-title a")
    # The tooltip shows on keyboard focus, and Escape hides it.
    tip = phone.locator("#service-13031986101 .service-title .tip")
    assert tip.is_visible()
    phone.keyboard.press("Escape")
    assert not tip.is_visible()
    phone.keyboard.press("Enter")
    phone.wait_for_url(site + COMPLAINT)

    tab_to(phone, ".tabs a[href$='/follow-up/']")
    phone.keyboard.press("Enter")
    phone.wait_for_url(site + COMPLAINT + "follow-up/")
    tab_to(phone, ".lookup-form input[name='tracking_number']")
    phone.keyboard.type("۱۲۳۴۵۶۷۸۹۰۱۲۳")
    tab_to(phone, ".lookup-form input[name='national_code']")
    phone.keyboard.type("۰۰۱۳۵۴۲۴۱۹")
    tab_to(phone, ".lookup-form button[type='submit']")
    with phone.expect_navigation():
        phone.keyboard.press("Space")
    # The form was submitted: an unknown number gets the lookup's answer, a malformed one the
    # error summary, which takes the focus.
    assert phone.locator("#error-summary, .lookup-result .notice").first.is_visible()


def test_screenshots_of_the_catalog_and_the_follow_up_tab(site, phone):
    """Not a check: pictures at 390×844 for a person to look at (var/screenshots/)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone.goto(site + "/e-services/")
    phone.locator("#group-13031986000 summary").click()
    phone.screenshot(path=str(SCREENSHOTS / "catalog-390.png"), full_page=True)
    ServicePage.objects.filter(national_id="13031986101").update(requires_identity=False)
    phone.goto(site + COMPLAINT + "follow-up/")
    phone.screenshot(path=str(SCREENSHOTS / "follow-up-390.png"), full_page=True)
    phone.goto(site + BILLS + "follow-up/")
    phone.get_by_role("button", name="ثبت نظر").click()
    phone.screenshot(path=str(SCREENSHOTS / "survey-errors-390.png"), full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
