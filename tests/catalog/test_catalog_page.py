"""The catalog as a citizen receives it (S1–S5, S12), on the demo desk."""

import re

import pytest
from django.utils import translation
from wagtail.models import Site

from eservices.catalog.models import DeskSettings, ServiceDeskPage, ServiceGroupPage, ServicePage
from tests.factories import make_group, make_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog_html(client, demo_desk_once):
    response = client.get("/e-services/")
    assert response.status_code == 200
    return response.content.decode()


def service_row(html: str, national_id: str) -> str:
    match = re.search(r'<tr id="service-%s">(.*?)</tr>' % national_id, html, re.S)
    assert match, national_id
    return match.group(1)


def test_home_page_menu_has_the_desk_entry(client, demo_desk_once):
    html = client.get("/").content.decode()
    assert '<html lang="fa" dir="rtl">' in html
    assert '<a href="/e-services/">میز خدمات الکترونیک</a>' in html


def test_catalog_is_persian_rtl_with_local_font(catalog_html):
    assert '<html lang="fa" dir="rtl">' in catalog_html
    assert "/static/fonts/vazirmatn/Vazirmatn-Variable.woff2" in catalog_html
    assert "//fonts.googleapis" not in catalog_html and "cdn" not in catalog_html.lower()


def test_all_fourteen_groups_are_disclosure_widgets_with_persian_ids(catalog_html):
    assert catalog_html.count('<details class="group"') == 14
    assert catalog_html.count("<summary") == 14
    # ID in Persian digits, numbered title, the group's icon and the tooltips of every part.
    group = re.search(
        r'<details class="group" id="group-13031986000">(.*?)</summary>', catalog_html, re.S
    ).group(1)
    assert "۱۳۰۳۱۹۸۶۰۰۰" in group
    assert "۱۳. رسیدگی و پاسخگویی به درخواست ها و شکایات مراجعین حوزه توزیع نیروی برق" in group
    assert "sprite.svg#message-report" in group
    for tip in [
        "کلید بازشونده خدمت‌های زیر مجموعه گروه خدمت الکترونیک",
        "نماد گروه خدمت الکترونیک",
        "شناسه گروه خدمت الکترونیک",
        "عنوان گروه خدمت الکترونیک",
    ]:
        assert tip in group
    assert 'role="tooltip"' in group


def test_group_summary_is_described_by_its_tooltips(catalog_html):
    summary = re.search(
        r'id="group-13031986000">\s*<summary aria-describedby="([^"]+)"', catalog_html
    )
    ids = summary.group(1).split()
    assert len(ids) == 2
    for tooltip_id in ids:
        assert 'role="tooltip" aria-hidden="true" id="%s"' % tooltip_id in catalog_html


def test_service_table_has_the_guides_three_columns(catalog_html):
    assert '<th scope="col">شناسه خدمت</th>' in catalog_html
    assert '<th scope="col">عنوان خدمت</th>' in catalog_html
    assert '<th scope="col">بستر ارائه خدمت</th>' in catalog_html


def test_service_id_downloads_the_identity_document_with_its_tooltip(catalog_html):
    row = service_row(catalog_html, "13031986101")
    link = re.search(
        r'<a href="(/documents/\d+/[^"]+\.pdf)" download aria-describedby="([^"]+)">', row
    )
    assert link
    assert "۱۳۰۳۱۹۸۶۱۰۱" in row
    # The tooltip's text is the page's one copy, shared by every row (issue 15).
    assert 'id="%s">برای دریافت سند شناسه خدمت کلیک کنید<' % link.group(2) in catalog_html


def test_identity_document_link_serves_the_pdf(client, catalog_html):
    url = re.search(
        r'<a href="(/documents/\d+/service-13031986101[^"]*\.pdf)"', catalog_html
    ).group(1)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_web_service_title_opens_the_form_and_describes_the_service(catalog_html):
    row = service_row(catalog_html, "13031986101")
    link = re.search(
        r'<a href="([^"]+)" aria-describedby="(tip-s\d+)">'
        r'۲\. <span class="service-name">ثبت شکایات مردمی',
        row,
    )
    assert link and link.group(1) == "/e-services/13031986000/13031986101/"
    assert (
        'id="%s">در این خدمت، متقاضیان می توانند نسبت به درج شکایت از هر یک از کارکنان یا '
        "خدمات شرکت اقدام نمایند.<" % link.group(2)
    ) in row


