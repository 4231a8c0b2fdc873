"""Error pages in the site's frame, in Persian and under /en/ in English (issue 11), with
DEBUG off as in production (the test settings)."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

FRAME = 'class="site-header"'

PERSIAN = {
    400: ("درخواست نامعتبر", "/fail/400/"),
    403: ("دسترسی ممکن نیست", "/fail/403/"),
    404: ("صفحه یافت نشد", "/no-such-page/"),
    500: ("خطای سرور", "/fail/500/"),
}
ENGLISH = {
    400: ("Bad request", "/en/fail/400/"),
    403: ("Access denied", "/en/fail/403/"),
    404: ("Page not found", "/en/no-such-page/"),
    500: ("Server error", "/en/fail/500/"),
}


@pytest.fixture
def error_client(settings):
    settings.ROOT_URLCONF = "tests.site.error_urls"
    client = Client()
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("status", [400, 403, 404, 500])
def test_error_pages_are_framed_persian_pages_with_a_link_home(error_client, status):
    """Breaks if an error answers with Django's English page, outside the site's frame, or
    without the way home."""
    title, url = PERSIAN[status]
    response = error_client.get(url)
    assert response.status_code == status
    html = response.content.decode()
    assert FRAME in html and 'lang="fa" dir="rtl"' in html
    assert "<h1>%s</h1>" % title in html
    assert '<a href="/">صفحه اصلی</a>' in html
    assert "Bad Request" not in html and "Server Error" not in html


@pytest.mark.parametrize("status", [400, 403, 404, 500])
def test_error_pages_are_english_under_en(error_client, status):
    """Breaks if an English reader gets the Persian page or a link to the Persian home."""
    title, url = ENGLISH[status]
    response = error_client.get(url)
    assert response.status_code == status
    html = response.content.decode()
    assert FRAME in html and 'lang="en" dir="ltr"' in html
    assert "<h1>%s</h1>" % title in html
    assert '<a href="/en/">Home page</a>' in html


@pytest.mark.parametrize(
    ("url", "title", "home"),
    [("/", "این فرم منقضی شده است", "/"), ("/en/", "This form has expired", "/en/")],
)
def test_csrf_failure_is_the_sites_page(url, title, home):
    """Breaks if CSRF_FAILURE_VIEW is unset (Django's English "Forbidden (403)" page)."""
    client = Client(enforce_csrf_checks=True)
    response = client.post(url, {"anything": "1"})
    assert response.status_code == 403
    html = response.content.decode()
    assert FRAME in html and "<h1>%s</h1>" % title in html
    assert '<a href="%s">' % home in html
    assert "CSRF verification failed" not in html


def test_the_500_page_falls_back_to_plain_html_when_the_frame_fails(error_client, monkeypatch):
    """Breaks if a failing frame (database down) turns the 500 page into a second error."""
    from cms_site import errors

    def fail(*args, **kwargs):
        raise RuntimeError("frame down")

    monkeypatch.setattr(errors, "render_error", fail)
    response = error_client.get("/fail/500/")
    assert response.status_code == 500
    assert "خطای سرور" in response.content.decode()
