"""The verified identity kept in the citizen's session (O9), and the answers kept when it lapses.

Set after a right code: the session key is rotated, and the identity lapses after
``ESERVICES_IDENTITY_IDLE`` seconds without use or ``ESERVICES_IDENTITY_MAX_AGE`` in any case.

A form posted after the identity lapsed (or after the session was lost) is not thrown away:
its answers are kept in the session, per page and route, with the names of the file fields
that had a file (files themselves cannot be kept), and who typed them, as a keyed digest of
the lapsed identity. They are given back, filled in, once the citizen has verified again.
"""

from django.utils import timezone

from eservices.conf import settings

from .codes import binding_digest

SESSION_IDENTITY = "eservices_identity"
SESSION_PENDING = "eservices_otp_pending"
SESSION_LAPSED = "eservices_identity_lapsed"
SESSION_KEPT = "eservices_kept_answers"


def identity_digest(mobile: str, national_code: str) -> str:
    """Who someone is, for comparison only: a keyed digest of mobile and national code."""
    return binding_digest("identity", mobile, national_code)


def seconds_left(identity: dict) -> int:
    """Seconds before ``identity`` lapses if nothing else is done."""
    now = timezone.now().timestamp()
    return max(
        0,
        int(
            min(
                identity["verified_at"] + settings.ESERVICES_IDENTITY_MAX_AGE,
                identity["last_seen"] + settings.ESERVICES_IDENTITY_IDLE,
            )
            - now
        ),
    )


#: ``last_seen`` is written back at most this often (seconds): a page view that finds it
#: fresher changes nothing, so the session is not saved on every gated GET. The idle timeout
#: then counts from a use at most this much earlier than the last one (docs/security.md O9).
LAST_SEEN_RESOLUTION = 60


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
    if now - identity["last_seen"] >= LAST_SEEN_RESOLUTION:
        identity["last_seen"] = now
        request.session[SESSION_IDENTITY] = identity
    return identity


def set_identity(request, mobile: str, national_code: str) -> None:
    request.session.cycle_key()
    now = timezone.now().timestamp()
    request.session.pop(SESSION_PENDING, None)
    request.session.pop(SESSION_LAPSED, None)
    request.session[SESSION_IDENTITY] = {
        "mobile": mobile,
        "national_code": national_code,
        "verified_at": now,
        "last_seen": now,
    }


def clear_identity(request) -> None:
    """Forget the identity; a digest of who it was stays, to recognise them when they verify
    again (answers kept meanwhile are then theirs)."""
    identity = request.session.pop(SESSION_IDENTITY, None)
    request.session.pop(SESSION_PENDING, None)
    if identity:
        request.session[SESSION_LAPSED] = identity_digest(
            identity["mobile"], identity["national_code"]
        )


#: What one kept form may hold: more is dropped (a session is no place for a flood).
KEPT_MAX_FIELDS = 200
KEPT_MAX_CHARS = 100_000


def _kept_key(page_pk: int, route: str) -> str:
    return "%s:%s" % (page_pk, route)


def keep_answers(
    request, page_pk: int, route: str, data: dict[str, list[str]], files: list[str]
) -> None:
    """Keep a form's posted ``data`` (field name → values) for the page's ``route``;
    ``files`` names the file fields that had a file. Beyond ``KEPT_MAX_FIELDS`` fields or
    ``KEPT_MAX_CHARS`` characters, the rest is not kept."""
    bounded: dict[str, list[str]] = {}
    budget = KEPT_MAX_CHARS
    for name, values in list(data.items())[:KEPT_MAX_FIELDS]:
        size = len(name) + sum(len(value) for value in values)
        if size > budget:
            continue
        budget -= size
        bounded[name] = values
    kept = request.session.get(SESSION_KEPT, {})
    kept[_kept_key(page_pk, route)] = {
        "data": bounded,
        "files": files[:KEPT_MAX_FIELDS],
        "typed_by": request.session.get(SESSION_LAPSED, ""),
        "kept_at": timezone.now().timestamp(),
    }
    request.session[SESSION_KEPT] = kept


def kept_answers(request, page_pk: int, route: str) -> dict | None:
    return request.session.get(SESSION_KEPT, {}).get(_kept_key(page_pk, route))


def forget_answers(request, page_pk: int, route: str) -> None:
    kept = request.session.get(SESSION_KEPT, {})
    if kept.pop(_kept_key(page_pk, route), None) is not None:
        request.session[SESSION_KEPT] = kept


def forget_all_answers(request) -> None:
    request.session.pop(SESSION_KEPT, None)
