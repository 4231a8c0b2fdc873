"""django-axes hooks: the client IP by the project's proxy rule, and the Persian lockout page.

Settings name these functions (``AXES_CLIENT_IP_CALLABLE``, ``AXES_LOCKOUT_CALLABLE``), so the
admin login counts failures per the same client IP that every other limit of the desk uses.
"""

import ipaddress

from axes.helpers import get_cool_off, get_failure_limit
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

from eservices.core.ratelimit import client_ip

LOCKOUT_STATUS = 429


def client_ip_address(request) -> str | None:
    """``eservices.core.ratelimit.client_ip``, or None when that is not an IP address.

    axes stores the value in an IP-address column; a garbled proxy header must not turn a
    sign-in into a database error.
    """
    address = client_ip(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def lockout_response(request, original_response=None, credentials=None) -> TemplateResponse:
    """The page shown instead of the login form while a username and IP pair is locked."""
    cool_off = get_cool_off(request)
    response = TemplateResponse(
        request,
        "eservices/staffauth/lockout.html",
        {
            "failure_limit": get_failure_limit(request, credentials),
            "minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
        },
        status=LOCKOUT_STATUS,
    )
    add_never_cache_headers(response)
    return response.render()