def test_title_of_a_service_without_web_opens_its_info(catalog_html):
    row = service_row(catalog_html, "13031980101")
    assert re.search(
        r'<a href="/e-services/13031980000/report-outage/info/" data-dialog="info-dialog"', row
    )
    assert "channel-web" not in row


def test_each_channel_icon_acts_and_explains_itself(catalog_html):
    row = service_row(catalog_html, "13031986101")
    # web → form
    assert re.search(r'channel-web"[^>]*>\s*<a href="/e-services/13031986000/13031986101/"', row)
    # Each tooltip's text is in the page once, named by every row's aria-describedby.
    assert 'aria-describedby="tip-web"' in row
    assert 'id="tip-web">این سرویس از طریق وب ارائه می‌شود<' in catalog_html
    # phone → tel: link, the number shown in Persian digits
    assert '<a href="tel:1521" aria-describedby="tip-phone"' in row
    assert '<span class="channel-text" dir="ltr">۱۵۲۱</span>' in row
    with translation.override("fa"):  # "ارائه خدمت از طریق این شماره تلفن"
        assert (
            'id="tip-phone">%s<'
            % translation.gettext("Service delivered through this phone number")
            in catalog_html
        )
    # counter offices → the list of offices
    assert '<a href="/e-services/offices/" aria-describedby="tip-counter"' in row
    assert "برای دریافت لیست دفاتر کلیک کنید" in catalog_html
    # mobile app → the app's download page
    assert re.search(r'<a href="/e-services/apps/\d+/" aria-describedby="tip-app"', row)
    assert "برای دریافت اپلیکیشن کلیک کنید" in catalog_html
    # info → the page's dialog (and the info page without JavaScript)
    assert re.search(
        r'<a href="/e-services/13031986000/13031986101/info/" data-dialog="info-dialog"', row
    )
    # every control is described by a tooltip present in the page, once
    for tooltip_id in re.findall(r'aria-describedby="([^"]+)"', row):
        assert catalog_html.count('role="tooltip" id="%s"' % tooltip_id) == 1
    # channel icons have visible names beside them, not only pictures (the phone its number)
    for name in ["وب", "دفاتر پیشخوان دولت", "اپلیکیشن موبایل", "اطلاع رسانی"]:
        assert '<span class="channel-label">%s</span>' % name in row
    assert '<span class="visually-hidden">تلفن</span>' in row


def test_info_dialog_shows_response_time_documents_fee_and_notes(catalog_html):
    """One dialog for the page (issue 15), labelled for every part of the info panel; each row
    carries its service's values, which desk.js puts into it."""
    assert catalog_html.count("<dialog") == 1
    dialog = re.search(
        r'<dialog class="info-dialog" id="info-dialog"(.*?)</dialog>', catalog_html, re.S
    ).group(1)
    assert "مدت زمان پاسخگویی به خدمت" in dialog
    assert "مدارک مورد نیاز" in dialog and "هزینه قابل پرداخت" in dialog and "توجه" in dialog
    assert '<form method="dialog">' in dialog
    cell = (
        r'<tr id="service-%s">\s*<td class="service-id".*?</td>\s*(<td class="service-title"[^>]*>)'
    )
    row = re.search(cell % "13031986101", catalog_html, re.S).group(1)
    assert 'data-time="۱ ساعت کاری"' in row
    row = re.search(cell % "13031466101", catalog_html, re.S).group(1)
    assert 'data-time="۳ روز کاری"' in row and 'data-fee="۵۰۰٬۰۰۰ ریال"' in row
    assert "تصویر کارت ملی مالک جدید" in row


