"""Desk pages routed from the cache (issue 15; eservices/catalog/routecache.py): the rows a
service's form page is made of come from the cache, the response is each visitor's own, and an
editor's change shows on the next request.

Each invalidation test warms the route, changes the page the way an editor does and reads it
again: a stale page, or a page that should be refused and is served, is the failure."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from eservices.catalog import pagecache
from eservices.catalog.models import ServiceGroupPage, ServicePage
from tests.factories import make_complaint, make_group
from tests.identity.conftest import check_code, send_code, sent_code

pytestmark = pytest.mark.django_db

URL = "/e-services/13031986000/13031986101/"
ROUTING_TABLES = ("wagtailcore_page", "wagtailcore_site", "eservices_serviceformfield")


def get(client, url=URL, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response


def routing_queries(client, url=URL) -> list[str]:
    """The queries of one request for ``url`` that read the page tree, the site or the form."""
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return [q["sql"] for q in captured if any(table in q["sql"] for table in ROUTING_TABLES)]


def warm(client, url=URL) -> None:
    """Route ``url`` twice (the first request of a site creates its settings row, which
    orphans the routes) so that the next request is routed from the cache."""
    get(client, url)
    get(client, url)


@pytest.fixture
def complaint():
    return make_complaint()


def test_a_service_form_is_routed_without_reading_the_page_tree(client, complaint):
    """Catches: the middleware left out of MIDDLEWARE, or the route not kept (e.g. the key
    drawn afresh on every request)."""
    assert routing_queries(client)  # the first request routes through Wagtail
    get(client)
    assert routing_queries(client) == []
    html = get(client).content.decode()
    assert 'class="form-grid"' in html and "ثبت شکایات مردمی" in html


def test_each_verified_citizen_sees_their_own_form(complaint):
    """Catches: a copy of the page kept after it served a request (the registrant's locked
    fields, or the form, of one citizen shown to the next)."""
    page = ServicePage.objects.get(pk=complaint.pk)
    page.requires_identity = True
    page.save_revision().publish()
    citizens = {}
    for national_code, mobile in [("0013542419", "09123456789"), ("0084575948", "09351234567")]:
        client = Client()
        send_code(client, page, mobile=mobile, national_code=national_code)
        assert check_code(client, page, sent_code()).status_code == 302
        citizens[national_code] = client
    for _round in range(3):
        for national_code, client in citizens.items():
            html = get(client).content.decode()
            other = next(code for code in citizens if code != national_code)
            assert 'value="%s"' % national_code in html
            assert other not in html


def test_a_published_change_to_the_form_shows_at_once(client, complaint):
    """Catches: routes kept without the page cache's version in their key (publishing saves
    the page and its fields, which draws a new version)."""
    warm(client)
    page = ServicePage.objects.get(pk=complaint.pk)
    fields = list(page.form_fields.all())
    fields[-1].label = "شرح تازه شکایت"
    page.form_fields = fields
    page.title = "شکایت با عنوان تازه"
    page.save_revision().publish()
    html = get(client).content.decode()
    assert "شرح تازه شکایت" in html and "شکایت با عنوان تازه" in html


def test_an_unpublished_service_is_gone_at_once(client, complaint):
    """Catches: a kept route served without the page being live (no ``page_unpublished``
    receiver)."""
    warm(client)
    ServicePage.objects.get(pk=complaint.pk).unpublish()
    get(client, status=404)


def test_a_moved_service_is_served_at_its_new_path_only(client, complaint):
    """Catches: no ``post_page_move`` receiver (the old path's route kept)."""
    warm(client)
    desk = complaint.get_parent().get_parent()
    target = make_group(desk, "13031009000")
    ServicePage.objects.get(pk=complaint.pk).move(target, pos="last-child")
    new_url = "/e-services/13031009000/13031986101/"
    # Wagtail's redirects app sends the old path on; the page itself is not served there.
    response = get(client, status=301)
    assert response["Location"] == new_url
    get(client, new_url)


def test_a_view_restriction_above_the_service_applies_at_once_and_is_checked_each_time(
    client, complaint
):
    """Catches: ``PageViewRestriction`` not orphaning the routes, or a restricted page kept
    (its restrictions would then be skipped)."""
    warm(client)
    group = Page.objects.get(pk=ServiceGroupPage.objects.get(national_id="13031986000").pk)
    PageViewRestriction.objects.create(page=group, restriction_type="login")
    for _request in range(3):
        response = client.get(URL)
        assert response.status_code == 302 and "login" in response["Location"]
    assert routing_queries(client)


def test_routes_are_kept_per_language(client):
    """Catches: a key without the language (Wagtail routes ``/en/...`` with the same path from
    the English home page)."""
    make_complaint(english=True)
    for _round in range(3):
        assert "ثبت شکایات مردمی" in get(client).content.decode()
        english = get(client, "/en" + URL).content.decode()
        assert "ثبت شکایات مردمی" not in english and 'lang="en"' in english


class BrokenCache:
    def get(self, *args, **kwargs):
        raise ConnectionError("cache down")

    set = add = get


def test_routes_through_wagtail_when_the_cache_is_down(client, complaint, monkeypatch):
    """Catches: the route cache failing closed (a 500 while Redis is away, when the rows are
    in the database)."""
    warm(client)  # the site's settings row exists, as on a running site
    monkeypatch.setattr(pagecache, "cache", BrokenCache())
    for _request in range(2):
        assert 'class="form-grid"' in get(client).content.decode()
