"""What the counter-office and mobile-app channels open."""

import re

import pytest

from eservices.catalog.models import CounterOffice, MobileApp

pytestmark = pytest.mark.django_db


def office_names(html: str) -> list[str]:
    return re.findall(r'<li class="office">\s*<h2>([^<]+)</h2>', html)


def test_offices_list_shows_active_offices_only(client, demo_desk_once):
    response = client.get("/e-services/offices/")
    html = response.content.decode()
    assert response.status_code == 200
    names = office_names(html)
    assert len(names) == 4
    assert not any("غیرفعال" in name for name in names)
    assert "صفحه اصلی" in html
    assert '<a href="tel:02166001234" dir="ltr">۰۲۱-۶۶۰۰۱۲۳۴</a>' in html


def test_offices_filter_by_province_then_city(client, demo_desk_once):
    html = client.get("/e-services/offices/", {"province": "tehran"}).content.decode()
    assert len(office_names(html)) == 2
    assert '<option value="ری">ری</option>' in html
    html = client.get("/e-services/offices/", {"province": "tehran", "city": "ری"}).content.decode()
    assert office_names(html) == ["دفتر پیشخوان دولت شماره ۲۰۲ (نمونه)"]


def test_city_left_from_another_province_is_dropped(client, demo_desk_once):
    html = client.get(
        "/e-services/offices/", {"province": "isfahan", "city": "ری"}
    ).content.decode()
    assert office_names(html) == ["دفتر پیشخوان دولت شماره ۳۰۳ (نمونه)"]


def test_city_typed_with_arabic_letters_matches(client, demo_desk_once):
    # "ري" with Arabic yeh, as an Arabic keyboard types it.
    html = client.get("/e-services/offices/", {"city": "ري"}).content.decode()
    assert office_names(html) == ["دفتر پیشخوان دولت شماره ۲۰۲ (نمونه)"]


@pytest.mark.parametrize(
    "query",
    [
        {"province": "<script>alert(1)</script>"},
        {"province": "x" * 5000},
        {"city": "\x00\x1b[31m"},
        {"province": ["tehran", "fars"]},
    ],
)
def test_odd_filter_input_never_fails(client, demo_desk_once, query):
    response = client.get("/e-services/offices/", query)
    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content


def test_invalid_province_is_reported_next_to_the_field(client, demo_desk_once):
    html = client.get("/e-services/offices/", {"province": "atlantis"}).content.decode()
    assert 'class="field-error"' in html
    assert len(office_names(html)) == 4


def test_english_offices_list_is_in_english(client, demo_desk_once):
    html = client.get("/en/e-services/offices/").content.decode()
    assert "Government counter office no. 101 (demo)" in html
    assert '<option value="tehran">Tehran</option>' in html


def test_app_page_offers_file_store_links_and_a_qr_code(client, demo_desk_once):
    app = MobileApp.objects.get(locale__language_code="fa")
    response = client.get("/e-services/apps/%d/" % app.pk)
    html = response.content.decode()
    assert response.status_code == 200
    assert "برق من (نمونه)" in html
    assert re.search(r'<a class="button" href="/documents/\d+/[^"]+\.pdf" download>', html)
    assert 'href="https://example.com/demo/bargh-man/bazaar"' in html
    assert "کافه بازار" in html
    assert "<svg" in html and "<path" in html  # the QR code, drawn on the server


def test_app_page_in_english_shows_the_english_app(client, demo_desk_once):
    app = MobileApp.objects.get(locale__language_code="fa")
    html = client.get("/en/e-services/apps/%d/" % app.pk).content.decode()
    assert "My Electricity (demo)" in html


def test_unknown_app_is_404(client, demo_desk_once):
    assert client.get("/e-services/apps/999999/").status_code == 404


def test_offices_and_apps_are_translatable_snippets(demo_desk_once):
    assert CounterOffice.objects.filter(locale__language_code="en").count() == 5
    assert MobileApp.objects.filter(locale__language_code="en").count() == 1
