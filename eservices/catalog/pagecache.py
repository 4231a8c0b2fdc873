"""The page cache of the public catalog, and the rule for compressing HTML (issue 15).

**What is cached.** Only what every visitor sees alike: the desk's catalog, its counter-office
list and app pages, group pages, a service's ``info/`` page and the page of a service that is
not on the web. Their routes opt in with ``cache_this_page(request)``; every other response —
the gate, the Register, Follow-up and View tabs, receipts, the check-your-answers step, the
admin — never enters the cache, whatever it contains.

**For whom.** A request is served from the cache, and its response stored, only when it is a
``GET``/``HEAD`` without a query string and without a session or messages cookie: a citizen
who holds a session (verified, or with answers or receipts in it) is always rendered afresh,
so nothing of a session can come from or go into the shared cache. A response is stored only
when it is a 200 that set no cookie, rendered no CSRF token and no CSP nonce, did not write
the session, is not marked private or never-cache, and holds no ``csrfmiddlewaretoken``
(docs/security.md D6).

**Keys and invalidation.** An entry's key is made of the scheme, host, language and path of
the request and of the cache's current *version*, a random token kept in the default cache
(Redis when ``REDIS_URL`` is set, so all workers share it). Any change that could show on a
cached page draws a new version, which orphans every entry at once: a page saved, published,
unpublished, moved or deleted (a desk, group or service, also the host's pages that fill the
site's menu and footer), a view restriction, a counter office, a mobile app, the desk settings,
a document (identity documents, app files) or a site. The version is drawn again when the
transaction commits, so that a page rendered from the old rows meanwhile is orphaned too.
Entries also expire after ``ESERVICES_PAGE_CACHE_TIMEOUT`` seconds.

**Compression.** Entries hold the page gzipped once; a browser that accepts gzip gets those
bytes as they are. ``PublicGZipMiddleware`` compresses other responses only when they are as
public as a cached page could be: no CSRF token rendered, no session read (BREACH).
"""

import gzip
import hashlib
import logging
import re
import threading
from collections import OrderedDict
from functools import lru_cache

from django.core.cache import cache
from django.core.handlers.wsgi import WSGIRequest
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language, get_language_from_path
from wagtail.signals import page_published, page_unpublished, post_page_move

from eservices.conf import settings
from eservices.core import versioned
from eservices.core.models import Holiday
from eservices.core.versioned import VERSION_KEY, HeldVersion, current_version
from eservices.requests.models import RequestStatus

logger = logging.getLogger(__name__)

KEY_PREFIX = "eservices:page"
FRONT_PREFIX = "eservices:front"
MARK = "_eservices_page_cache"
VERSION_MARK = "_eservices_page_cache_version"
#: Header telling operators (and tests) whether the cache answered: "hit" or "miss".
HEADER = "X-Page-Cache"
GZIP_LEVEL = 6  # as Django's GZipMiddleware
accepts_gzip = re.compile(r"\bgzip\b")
#: Headers an entry does not keep: the body's framing is made again for each answer.
NOT_KEPT = {"content-length", "content-encoding", "set-cookie"}


def cache_this_page(request) -> None:
    """Let the page cache keep this response if it proves public (see the module's rules)."""
    setattr(request, MARK, True)


def clear_page_cache() -> None:
    """Orphan every cached page at once by drawing a new version."""
    versioned.new_version()


def request_version(request) -> str:
    """The version this request uses, read from the cache once per request."""
    version = getattr(request, VERSION_MARK, None)
    if version is None:
        version = current_version()
        setattr(request, VERSION_MARK, version)
    return version


