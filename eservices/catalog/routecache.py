"""Desk pages routed from the shared cache (issue 15; docs/architecture.md "Route cache").

A citizen's form page is rendered for that citizen, so the page cache cannot keep it, but the
rows it is made of are the same for everyone: the site, the page and its form fields and
channels, its group and desk. Wagtail reads them on every request (about fifteen queries for a
service three levels down). ``RouteCacheMiddleware`` keeps them in Django's default cache
instead, as one entry per host, language and path, under the page cache's version: any change
that orphans the cached pages (a page saved, published, unpublished, moved or deleted, a view
restriction, a channel, a document, a site; catalog/pagecache.py) orphans these entries too.

On a hit the middleware hands Wagtail the route it would have found
(``request._wagtail_site`` and ``request._wagtail_route_for_request``, which Wagtail's own
``serve`` view reads first), made of a fresh copy of the cached rows: nothing of one request
is shared with another. The response is rendered as before, with the session, the CSRF token
and everything else of the visitor's own. Only pages of the desk (``RouteCachedPage``) without
any view restriction on them or their ancestors are kept; every other path is routed by
Wagtail as usual. With the cache unreachable, Wagtail routes the request (fail open: the rows
come from the database)."""

import hashlib
import logging

from django.http import Http404
from django.urls import Resolver404, resolve
from django.utils.translation import get_language
from wagtail.models import Page, Site
from wagtail.views import serve

from eservices.conf import settings
from eservices.core.versioned import memo, request_scope

from .models.routing import RouteCachedPage
from .pagecache import request_version

logger = logging.getLogger(__name__)

# The entry's shape is in the prefix: an entry kept by an older release is never read.
KEY_PREFIX = "eservices:route2"


def route_key(request, path: str, version: str) -> str:
    place = "|".join([request._get_raw_host(), str(request.get_port()), get_language() or "", path])
    digest = hashlib.sha256(place.encode()).hexdigest()[:32]
    return f"{KEY_PREFIX}:{version}:{digest}"


def served_path(request) -> str | None:
    """The path Wagtail's ``serve`` view would route, or None for any other view."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    if match.func is not serve:
        return None
    return match.args[0] if match.args else match.kwargs.get("path", "")


def kept_copy(site: Site, page: Page) -> tuple[Site, Page, list] | None:
    """Fresh copies of the site and the routed page with its relations and ancestors read,
    and the sites' root paths its URLs are made with; or None when the page may not be kept
    (restricted, not live, not a desk page)."""
    page = type(page).objects.filter(pk=page.pk).first()
    if page is None or not page.live or not isinstance(page, RouteCachedPage):
        return None
    if list(page.get_view_restrictions()):
        return None
    page._route_cache_unrestricted = True
    page.warm_for_route_cache()
    node = page
    while (parent := node.get_parent()) is not None:
        node._cached_parent_obj = parent = parent.specific
        node = parent
    site = Site.objects.select_related("root_page").get(pk=site.pk)
    return site, page, Site.get_site_root_paths()


def remember(request, path: str, key: str) -> None:
    """Route ``request`` as Wagtail does (its result stays on the request for ``serve``) and
    keep the route if it ends on a desk page."""
    result = Page.route_for_request(request, path)
    if result is None or not isinstance(result.page, RouteCachedPage):
        return
    site = Site.find_for_request(request)
    components = [part for part in path.split("/") if part]
    remaining = components[result.page.depth - site.root_page.depth :]
    kept = kept_copy(site, result.page)
    if kept is None:
        return
    try:
        memo.set(key, (*kept, remaining), settings.ESERVICES_PAGE_CACHE_TIMEOUT)
    except Exception:
        logger.warning("The route cache is unavailable; %s was not kept.", path)


def route_from_cache(request, entry) -> None:
    site, page, root_paths, remaining = entry
    request._wagtail_site = site
    # What Wagtail's Page.get_url(request) would read from the cache once per request.
    request._wagtail_cached_site_root_paths = root_paths
    try:
        request._wagtail_route_for_request = page.route(request, remaining)
    except Http404:
        request._wagtail_route_for_request = None


class RouteCacheMiddleware:
    """Routes desk pages from the cache (see the module). Place it after ``LocaleMiddleware``
    (the key has the language) and ``PageCacheMiddleware`` (whose hits need no route)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.ESERVICES_PAGE_CACHE_TIMEOUT > 0 and request.method in ("GET", "HEAD", "POST"):
            version = self.route(request)
            if version is not None:
                # What the view keeps or reads under the version uses the one read here.
                with request_scope(version):
                    return self.get_response(request)
        return self.get_response(request)

    def route(self, request) -> str | None:
        """Route ``request`` from the cache or keep its route; the version read for it, or
        None when it is not a desk path or the cache is unreachable."""
        path = served_path(request)
        if path is None:
            return None
        try:
            version = request_version(request)
            key = route_key(request, path, version)
            entry = memo.get(key)
        except Exception:
            logger.warning("The route cache is unavailable; routing %s afresh.", request.path)
            return None
        if entry is not None:
            route_from_cache(request, entry)
        else:
            remember(request, path, key)
        return version
