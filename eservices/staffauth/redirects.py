"""Where the steps send a staff user, and where they may send them back to."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from .policy import ENROL, VERIFY

STEP_URL_NAMES = {VERIFY: "eservices_totp_verify", ENROL: "eservices_totp_enrol"}


def step_url(step: str, next_url: str) -> str:
    """The URL of ``step`` ("verify" or "enrol") that returns to ``next_url`` when done."""
    return "%s?%s" % (reverse(STEP_URL_NAMES[step]), urlencode({"next": next_url}))


def safe_next(request, default: str | None = None) -> str:
    """The ``next`` of the request when it stays on this site, else ``default`` (admin home)."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default or reverse("wagtailadmin_home")