def kept(request, name: str, parts: tuple, build, keep_if=None):
    """What ``build()`` returns, kept under the version (``core.versioned.remembered``): plain
    values that every visitor of a site sees alike in a language, read from pages and snippets
    the version watches (the site's menu and footer, a page's translations). ``parts`` tell
    apart the values of one ``name``; the host and the language are part of the key. Built
    afresh when the cache is off or unreachable; not kept when ``keep_if(value)`` is false."""
    if settings.ESERVICES_PAGE_CACHE_TIMEOUT <= 0:
        return build()
    try:
        version = request_version(request)
    except Exception:
        logger.warning("The page cache is unavailable; building %s afresh.", name)
        return build()
    parts = (request._get_raw_host(), get_language() or "", *parts)
    return versioned.remembered(name, parts, build, version=version, keep_if=keep_if)


def page_key(request, version: str) -> str:
    place = "|".join([request.scheme, request.get_host(), get_language() or "", request.path])
    digest = hashlib.sha256(place.encode()).hexdigest()[:32]
    return f"{KEY_PREFIX}:{version}:{digest}"


def may_use_cache(request) -> bool:
    """A request that may be answered from the cache (and its answer stored)."""
    return (
        settings.ESERVICES_PAGE_CACHE_TIMEOUT > 0
        and request.method in ("GET", "HEAD")
        and not request.META.get("QUERY_STRING")
        and "HTTP_AUTHORIZATION" not in request.META
        and django_settings().SESSION_COOKIE_NAME not in request.COOKIES
        and getattr(django_settings(), "MESSAGE_COOKIE_NAME", "messages") not in request.COOKIES
    )


def django_settings():
    from django.conf import settings as django_conf

    return django_conf


def carries_secrets(request, response) -> bool:
    """Whether a response may hold something of one visitor's own: a CSRF token (rendered, or
    its cookie set), a session cookie set, the session of a visitor who holds one read, or a
    ``csrfmiddlewaretoken`` field. ``CsrfViewMiddleware`` clears its "token used" flag once it
    has set the cookie, so the cookie is what the middleware above it see."""
    conf = django_settings()
    session = getattr(request, "session", None)
    return bool(
        request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or conf.CSRF_COOKIE_NAME in response.cookies
        or conf.SESSION_COOKIE_NAME in response.cookies
        or (
            session is not None and session.accessed and conf.SESSION_COOKIE_NAME in request.COOKIES
        )
        or (not response.streaming and b"csrfmiddlewaretoken" in response.content)
    )


def rendered_secrets(request) -> bool:
    """Whether rendering this request used a CSP nonce, wrote the session or had a signed-in
    user."""
    session = getattr(request, "session", None)
    user = getattr(request, "user", None)
    return bool(
        isinstance(getattr(request, "_csp_nonce", None), str)
        or (session is not None and session.modified)
        or (user is not None and user.is_authenticated)
    )


def is_storable(request, response) -> bool:
    if not getattr(request, MARK, False) or request.method != "GET":
        return False
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if response.has_header("Content-Encoding") or rendered_secrets(request):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-cache", "no-store")):
        return False
    return not carries_secrets(request, response)


def entry_of(response) -> tuple[int, list[tuple[str, str]], bytes]:
    headers = [(k, v) for k, v in response.items() if k.lower() not in NOT_KEPT]
    body = gzip.compress(response.content, compresslevel=GZIP_LEVEL, mtime=0)
    return response.status_code, headers, body


def response_of(request, entry, state: str) -> HttpResponse:
    status, headers, body = entry
    compressed = bool(accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))
    response = HttpResponse(body if compressed else gzip.decompress(body), status=status)
    for name, value in headers:
        response[name] = value
    if compressed:
        response["Content-Encoding"] = "gzip"
    response["Content-Length"] = str(len(response.content))
    patch_vary_headers(response, ("Accept-Encoding",))
    response[HEADER] = state
    return response


