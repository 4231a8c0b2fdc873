"""The site's Content-Security-Policy (docs/security.md D2): django-csp's middleware with the
site's rules, the request's nonce for Wagtail's inline scripts, and the endpoint browsers send
violation reports to.

The policy itself is in the settings (``CONTENT_SECURITY_POLICY`` or, with
``CSP_REPORT_ONLY=1``, ``CONTENT_SECURITY_POLICY_REPORT_ONLY``). What depends on the request:
``frame-ancestors`` follows the view's own ``X-Frame-Options`` (``'none'`` everywhere but
Wagtail's preview, which the page editor shows in an iframe of the same origin); the admin
also allows inline styles; a page that used the nonce gets ``'nonce-…'`` in script-src.
"""

import contextvars
import json
import logging

from csp.constants import HEADER, HEADER_REPORT_ONLY, SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.http import HttpResponse, HttpResponseNotAllowed
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.csrf import csrf_exempt

from eservices.core import ratelimit

logger = logging.getLogger("cms_site.csp")

# A report is a small JSON object; anything longer is not a browser's report.
REPORT_MAX_BYTES = 8 * 1024
# Reports logged per client IP per window; one page with a violation sends one report per
# blocked item, so a broken page is seen, and a flood from one address is not logged.
REPORT_IP_LIMIT = 30
REPORT_IP_WINDOW = 60
REPORT_FIELDS = (
    "document-uri",
    "violated-directive",
    "effective-directive",
    "blocked-uri",
    "source-file",
    "line-number",
    "disposition",
)


# The nonce of the request being answered, for templates rendered without the request
# (Wagtail's widgets and panels). Set at the start of every request, reset at its end.
_request_nonce = contextvars.ContextVar("csp_nonce", default=None)


def current_nonce() -> str:
    """The current request's nonce ("" outside a request). Reading it puts the nonce into the
    request's policy (django-csp adds ``'nonce-…'`` to script-src only for pages that used it)."""
    nonce = _request_nonce.get()
    return str(nonce) if nonce is not None else ""


def nonce_chooser_scripts() -> None:
    """Wagtail's chooser widgets (page, document, image, snippet) end their HTML with an inline
    ``<script>new …Chooser(…)</script>`` built in Python, not in a template: give that script
    the request's nonce. Installed once, from ``CmsSiteConfig.ready``."""
    from wagtail.admin.widgets.chooser import BaseChooser

    if getattr(BaseChooser.render, "csp_nonced", False):
        return
    render = BaseChooser.render

    def render_with_nonce(self, *args, **kwargs):
        html = render(self, *args, **kwargs)
        before, tag, after = html.rpartition("<script>")
        if not tag:
            return html
        return mark_safe(before + '<script nonce="%s">' % current_nonce() + after)  # noqa: S308

    render_with_nonce.csp_nonced = True
    BaseChooser.render = render_with_nonce


def admin_prefix() -> str:
    return reverse("wagtailadmin_home")


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with three additions:

    * ``frame-ancestors 'self'`` where the view allows same-origin framing, so the admin's
      preview panel keeps working under ``frame-ancestors 'none'``. It must come before
      ``XFrameOptionsMiddleware`` in ``MIDDLEWARE``, so that it sees the response after that
      middleware has set the header.
    * the request's nonce in a context variable for ``{% csp_nonce %}`` (see above).
    * ``style-src 'unsafe-inline'`` in the admin only: Draftail (the rich-text editor) and
      wagtail-localize's translation editor insert ``<style>`` elements from their scripts,
      which cannot carry a nonce. Scripts stay strict there too.
    """

    def process_request(self, request):
        super().process_request(request)
        request._csp_nonce_token = _request_nonce.set(request.csp_nonce)

    def process_response(self, request, response):
        if getattr(response, "_site_csp_written", False):
            # The response went through this middleware once already, for another request:
            # Wagtail's preview renders the page through a request of its own, whose policy
            # (frame-ancestors 'none') must give way to the preview view's.
            for header in (HEADER, HEADER_REPORT_ONLY):
                if header in response:
                    del response[header]
        response = super().process_response(request, response)
        response._site_csp_written = True
        token = getattr(request, "_csp_nonce_token", None)
        if token is not None:
            request._csp_nonce_token = None
            try:
                _request_nonce.reset(token)
            except ValueError:  # answered in another context (ASGI): just forget the nonce
                _request_nonce.set(None)
        return response

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(admin_prefix()):
            parts.update = {**(parts.update or {}), "style-src": [UNSAFE_INLINE]}
        if response.get("X-Frame-Options", "").upper() == "SAMEORIGIN":
            parts.replace = {**(parts.replace or {}), "frame-ancestors": [SELF]}
        return parts


@csrf_exempt  # browsers post reports without a token; the view changes nothing but the log
def csp_report(request):
    """Log a browser's CSP violation report (``report-uri``). Always 204 for a POST, whatever
    the body, so junk costs a line at most; rate limited per client IP."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if ratelimit.hit("csp-report", ratelimit.client_ip(request), REPORT_IP_LIMIT, REPORT_IP_WINDOW):
        return HttpResponse(status=204)
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = REPORT_MAX_BYTES + 1
    if length > REPORT_MAX_BYTES:
        return HttpResponse(status=204)
    try:
        report = json.loads(request.read(REPORT_MAX_BYTES + 1)[:REPORT_MAX_BYTES])
    except (ValueError, UnicodeDecodeError, OSError):
        report = None
    body = report.get("csp-report") if isinstance(report, dict) else None
    if isinstance(body, dict):
        fields = {key: str(body.get(key, ""))[:300] for key in REPORT_FIELDS}
        logger.warning("CSP violation: %s", json.dumps(fields, ensure_ascii=False))
    return HttpResponse(status=204)
