"""A citizen uses the catalog in Chromium: menu entry, groups, one tap, tooltips, info dialog."""

import pytest
from django.core.management import call_command

pytestmark = [
    pytest.mark.browser,
    # The live server's thread has its own connection, so the demo must be committed; the
    # loader rebuilds Wagtail's roots that the flush between these tests removes.
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def site(live_server):
    call_command("load_demo_desk", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return live_server.url


def test_citizen_opens_the_desk_from_the_menu_and_expands_a_group(site, phone):
    phone.goto(site + "/")
    phone.get_by_role("link", name="میز خدمات الکترونیک").first.click()
    phone.wait_for_url(site + "/e-services/")

    group = phone.locator("#group-13031986000")
    assert group.get_attribute("open") is None
    complaint = phone.locator("#service-13031986101")
    assert not complaint.is_visible()

    group.locator("summary").click()
    assert group.get_attribute("open") == ""
    assert complaint.is_visible()
    assert "ثبت شکایات مردمی در حوزه توزیع برق" in complaint.inner_text()
    # The page fits a phone: nothing scrolls sideways.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390


def test_one_tap_acts_and_channels_name_themselves(site, phone):
    """Catches: the first tap only showing a tooltip (issue 11): on touch a tap acts at once,
    and the channels say in visible text what they are, so no tooltip is needed first."""
    phone.goto(site + "/e-services/")
    phone.locator("#group-13031986000 summary").click()
    row = phone.locator("#service-13031986101")
    assert row.locator(".channel-web .channel-label").is_visible()
    assert row.locator(".channel-web .channel-label").inner_text() == "وب"
    assert row.locator(".channel-phone .channel-text").inner_text() == "۱۵۲۱"
    row.locator(".service-title a").tap()
    phone.wait_for_url(site + "/e-services/13031986000/13031986101/")


def test_tooltips_show_on_hover_and_on_keyboard_focus(site, desktop):
    desktop.goto(site + "/e-services/")
    desktop.locator("#group-13031986000 summary").click()
    row = desktop.locator("#service-13031986101")
    row.locator(".channel-counter a").hover()
    assert row.locator(".channel-counter .tip").is_visible()
    desktop.mouse.move(0, 0)
    assert not row.locator(".channel-counter .tip").is_visible()
    # Keyboard focus (Tab), not a click or a tap, shows it.
    row.locator(".service-id a").focus()
    desktop.keyboard.press("Shift+Tab")
    desktop.keyboard.press("Tab")
    assert row.locator(".service-id .tip").is_visible()
    assert row.locator(".service-id .tip").inner_text() == "برای دریافت سند شناسه خدمت کلیک کنید"


def test_info_icon_opens_and_closes_the_info_dialog(site, desktop):
    desktop.goto(site + "/e-services/")
    desktop.locator("#group-13031986000 summary").click()
    desktop.locator("#service-13031986101 .channel-info a").click()
    dialog = desktop.locator("dialog[open]")
    assert dialog.is_visible()
    assert "۱ ساعت کاری" in dialog.inner_text()
    dialog.get_by_role("button", name="بستن").click()
    assert desktop.locator("dialog[open]").count() == 0