def test_info_page_works_without_javascript(client, demo_desk_once):
    response = client.get("/e-services/13031466000/change-of-name/info/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "۳ روز کاری" in html
    assert "تصویر کارت ملی مالک جدید" in html
    assert "۵۰۰٬۰۰۰ ریال" in html


def test_home_link_defaults_to_the_site_root_and_follows_the_setting(client, demo_desk_once):
    html = client.get("/e-services/").content.decode()
    assert re.search(r'<a class="home-link" href="/">.*?صفحه اصلی', html, re.S)
    settings = DeskSettings.for_site(Site.objects.get(is_default_site=True))
    settings.home_url = "https://www.example-electricity.ir/"
    settings.save()
    for url in [
        "/e-services/",
        "/e-services/13031986000/",
        "/e-services/13031986000/13031986101/",
        "/e-services/offices/",
    ]:
        html = client.get(url).content.decode()
        assert '<a class="home-link" href="https://www.example-electricity.ir/">' in html, url


def test_each_group_has_its_own_page_listing_its_services(client, demo_desk_once):
    html = client.get("/e-services/13031986000/").content.decode()
    assert "ثبت مکاتبات مراجعین حوزه برق" in html and "ثبت شکایات مردمی در حوزه توزیع برق" in html
    assert "۱۳۰۳۱۹۸۶۰۰۰" in html
    assert "صفحه اصلی" in html


def test_unpublished_services_are_not_listed(client, demo_desk_once):
    service = ServicePage.objects.get(national_id="13031986100", locale__language_code="fa")
    service.unpublish()
    html = client.get("/e-services/").content.decode()
    assert "ثبت مکاتبات مراجعین حوزه برق" not in html


def test_markup_in_editor_text_is_shown_as_text(client, demo_desk_once):
    group = ServiceGroupPage.objects.get(national_id="13031987000", locale__language_code="fa")
    make_service(
        group,
        "13031987101",
        title="<script>alert(1)</script>",
        description='"><svg onload=alert(1)>',
    )
    html = client.get("/e-services/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "<svg onload" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_english_catalog_is_ltr_with_english_titles_and_ascii_digits(client, demo_desk_once):
    response = client.get("/en/e-services/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en" dir="ltr">' in html
    assert "Handling and answering requests and complaints" in html
    assert "13031986000" in html and "۱۳۰۳۱۹۸۶۰۰۰" not in html
    assert "Click to receive the service ID document" in html
    assert 'id="tip-phone">Service delivered through this phone number<' in html
    assert '<span class="channel-text" dir="ltr">1521</span>' in html
    assert '<a href="/en/e-services/" aria-current="page">E-Services Desk</a>' in html
    assert re.search(r'<a class="home-link" href="/en/">', html)


def test_language_switcher_links_to_the_same_page_in_the_other_language(client, demo_desk_once):
    html = client.get("/e-services/offices/").content.decode()
    assert '<a href="/en/e-services/offices/" lang="en" hreflang="en">English</a>' in html
    html = client.get("/en/e-services/13031986000/").content.decode()
    assert '<a href="/e-services/13031986000/" lang="fa" hreflang="fa">فارسی</a>' in html


def test_catalog_rows_without_identity_document_explain_the_id(client, demo_desk_once):
    group = ServiceGroupPage.objects.get(national_id="13031987000", locale__language_code="fa")
    make_service(group, "13031987102")
    html = client.get("/e-services/").content.decode()
    row = service_row(html, "13031987102")
    assert '<span tabindex="0" aria-describedby="tip-id"' in row
    assert (
        'id="tip-id">شناسه خدمت: کد یکتایی که سازمان مدیریت و برنامه ریزی کشور اختصاص داده است<'
        in html
    )


def test_new_group_without_services_says_so(client, demo_desk_once):
    desk = ServiceDeskPage.objects.get(locale__language_code="fa")
    make_group(desk, "13031988000")
    html = client.get("/e-services/").content.decode()
    assert "این گروه هنوز خدمتی ندارد." in html


def test_service_page_spells_out_its_channels(client, demo_desk_once):
    html = client.get("/e-services/13031986000/13031986101/").content.decode()
    assert "این سرویس از طریق وب ارائه می‌شود" in html
    assert '<a href="tel:1521">ارائه خدمت از طریق شماره تلفن ۱۵۲۱</a>' in html
    assert '<a href="/e-services/offices/">' in html
    assert "راهنما" in html  # the help button of the form guide


def test_what_the_service_is_and_needs_comes_before_the_gate(client, demo_desk_once):
    """Catches: the description and info panel back below the gate and the form, where a
    citizen learns what to bring only after verifying (issue: the GOV.UK start page)."""
    html = client.get("/e-services/13031986000/13031986101/").content.decode()
    gate = html.index('name="mobile-captcha_0"')
    start = html.index("پیش از شروع")
    assert start < html.index("در این خدمت، متقاضیان می توانند") < gate
    assert start < html.index("مدارک مورد نیاز") < gate
