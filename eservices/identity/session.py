"""The verified identity kept in the citizen's session (O9).

Set after a right code: the session key is rotated, and the identity lapses after
``ESERVICES_IDENTITY_IDLE`` seconds without use or ``ESERVICES_IDENTITY_MAX_AGE`` in any case.
"""

from django.utils import timezone

from eservices.conf import settings

SESSION_IDENTITY = "eservices_identity"
SESSION_PENDING = "eservices_otp_pending"


def get_identity(request) -> dict | None:
    identity = request.session.get(SESSION_IDENTITY)
    if not identity:
        return None
    now = timezone.now().timestamp()
    if (
        now - identity["verified_at"] > settings.ESERVICES_IDENTITY_MAX_AGE
        or now - identity["last_seen"] > settings.ESERVICES_IDENTITY_IDLE
    ):
        clear_identity(request)
        return None
    identity["last_seen"] = now
    request.session[SESSION_IDENTITY] = identity
    return identity


def set_identity(request, mobile: str, national_code: str) -> None:
    request.session.cycle_key()
    now = timezone.now().timestamp()
    request.session.pop(SESSION_PENDING, None)
    request.session[SESSION_IDENTITY] = {
        "mobile": mobile,
        "national_code": national_code,
        "verified_at": now,
        "last_seen": now,
    }


def clear_identity(request) -> None:
    request.session.pop(SESSION_IDENTITY, None)
    request.session.pop(SESSION_PENDING, None)
