"""The site's frame on the demo desk (issue 11): the header's search on every page, results as
catalog rows, visible channel names, the footer's accessibility statement and privacy notice."""

import re

import pytest

from home.models import InfoPage

pytestmark = pytest.mark.django_db

URL = "/e-services/13031986000/13031986101/"


def test_catalog_channels_have_visible_names(client, demo_desk_once):
    """Catches: channel icons whose only text is visually hidden (or only in a tooltip)."""
    html = client.get("/e-services/").content.decode()
    row = re.search(r'<tr id="service-13031986101">.*?</tr>', html, re.S).group(0)
    channels = re.search(r'<ul class="channels">.*?</ul>', row, re.S).group(0)
    assert "visually-hidden" not in channels.replace('class="visually-hidden">تلفن', "")
    for name in ["وب", "اطلاع رسانی"]:
        assert '<span class="channel-label">%s</span>' % name in channels


@pytest.mark.parametrize("path", ["/", "/e-services/", URL, "/search/?query=x", "/accessibility/"])
def test_every_page_has_the_header_search_and_the_footer_links(client, demo_desk_once, path):
    """Catches: a page without the header's search form or the footer's statement links."""
    html = client.get(path).content.decode()
    header = re.search(r'<header class="site-header">.*?</header>', html, re.S).group(0)
    assert re.search(
        r'<form class="header-search" action="/search/" method="get" role="search"', header
    )
    assert 'aria-label="جستجوی خدمت‌ها"' in header
    footer = re.search(r"<footer.*?</footer>", html, re.S).group(0)
    assert 'href="/accessibility/">بیانیه دسترس‌پذیری</a>' in footer
    assert 'href="/privacy/">اطلاعیه حریم خصوصی</a>' in footer


def test_english_pages_search_and_link_in_english(client, demo_desk_once):
    html = client.get("/en/e-services/").content.decode()
    assert 'action="/en/search/"' in html and 'aria-label="Search services"' in html
    assert 'href="/en/accessibility/">Accessibility statement</a>' in html
    assert 'href="/en/privacy/">Privacy notice</a>' in html


def test_search_results_are_catalog_rows_with_group_and_channels(client, demo_desk_once):
    """Catches: search results as bare titles, without national ID, group and channels."""
    html = client.get("/search/", {"query": "شکایات"}).content.decode()
    row = re.search(r'<tr id="service-13031986101">.*?</tr>', html, re.S).group(0)
    assert "۱۳۰۳۱۹۸۶۱۰۱" in row
    assert "۱۳۰۳۱۹۸۶۰۰۰" in row and 'class="service-group"' in row
    assert '<span class="channel-label">وب</span>' in row
    assert 'href="tel:1521"' in row


def test_privacy_notice_and_accessibility_statement_say_what_the_desk_does(client, demo_desk_once):
    """Catches: the two pages missing, or silent on what is kept, how long and who sees it."""
    assert InfoPage.objects.filter(locale__language_code="fa").count() == 2
    assert InfoPage.objects.filter(locale__language_code="en").count() == 2
    privacy = client.get("/privacy/").content.decode()
    for words in ["کد ملی", "شماره همراه", "پیوست", "مدت نگهداری", "گروه خدمت", "تماس"]:
        assert words in privacy, words
    english = client.get("/en/privacy/").content.decode()
    for words in ["National code", "mobile", "Attachments", "retention period", "service's group"]:
        assert words in english, words
    statement = client.get("/accessibility/").content.decode()
    assert "WCAG 2.2" in statement and "محدودیت‌های شناخته‌شده" in statement
