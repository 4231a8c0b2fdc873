"""The page cache of the public catalog (issue 15): what it keeps, for whom, and when it lets go.

Each invalidation test fills the cache, changes what a page shows the way an editor does, and
reads the page again: a stale page is the failure.
"""

import gzip

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from eservices.catalog import pagecache
from eservices.catalog.models import (
    CounterOffice,
    DeskSettings,
    MobileApp,
    ServiceDeskPage,
    ServiceGroupPage,
    ServicePage,
)
from tests.factories import make_catalog, make_complaint, make_group, make_service

pytestmark = pytest.mark.django_db

DESK = "/e-services/"
GROUP = "/e-services/13031000000/"
SERVICE = "/e-services/13031000000/13031000100/"
INFO = SERVICE + "info/"
COMPLAINT = "/e-services/13031986000/13031986101/"


@pytest.fixture
def desk():
    """Two groups of two services, an empty group, and the complaint service (gate off) with
    its request form at ``COMPLAINT``."""
    desk = make_complaint().get_parent().get_parent().specific
    make_catalog(groups=2, services_per_group=2, desk=desk)
    make_group(desk, "13031009000")  # an empty group to move services into
    return desk


def get(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, (url, response.status_code)
    return response


def warm(client, url) -> None:
    """Fill the cache for ``url`` (the first request of a site may create its settings row,
    which draws a new version) and check that the next request is answered from it."""
    get(client, url)
    get(client, url)
    assert get(client, url)[pagecache.HEADER] == "hit", url


def entries() -> list[bytes]:
    """The HTML of every page in the cache, whatever the backend."""
    if hasattr(cache, "_cache"):  # local memory
        keys = [k for k in cache._cache if pagecache.KEY_PREFIX + ":" in k]
        values = [cache.get(k.split(":", 2)[2]) for k in keys]
    else:  # django-redis
        values = list(cache.get_many(cache.keys(pagecache.KEY_PREFIX + ":*")).values())
    return [gzip.decompress(body) for _status, _headers, body in values if body]


# What is kept, for whom ---------------------------------------------------------------------


def test_the_catalog_group_info_and_offices_pages_come_from_the_cache_without_a_query(client, desk):
    """Catches: a route that forgets ``cache_this_page`` (each URL here is one route)."""
    for url in [DESK, GROUP, INFO, DESK + "offices/"]:
        warm(client, url)
        first = get(client, url)
        with CaptureQueriesContext(connection) as queries:
            again = get(client, url)
        assert again[pagecache.HEADER] == "hit"
        assert len(queries) == 0, url
        assert again.content == first.content


def test_a_service_not_on_the_web_is_cached_and_one_with_a_form_is_not(client, desk):
    """Catches: ``cache_this_page`` moved up into the Register route, which renders the form
    with its CSRF token (it would then depend only on the response checks)."""
    group = ServiceGroupPage.objects.get(national_id="13031000000")
    make_service(group, "13031000150", channels=(("phone", "121"), ("info", "")))
    warm(client, "/e-services/13031000000/13031000150/")

    first, second = get(client, COMPLAINT), get(client, COMPLAINT)
    assert pagecache.HEADER not in second
    assert b"csrfmiddlewaretoken" in first.content


def test_a_visitor_with_a_session_is_never_answered_from_the_cache(client, desk):
    """Catches: ``may_use_cache`` without its session-cookie condition."""
    warm(client, DESK)
    session = client.session
    session["anything"] = "of one citizen"
    session.save()
    client.cookies["sessionid"] = session.session_key
    response = get(client, DESK)
    assert pagecache.HEADER not in response


def test_a_query_string_bypasses_the_cache(client, desk):
    """Catches: the query string left out of the checks (the office filter would be served
    the unfiltered list, or the other way round)."""
    warm(client, DESK + "offices/")
    assert pagecache.HEADER not in get(client, DESK + "offices/?province=tehran")


def test_no_cached_page_holds_a_csrf_token_or_a_session(client, desk):
    """Catches: any public route that stores a form: every page a visitor can reach, tabs,
    gate and follow-up included, is read twice, then every entry in the cache is searched."""
    group = ServiceGroupPage.objects.get(national_id="13031000000")
    make_service(group, "13031000160", requires_identity=True)
    urls = [DESK, GROUP, SERVICE, INFO, DESK + "offices/"]
    for base in (COMPLAINT, "/e-services/13031000000/13031000160/"):
        urls += [base, base + "follow-up/", base + "info/"]
    for url in urls * 2:
        client.get(url)
    stored = entries()
    assert len(stored) >= 4
    for html in stored:
        assert b"csrfmiddlewaretoken" not in html
        assert b"csrftoken" not in html
    session_key = client.cookies.get("sessionid")
    if session_key:
        assert all(session_key.value.encode() not in html for html in stored)


def test_a_marked_response_that_rendered_a_token_or_set_a_cookie_is_not_stored(rf):
    """Catches: ``is_storable`` without its checks of the CSRF token, cookies and never-cache
    headers (a route marked by mistake would then leak one visitor's token to all)."""

    def view_with(kind):
        def view(request):
            pagecache.cache_this_page(request)
            response = HttpResponse("<p>public</p>")
            if kind == "token":
                response = HttpResponse('<input name="x" value="%s">' % get_token(request))
            elif kind == "cookie":
                response.set_cookie("choice", "1")
            elif kind == "private":
                response["Cache-Control"] = "private"
            elif kind == "field":
                response = HttpResponse('<input name="csrfmiddlewaretoken" value="">')
            return response

        return view

    for kind in ["token", "cookie", "private", "field", "public"]:
        middleware = pagecache.PageCacheMiddleware(view_with(kind))
        request = RequestFactory().get("/%s/" % kind)
        response = middleware(request)
        again = middleware(RequestFactory().get("/%s/" % kind))
        if kind == "public":
            assert response[pagecache.HEADER] == "miss" and again[pagecache.HEADER] == "hit"
        else:
            assert pagecache.HEADER not in again, kind


# Compression -------------------------------------------------------------------------------


def test_public_pages_are_gzipped_and_pages_with_a_csrf_token_are_not(client, desk):
    """Catches: GZipMiddleware in place of PublicGZipMiddleware (BREACH: a page carrying a
    CSRF token must not be compressed), or no compression at all."""
    for url in [DESK, DESK]:  # a miss, then a hit
        response = get(client, url, HTTP_ACCEPT_ENCODING="gzip, br")
        assert response["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response["Vary"]
        assert b"<h1>" in gzip.decompress(response.content)
    plain = get(client, DESK)
    assert "Content-Encoding" not in plain and b"<h1>" in plain.content

    response = get(client, COMPLAINT, HTTP_ACCEPT_ENCODING="gzip")
    assert b"csrfmiddlewaretoken" in response.content
    assert "Content-Encoding" not in response


# Invalidation ------------------------------------------------------------------------------


def test_publishing_a_desk_page_shows_at_once(client, desk):
    """Catches: ``Page`` left out of the watched models (publishing saves the page row; the
    ``page_published`` receiver alone would also catch it)."""
    warm(client, DESK)
    desk = ServiceDeskPage.objects.get(pk=desk.pk)
    desk.title = "میز تازه"
    desk.save_revision().publish()
    assert "میز تازه" in get(client, DESK).content.decode()

    warm(client, GROUP)
    service = ServicePage.objects.get(national_id="13031000100")
    service.title = "عنوان تازه خدمت"
    service.save_revision().publish()
    assert "عنوان تازه خدمت" in get(client, GROUP).content.decode()
    assert "عنوان تازه خدمت" in get(client, DESK).content.decode()


def test_unpublishing_a_service_removes_it_at_once(client, desk):
    """Catches: ``Page`` left out of the watched models and no ``page_unpublished`` receiver."""
    warm(client, DESK)
    warm(client, INFO)
    ServicePage.objects.get(national_id="13031000100").unpublish()
    assert 'id="service-13031000100"' not in get(client, DESK).content.decode()
    assert client.get(INFO).status_code == 404


def test_moving_a_service_to_another_group_shows_at_once(client, desk):
    """Catches: ``Page`` left out of the watched models and no ``post_page_move`` receiver (a
    move changes the paths of the page and its subtree, then saves the page)."""
    warm(client, DESK)
    warm(client, GROUP)
    service = ServicePage.objects.get(national_id="13031000100")
    target = ServiceGroupPage.objects.get(national_id="13031009000")
    service.move(target, pos="last-child")
    assert 'id="service-13031000100"' not in get(client, GROUP).content.decode()
    html = get(client, DESK).content.decode()
    assert '<a href="/e-services/13031009000/13031000100/"' in html


def test_deleting_a_service_removes_it_at_once(client, desk):
    """Catches: no ``post_delete`` receiver (a deleted page sends no other signal)."""
    warm(client, DESK)
    warm(client, GROUP)
    ServicePage.objects.get(national_id="13031000100").delete()
    assert 'id="service-13031000100"' not in get(client, GROUP).content.decode()
    assert 'id="service-13031000100"' not in get(client, DESK).content.decode()


def test_making_a_group_private_removes_it_from_the_cached_catalog(client, desk):
    """Catches: ``PageViewRestriction`` missing from the watched models."""
    warm(client, DESK)
    group = Page.objects.get(pk=ServiceGroupPage.objects.get(national_id="13031000000").pk)
    PageViewRestriction.objects.create(page=group, restriction_type="login")
    assert 'id="group-13031000000"' not in get(client, DESK).content.decode()


def test_a_changed_counter_office_shows_at_once(client, desk):
    """Catches: ``CounterOffice`` missing from the watched models."""
    desk = ServiceDeskPage.objects.get(pk=desk.pk)
    office = CounterOffice.objects.create(
        locale=desk.locale, name="دفتر یک", province="tehran", city="تهران", address="خیابان"
    )
    warm(client, DESK + "offices/")
    office.name = "دفتر تازه"
    office.save()
    assert "دفتر تازه" in get(client, DESK + "offices/").content.decode()
    office.delete()
    assert "دفتر تازه" not in get(client, DESK + "offices/").content.decode()


def test_a_renamed_mobile_app_shows_at_once(client):
    """Catches: ``MobileApp`` missing from the watched models."""
    app = MobileApp.objects.create(name="برق من")
    make_catalog(groups=1, services_per_group=1, app=app)
    url = "/e-services/apps/%d/" % app.pk
    warm(client, url)
    app.name = "برق ما"
    app.save()
    assert "برق ما" in get(client, url).content.decode()


def test_changed_desk_settings_show_at_once(client, desk):
    """Catches: ``DeskSettings`` missing from the watched models (S12's home link)."""
    warm(client, DESK)
    settings = DeskSettings.objects.get()  # made by the first request
    settings.home_url = "https://www.example-electricity.ir/"
    settings.save()
    html = get(client, DESK).content.decode()
    assert '<a class="home-link" href="https://www.example-electricity.ir/">' in html


def test_each_host_has_its_own_entry(client, desk):
    """Catches: a key without the host (a site's page served to another site)."""
    warm(client, DESK)
    response = client.get(DESK, HTTP_HOST="other.example")
    assert response[pagecache.HEADER] != "hit"
