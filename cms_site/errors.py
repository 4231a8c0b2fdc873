"""The site's error pages, in its frame (``base.html``) and the reader's language.

``cms_site.urls`` names them as ``handler400`` … ``handler500`` and the settings name
``csrf_failure`` as ``CSRF_FAILURE_VIEW``. They belong to the host site, not the desk: the
frame, the menu and the home page are the site's, and the plugin may not import the host.
Each says in one or two sentences what happened and links home. The 500 page falls back to
plain HTML (``500.html``) if the frame itself fails, e.g. with the database down.

**Redis or PostgreSQL down (docs/operations.md "Faults").** Sessions, rate limits and the
gate's counters live in Redis and cannot do without it (``cms_site/cache.py`` lets only copies
of database rows fail open); nothing works without PostgreSQL. An error that comes from either
being unreachable is answered with 503 "temporarily unavailable" and ``Retry-After`` instead
of 500, saying that a form sent just now may have been received (a request shows its number
only once it has committed, and its receipt SMS is queued in PostgreSQL). The page is drawn
without the session: an empty one and an anonymous user stand in for them, and plain HTML
(``503.html``) is the fallback, e.g. when the frame needs the database.
"""

import logging
import sys

from django.http import HttpResponse
from django.template import loader
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

PAGES = {
    400: (
        _("Bad request"),
        _(
            "Your browser sent something this page could not read. Go back, reload the page "
            "and try again."
        ),
    ),
    403: (
        _("Access denied"),
        _("You do not have permission to open this page."),
    ),
    404: (
        _("Page not found"),
        _("The page you asked for does not exist or has moved."),
    ),
    500: (
        _("Server error"),
        _("Sorry, something went wrong on our side. Please try again in a few minutes."),
    ),
    503: (
        _("Temporarily unavailable"),
        _(
            "This part of the site is unavailable for a few minutes. Please try again later. "
            "If you had just sent a form, it may have been received: the tracking number will "
            "reach you by SMS, or ask the company's call centre."
        ),
    ),
    "csrf": (
        _("This form has expired"),
        _(
            "The form was open for a long time, or your browser does not accept cookies from "
            "this site. Go back, reload the page and send the form again."
        ),
    ),
}


def home_url() -> str:
    """The site's home in the reader's language: Persian has no prefix, others do."""
    language = get_language() or ""
    return "/" if language.startswith("fa") else "/%s/" % language.split("-")[0]


def render_error(request, kind, status: int) -> HttpResponse:
    title, explanation = PAGES[kind]
    context = {"title": title, "explanation": explanation, "home_url": home_url()}
    body = loader.render_to_string("error.html", context, request=request)
    return HttpResponse(body, status=status)


def bad_request(request, exception=None):
    return render_error(request, 400, 400)


def permission_denied(request, exception=None):
    return render_error(request, 403, 403)


def page_not_found(request, exception=None):
    return render_error(request, 404, 404)


def csrf_failure(request, reason=""):
    return render_error(request, "csrf", 403)


#: Seconds a browser or proxy is told to wait before trying again after a 503.
RETRY_AFTER = 30


def service_down(error: BaseException | None) -> bool:
    """Whether ``error`` (or an error it came from) says the shared cache or the database
    cannot be reached (Redis down, PostgreSQL restarting)."""
    from django.db import InterfaceError, OperationalError

    kinds: list[type] = [OperationalError, InterfaceError]
    try:
        from redis import exceptions as redis_errors

        kinds += [redis_errors.ConnectionError, redis_errors.TimeoutError]
    except ImportError:
        pass
    try:
        from django_redis.exceptions import ConnectionInterrupted

        kinds.append(ConnectionInterrupted)
    except ImportError:
        pass
    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, tuple(kinds)):
            return True
        error = error.__cause__ or error.__context__
        seen += 1
    return False


def without_session(request) -> None:
    """Stand an empty session and an anonymous user in for the ones the cache would give."""
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.sessions.backends.base import SessionBase

    session = SessionBase()
    session._session_cache = {}
    request.session = session
    request.user = AnonymousUser()


def service_unavailable(request) -> HttpResponse:
    """503 in the site's frame, drawn without the session; plain ``503.html`` if that fails."""
    without_session(request)
    try:
        response = render_error(request, 503, 503)
    except Exception:
        logger.exception("The framed 503 page failed; serving the plain one.")
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request):
    if service_down(sys.exc_info()[1]):
        logger.error("Redis or PostgreSQL is unreachable: answered 503.")
        return service_unavailable(request)
    try:
        return render_error(request, 500, 500)
    except Exception:
        logger.exception("The framed 500 page failed; serving the plain one.")
        return HttpResponse(loader.render_to_string("500.html"), status=500)
