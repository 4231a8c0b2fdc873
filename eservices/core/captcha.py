"""A captcha a session may answer once, and only if it was issued to that session (O7, O11).

django-simple-captcha accepts any stored captcha from anyone: a key minted by one client
(``/captcha/refresh/``, a page) could be answered in another session, and its refresh view
mints keys without limit. Here every key a page renders or the refresh view mints is recorded
in the session that received it (the last ``ISSUED_MAX``); the field accepts a key only from
that list, takes it off the list, and deletes its stored answer with one ``DELETE`` whose row
count says whether this request, and no parallel one, used it. ``CAPTCHA_TEST_MODE``'s answer
``passed`` skips only the comparison of digits, never the binding.

``OpenFormGuard`` gives a form that anyone may post (a service without the identity gate) this
captcha and a per-IP limit on accepted submissions (O11). ``refresh`` replaces the library's
refresh view with one limited per IP; ``eservices.core.captcha_urls`` routes it.
"""

import json

from captcha.conf import settings as captcha_settings
from captcha.fields import CaptchaField, CaptchaTextInput
from captcha.helpers import captcha_audio_url, captcha_image_url
from captcha.models import CaptchaStore
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.forms import MultiValueField
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from eservices.conf import settings

from . import ratelimit
from .persian import localize_digits, normalize_digits

SESSION_KEY = "eservices_captchas"
ISSUED_MAX = 10  # keys kept per session: a few open tabs and refreshes
FIELD_NAME = "eservices_captcha"  # the field an open form gets (no editor field key has it)

INVALID = _("The security phrase is wrong. Type the digits of the new image.")
REQUIRED = _("Security phrase cannot be empty.")
LIMIT_REACHED = _(
    "Too many forms were sent from this connection. Please try again in %(minutes)s minutes; "
    "your answers are kept below."
)
REFRESH_REFUSED = _("Too many new images were asked for. Wait a few minutes or reload the page.")


# Binding a key to a session ----------------------------------------------------------------


def remember(session, key: str) -> None:
    """Record ``key`` as issued to ``session`` (the last ``ISSUED_MAX`` are kept)."""
    keys = [k for k in session.get(SESSION_KEY, []) if k != key]
    keys.append(key)
    session[SESSION_KEY] = keys[-ISSUED_MAX:]


def issue(session) -> str:
    """A new captcha, recorded as issued to ``session``."""
    key = CaptchaStore.pick()
    remember(session, key)
    return key


def consume(session, key: str, answer: str) -> bool:
    """Whether ``answer`` solves the captcha ``key`` issued to ``session``; the key is spent
    whatever the answer: taken off the session's list and its stored answer deleted."""
    keys = list(session.get(SESSION_KEY, [])) if session is not None else []
    if not key or key not in keys:
        return False
    keys.remove(key)
    session[SESSION_KEY] = keys
    if not captcha_settings.CAPTCHA_GET_FROM_POOL:
        CaptchaStore.remove_expired()
    store = CaptchaStore.objects.filter(hashkey=key, expiration__gt=timezone.now()).first()
    # One DELETE decides: of two parallel requests with the same key, one deletes the row.
    if store is None or not CaptchaStore.objects.filter(pk=store.pk).delete()[0]:
        return False
    answer = normalize_digits(answer or "").strip().lower()
    if captcha_settings.CAPTCHA_TEST_MODE and answer == "passed":
        return True
    return bool(answer) and constant_time_compare(store.response, answer)


# The field and its widget ------------------------------------------------------------------


class DigitsCaptchaInput(CaptchaTextInput):
    """The numeric captcha: image, audio when flite is installed, a "new image" button.

    Every key it renders is recorded in ``session`` (set by ``SessionCaptchaField.bind``);
    without a session the captcha it shows cannot be answered."""

    template_name = "eservices/formbuilder/captcha_widget.html"
    session = None

    def get_context(self, name, value, attrs):
        attrs = {**(attrs or {}), "inputmode": "numeric", "autocomplete": "off", "dir": "ltr"}
        return super().get_context(name, value, attrs)

    def fetch_captcha_store(self, name, value, attrs=None, generator=None):
        super().fetch_captcha_store(name, value, attrs, generator)
        if self.session is not None:
            remember(self.session, self._key)


