"""A citizen uses the catalog in Chromium: menu entry, groups, tooltips, info dialog."""

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


def test_tooltips_show_on_tap_then_the_second_tap_acts(site, phone):
    phone.goto(site + "/e-services/")
    phone.locator("#group-13031986000 summary").click()
    phone_channel = phone.locator("#service-13031986101 .channel-phone")
    tooltip = phone_channel.locator(".tip")
    assert not tooltip.is_visible()
    phone_channel.locator("a").tap()
    assert tooltip.is_visible()
    assert tooltip.inner_text() == "ارائه خدمت از طریق شماره تلفن ۱۵۲۱"
    box = tooltip.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390

    title = phone.locator("#service-13031986101 .service-title")
    title.locator("a").tap()
    assert title.locator(".tip").is_visible()
    assert phone.url == site + "/e-services/"  # the first tap only explained
    title.locator("a").tap()
    phone.wait_for_url(site + "/e-services/13031986000/13031986101/")


def test_tooltips_show_on_hover_and_on_keyboard_focus(site, desktop):
    desktop.goto(site + "/e-services/")
    desktop.locator("#group-13031986000 summary").click()
    row = desktop.locator("#service-13031986101")
    row.locator(".channel-counter a").hover()
    assert row.locator(".channel-counter .tip").is_visible()
    desktop.mouse.move(0, 0)
    assert not row.locator(".channel-counter .tip").is_visible()
    row.locator(".service-id a").focus()
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
