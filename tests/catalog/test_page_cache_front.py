"""The page cache in front of Django (issue 15; ``PageCacheApplication`` in
eservices/catalog/pagecache.py): a cached public page is answered before Django's middleware
run, with the very headers Django sends; nothing of a visitor's own goes through it, and an
editor's change shows on the next request.

The application is called as the WSGI server calls it (``cms_site/wsgi.py``); a test that must
prove Django was not asked swaps the inner application for one that fails."""

import gzip
from time import monotonic

import pytest
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory

from eservices.catalog import pagecache
from eservices.catalog.models import ServiceDeskPage
from eservices.core import versioned
from eservices.core.versioned import VERSION_KEY
from tests.factories import make_catalog, make_complaint

pytestmark = pytest.mark.django_db

DESK = "/e-services/"
COMPLAINT = "/e-services/13031986000/13031986101/"


class Answer:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, dict(headers), body

    @property
    def html(self) -> str:
        body = self.body
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        return body.decode()


def call(app, path, **headers) -> Answer:
    environ = RequestFactory().get(path, **headers).environ
    seen = {}

    def start_response(status, response_headers, exc_info=None):
        seen.update(status=status, headers=response_headers)

    result = app(environ, start_response)
    body = b"".join(result)
    if hasattr(result, "close"):
        result.close()
    return Answer(seen["status"], seen["headers"], body)


class Refusing:
    """An inner application that must not be reached."""

    calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        start_response("500 Internal Server Error", [("Content-Type", "text/plain")])
        return [b"Django was asked"]


@pytest.fixture
def desk():
    desk = make_complaint().get_parent().get_parent().specific
    make_catalog(groups=1, services_per_group=2, desk=desk)
    return desk


@pytest.fixture
def app():
    """The front around Django's WSGI handler; the handler's signals do not close the test's
    database connection (as in Django's test client)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield pagecache.PageCacheApplication(WSGIHandler())
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def warm(app, path=DESK, **headers) -> Answer:
    """Two answers from Django (the first request of a site creates its settings row, which
    draws a new version), the second kept by the front."""
    call(app, path, **headers)
    return call(app, path, **headers)


def test_a_kept_page_is_answered_without_django_with_django_s_headers(app, desk):
    """Catches: the front not keeping what the middleware marked public, or keeping the
    headers only the inner middleware set (the CSP and security headers are added outside
    ``PageCacheMiddleware``)."""
    from_django = warm(app)
    assert from_django.status.startswith("200")
    inner = app.application = Refusing()
    hit = call(app, DESK)
    assert inner.calls == 0 and hit.status.startswith("200")
    assert hit.headers[pagecache.HEADER] == "hit"
    assert hit.html == from_django.html and "میز خدمات الکترونیک" in hit.html
    for name in ["Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "Vary"]:
        assert hit.headers[name] == from_django.headers[name], name
    assert int(hit.headers["Content-Length"]) == len(hit.body)


def test_gzip_only_for_browsers_that_accept_it(app, desk):
    """Catches: the gzip entry sent to a client that did not ask for it, or the reverse."""
    warm(app)
    warm(app, HTTP_ACCEPT_ENCODING="gzip, deflate")
    app.application = Refusing()
    plain = call(app, DESK)
    packed = call(app, DESK, HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    assert packed.html == plain.html


def test_a_published_change_shows_on_the_next_request(app, desk):
    """Catches: the entry's version not compared with the current one."""
    warm(app)
    desk = ServiceDeskPage.objects.get(pk=desk.pk)
    desk.title = "میز تازه"
    desk.save_revision().publish()
    assert "میز تازه" in call(app, DESK).html


def test_another_process_s_change_shows_within_the_held_time(app, desk, monkeypatch):
    """Catches: a held version never read again (another process's publish would not show
    until the entry expires), or read on every hit (the round trip the front saves)."""
    warm(app)
    call(app, DESK)  # a hit: the version is now held
    cache.set(VERSION_KEY, "drawn-by-another-process", None)
    inner = app.application = Refusing()
    assert call(app, DESK).headers[pagecache.HEADER] == "hit"
    assert inner.calls == 0
    later = monotonic() + app.held_seconds + 0.1
    monkeypatch.setattr(versioned, "monotonic", lambda: later)
    call(app, DESK)
    assert inner.calls == 1


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_COOKIE": "sessionid=abc"},
        {"HTTP_COOKIE": "messages=abc"},
        {"HTTP_AUTHORIZATION": "Basic eDp5"},
        {"QUERY_STRING": "page=2"},
    ],
    ids=["session", "messages", "authorization", "query"],
)
def test_a_visitor_of_their_own_always_reaches_django(app, desk, headers):
    """Catches: ``may_use_cache`` not applied by the front (a citizen holding a session, or
    a message meant for them, answered with the shared page)."""
    warm(app)
    inner = app.application = Refusing()
    call(app, DESK, **headers)
    assert inner.calls == 1


def test_a_page_with_a_form_is_never_kept(app, desk):
    """Catches: the front keeping a response that carries one visitor's CSRF token or session
    (here both the cookie it sets and the middleware's missing mark keep it out)."""
    for _request in range(3):
        answer = call(app, COMPLAINT)
        assert "csrfmiddlewaretoken" in answer.html
        assert pagecache.HEADER not in answer.headers


class Unmarked:
    """A public-looking page (200, no cookie, the path's language) that the middleware did not
    mark as public."""

    calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        start_response("200 OK", [("Content-Type", "text/html"), ("Content-Language", "fa")])
        return [b"<p>page</p>"]


def test_only_what_the_middleware_marked_public_is_kept(db):
    """Catches: the front keeping any 200 without cookies, whatever the middleware decided
    (a route that did not opt in, e.g. a form for a visitor who holds a CSRF cookie)."""
    pagecache.current_version()
    inner = Unmarked()
    app = pagecache.PageCacheApplication(inner)
    for _request in range(3):
        assert call(app, DESK).body == b"<p>page</p>"
    assert inner.calls == 3


def test_english_and_persian_are_kept_apart(app):
    """Catches: a key without the language of the path."""
    make_complaint(english=True)
    for _round in range(2):
        assert 'lang="fa"' in call(app, DESK).html
        assert 'lang="en"' in call(app, "/en" + DESK).html


class BrokenCache:
    def get_many(self, *args, **kwargs):
        raise ConnectionError("cache down")

    get = set = set_many = add = get_many


def test_django_answers_when_the_cache_is_down(app, desk, monkeypatch):
    """Catches: the front failing closed."""
    warm(app)
    monkeypatch.setattr(pagecache, "cache", BrokenCache())
    answer = call(app, DESK)
    assert answer.status.startswith("200") and "میز خدمات الکترونیک" in answer.html


def test_a_host_not_allowed_is_left_to_django(app, desk, settings):
    """Catches: the front answering (or keeping) for a Host that Django refuses."""
    settings.ALLOWED_HOSTS = ["testserver"]
    warm(app)
    assert call(app, DESK, HTTP_HOST="evil.example").status.startswith("400")