class PageCacheMiddleware:
    """Answers anonymous requests for cached catalog pages before Wagtail routes them.

    Place it after ``SessionMiddleware`` and ``LocaleMiddleware`` (the key has the language)
    and before ``CsrfViewMiddleware``, so that the cookies and headers the middleware below
    it set are seen before a response is stored."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not may_use_cache(request):
            return self.get_response(request)
        try:
            key = page_key(request, request_version(request))
            entry = cache.get(key)
        except Exception:
            # Fail open: with the cache down the page is rendered as if it were not cached
            # (a public page; nothing of a session is involved). docs/operations.md "Faults".
            logger.warning("The page cache is unavailable; rendering %s afresh.", request.path)
            return self.get_response(request)
        if entry is not None:
            return response_of(request, entry, "hit")
        response = self.get_response(request)
        if not is_storable(request, response):
            return response
        entry = entry_of(response)
        try:
            cache.set(key, entry, settings.ESERVICES_PAGE_CACHE_TIMEOUT)
        except Exception:
            logger.warning("The page cache is unavailable; %s was not stored.", request.path)
        return response_of(request, entry, "miss")


class PageCacheApplication:
    """The page cache in front of Django: answers a cached page before Django's handler and
    its middleware run (issue 15: the catalog near the HTTP limit). Wrap the WSGI application
    with it (``cms_site/wsgi.py``).

    It keeps the *final* responses that ``PageCacheMiddleware`` let through as public (those
    that carry its ``X-Page-Cache`` header: every check of the module's rules already passed),
    with every header the outer middleware added (security headers, CSP, ``Vary``), once
    gzipped and once plain, under the same version. A request it may answer is one the
    middleware may answer (``may_use_cache``) and a ``GET`` outside the static and media
    files; its language is the one ``LocaleMiddleware`` gives a path of the desk (the URL's
    prefix, else ``LANGUAGE_CODE``), and a response in another language is not kept. One round
    trip reads the version and the entry together; entries used lately are also held by the
    process (``local_size``), and their hits use the version as the process read it at most
    ``held_seconds`` ago (``HeldVersion``: at once after a change made in this process, within
    that time after one made in another). An entry is served only under that version.
    Anything else, a miss, or the cache unreachable: Django answers, as without it."""

    #: How many entries each process also holds itself (then a hit reads only the version).
    local_size = 200
    #: How late a held entry may show another process's change (seconds).
    held_seconds = 1.0
    #: How many places (scheme, host, path) each process remembers the entry key of.
    places_size = 1000

    def __init__(self, application):
        self.application = application
        self.local: OrderedDict[str, tuple] = OrderedDict()
        self.lock = threading.Lock()
        self.version = HeldVersion(self.held_seconds)
        self.places: dict[tuple, tuple[str, str] | None] = {}

    def remember(self, key: str, entry: tuple) -> None:
        with self.lock:
            self.local[key] = entry
            self.local.move_to_end(key)
            while len(self.local) > self.local_size:
                self.local.popitem(last=False)

    def __call__(self, environ, start_response):
        request = WSGIRequest(environ)
        key = self.key(request)
        if key is None:
            return self.application(environ, start_response)
        gzipped = bool(accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))
        entry_key = key[0] + (":gz" if gzipped else ":raw")
        entry = self.local.get(entry_key)
        try:
            if entry is not None:
                version = self.version.get()
            else:
                found = cache.get_many([VERSION_KEY, entry_key])
                version, entry = found.get(VERSION_KEY), found.get(entry_key)
        except Exception:
            self.version.forget()
            return self.application(environ, start_response)
        if version is not None and entry is not None and entry[0] == version:
            self.remember(entry_key, entry)
            _version, status, headers, body = entry
            headers = [*headers, ("Content-Length", str(len(body))), (HEADER, "hit")]
            if gzipped:
                headers.append(("Content-Encoding", "gzip"))
            start_response(status, headers)
            return [body]
        return self.answer_and_keep(environ, start_response, key, version)

    def key(self, request) -> tuple[str, str] | None:
        """The entry's key for ``request`` and its language, or None when the front may not
        answer it."""
        if request.method != "GET" or not may_use_cache(request):
            return None
        try:
            place = (request.scheme, request.get_host(), request.path, request.path_info)
        except Exception:  # a host not allowed: Django answers it
            return None
        try:
            return self.places[place]
        except KeyError:
            found = self.places[place] = self.place_key(*place)
        if len(self.places) > self.places_size:
            self.places.clear()
        return found

    @staticmethod
    def place_key(scheme: str, host: str, path: str, path_info: str) -> tuple[str, str] | None:
        conf = django_settings()
        if any(prefix and path.startswith(prefix) for prefix in (conf.STATIC_URL, conf.MEDIA_URL)):
            return None
        language = get_language_from_path(path_info) or conf.LANGUAGE_CODE
        digest = hashlib.sha256("|".join([scheme, host, language, path]).encode()).hexdigest()
        return f"{FRONT_PREFIX}:{digest[:32]}", language

    def answer_and_keep(self, environ, start_response, key, version):
        seen = {}

        def capture(status, headers, exc_info=None):
            seen.update(status=status, headers=headers)
            return start_response(status, headers, exc_info)

        result = self.application(environ, capture)
        headers = {name.lower(): value for name, value in seen.get("headers", [])}
        if (
            version is None
            or not seen.get("status", "").startswith("200")
            or HEADER.lower() not in headers
            or headers.get("content-language") != key[1]
            or "set-cookie" in headers
        ):
            return result
        body = b"".join(result)
        if hasattr(result, "close"):
            result.close()
        raw = gzip.decompress(body) if headers.get("content-encoding") == "gzip" else body
        kept_headers = [
            (name, value)
            for name, value in seen["headers"]
            if name.lower() not in NOT_KEPT and name.lower() != HEADER.lower()
        ]
        entries = {
            key[0] + ":raw": (version, seen["status"], kept_headers, raw),
            key[0] + ":gz": (
                version,
                seen["status"],
                kept_headers,
                gzip.compress(raw, compresslevel=GZIP_LEVEL, mtime=0),
            ),
        }
        try:
            cache.set_many(entries, settings.ESERVICES_PAGE_CACHE_TIMEOUT)
        except Exception:
            logger.warning("The page cache is unavailable; the front did not keep a page.")
        for entry_key, entry in entries.items():
            self.remember(entry_key, entry)
        return [body]


class PublicGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware for responses that carry no secret (BREACH, docs/security.md
    D6): nothing is compressed that rendered a CSRF token or read the session of a visitor
    who has one. Place it first in ``MIDDLEWARE``."""

    def process_response(self, request, response):
        if carries_secrets(request, response):
            return response
        return super().process_response(request, response)


# Invalidation ------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def watched_models() -> tuple[type, ...]:
    """Models whose rows can show on a cached page or are kept under the version."""
    from wagtail.documents import get_document_model
    from wagtail.models import Page, PageViewRestriction, Site

    from .models import CounterOffice, DeskSettings, MobileApp, ServiceChannel

    return (
        Page,
        PageViewRestriction,
        Site,
        get_document_model(),
        CounterOffice,
        MobileApp,
        DeskSettings,
        ServiceChannel,
        # Kept for requests, not shown on pages (core/versioned.py).
        RequestStatus,
        Holiday,
    )


def content_changed() -> None:
    clear_page_cache()
    transaction.on_commit(clear_page_cache, robust=True)


@receiver(post_save, dispatch_uid="eservices_pagecache_saved")
@receiver(post_delete, dispatch_uid="eservices_pagecache_deleted")
def on_row_changed(sender, instance, **kwargs):
    if isinstance(instance, watched_models()):
        content_changed()


@receiver(page_published, dispatch_uid="eservices_pagecache_published")
@receiver(page_unpublished, dispatch_uid="eservices_pagecache_unpublished")
@receiver(post_page_move, dispatch_uid="eservices_pagecache_moved")
def on_page_changed(sender, **kwargs):
    content_changed()