class SessionCaptchaField(CaptchaField):
    """django-simple-captcha's field, answerable once and only in the session it was shown
    to. Call ``bind(request)`` when building the form."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Security phrase"))
        kwargs.setdefault("widget", DigitsCaptchaInput)
        kwargs.setdefault("error_messages", {"required": REQUIRED, "invalid": INVALID})
        super().__init__(*args, **kwargs)
        self.session = None

    def bind(self, request) -> "SessionCaptchaField":
        self.session = self.widget.session = request.session
        return self

    def clean(self, value):
        # Required and incomplete answers as any two-part field; then the binding and the
        # digits, never the library's check (which accepts a key from any session).
        MultiValueField.clean(self, value)
        key, answer = (value[0] or "").strip(), value[1] or ""
        if not consume(self.session, key, answer):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return key


# Forms anyone may post ---------------------------------------------------------------------


class OpenFormGuard:
    """Mixed into a form (before ``forms.Form``): ``guard(request, scope, limit, window)``
    adds the session captcha and counts accepted submissions per client IP in ``scope``.

    The limit is counted once everything else is valid (the captcha first), so typing errors
    cost nothing; over it, the form is invalid with a message saying how long to wait, and
    a bound form shows again with everything typed. The captcha never reaches
    ``cleaned_data``, so it is never stored with the answers."""

    guarded = None

    def guard(self, request, scope: str, limit: int, window: int) -> None:
        self.fields[FIELD_NAME] = SessionCaptchaField().bind(request)
        self.guarded = (ratelimit.client_ip(request), scope, limit, window)

    def _clean_fields(self):
        """The captcha first; when it is wrong, no file is read or checked (re-encoding images
        costs time): the citizen chooses files again after any error anyway."""
        if self.guarded is None:
            return super()._clean_fields()
        fields = self.fields
        try:
            self.fields = {FIELD_NAME: fields[FIELD_NAME]}
            super()._clean_fields()
            self.fields = {
                name: field
                for name, field in fields.items()
                if name != FIELD_NAME
                and not (FIELD_NAME in self._errors and field.widget.needs_multipart_form)
            }
            super()._clean_fields()
        finally:
            self.fields = fields

    def _post_clean(self):
        super()._post_clean()
        if self.guarded is None:
            return
        self.cleaned_data.pop(FIELD_NAME, None)
        if not self.errors:
            ip, scope, limit, window = self.guarded
            if wait := over_limit(scope, ip, limit, window):
                self.add_error(None, ValidationError(limit_message(wait), code="ip_limit"))


def over_limit(scope: str, subject: str, limit: int, window: int) -> int:
    """Count one attempt; the seconds until the window ends when it is over ``limit``, else 0.

    The window starts at the first attempt (as in ``ratelimit.hit``); its start is kept beside
    the counter so the wait can be told."""
    start_key = ratelimit.cache_key(scope + "-start", subject)
    now = timezone.now().timestamp()
    cache.add(start_key, now, timeout=window)
    if not ratelimit.hit(scope, subject, limit, window):
        return 0
    started = cache.get(start_key) or now
    return max(1, int(started + window - now))


def limit_message(wait_seconds: int) -> str:
    return str(LIMIT_REACHED) % {"minutes": localize_digits(max(1, -(-wait_seconds // 60)))}


# The refresh view --------------------------------------------------------------------------


@never_cache
def refresh(request):
    """django-simple-captcha's refresh (same JSON), with the new key bound to this session and
    at most ``ESERVICES_CAPTCHA_REFRESH_IP_LIMIT`` per client IP per window: then a 429."""
    if request.headers.get("x-requested-with") != "XMLHttpRequest":
        raise Http404
    wait = over_limit(
        "captcha-refresh",
        ratelimit.client_ip(request),
        settings.ESERVICES_CAPTCHA_REFRESH_IP_LIMIT,
        settings.ESERVICES_CAPTCHA_REFRESH_IP_WINDOW,
    )
    if wait:
        return HttpResponse(
            str(REFRESH_REFUSED),
            status=429,
            content_type="text/plain; charset=utf-8",
            headers={"Retry-After": str(wait)},
        )
    key = issue(request.session)
    answer = {
        "key": key,
        "image_url": captcha_image_url(key),
        "audio_url": captcha_audio_url(key) if captcha_settings.CAPTCHA_FLITE_PATH else None,
    }
    return HttpResponse(json.dumps(answer), content_type="application/json")
