"""The site's error pages, in its frame (``base.html``) and the reader's language.

``cms_site.urls`` names them as ``handler400`` … ``handler500`` and the settings name
``csrf_failure`` as ``CSRF_FAILURE_VIEW``. They belong to the host site, not the desk: the
frame, the menu and the home page are the site's, and the plugin may not import the host.
Each says in one or two sentences what happened and links home. The 500 page falls back to
plain HTML (``500.html``) if the frame itself fails, e.g. with the database down.
"""

import logging

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


def server_error(request):
    try:
        return render_error(request, 500, 500)
    except Exception:
        logger.exception("The framed 500 page failed; serving the plain one.")
        return HttpResponse(loader.render_to_string("500.html"), status=500)
