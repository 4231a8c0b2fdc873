"""The base of the HTTP SMS backends: one request per recipient, timeouts, retries, masking.

Only the standard library (``urllib.request``) is used. A subclass says how to ask its provider
(``build_request``) and how to read the answer (``check_response``); this class sends, retries
what may succeed on a second try (connection errors, timeouts, 5xx) and never what will not
(4xx), and raises ``SmsSendError`` unless the backend was made with ``fail_silently``.

Message bodies may carry one-time codes and provider URLs may carry API keys, so neither is
ever logged nor put in an exception; recipients appear only masked (``0912***6789``).
"""

import logging
import time
import urllib.error
import urllib.request
from http.client import HTTPException
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from sms.backends.base import BaseSmsBackend
from sms.message import Message

from eservices.conf import settings

logger = logging.getLogger("eservices.sms")

# The most bytes read from a provider's answer; a real one is a short JSON document.
MAX_ANSWER_SIZE = 64 * 1024

USER_AGENT = "eservices-sms"


class SmsSendError(Exception):
    """A message could not be sent.

    ``retryable`` says whether sending it again later may succeed (the provider was down, slow
    or failing) or not (it refused the message: bad key, no credit, bad number). The message
    names the provider, the masked recipient and the provider's status, never the body.
    """

    def __init__(self, message: str, retryable: bool) -> None:
        super().__init__(message)
        self.retryable = retryable

    def __reduce__(self):
        return (type(self), (str(self), self.retryable))


def mask_number(number: str) -> str:
    """A phone number fit for logs: the first four and last four characters, ``0912***6789``."""
    number = str(number).strip()
    if len(number) <= 8:
        return "***"
    return "%s***%s" % (number[:4], number[-4:])


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Refuse redirects: an SMS API does not redirect, and following one would resend the
    request (and its API key) somewhere the operator did not name."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class HttpSmsBackend(BaseSmsBackend):
    """A django-sms backend that sends each recipient's copy with one HTTP request.

    Subclass it for a provider: override ``build_request`` and, when success is more than a
    2xx status, ``check_response``. ``timeout``, ``retries`` and ``backoff`` may be passed to
    ``sms.get_connection``; otherwise they come from ``ESERVICES_SMS_TIMEOUT``,
    ``ESERVICES_SMS_RETRIES`` and ``ESERVICES_SMS_RETRY_BACKOFF``.
    """

    #: The provider's name in logs and errors.
    provider = "HTTP SMS provider"

    def __init__(
        self,
        fail_silently: bool = False,
        *,
        timeout: float | None = None,
        retries: int | None = None,
        backoff: float | None = None,
        **kwargs,
    ) -> None:
        super().__init__(fail_silently=fail_silently, **kwargs)
        self.timeout = float(settings.ESERVICES_SMS_TIMEOUT if timeout is None else timeout)
        self.retries = max(0, int(settings.ESERVICES_SMS_RETRIES if retries is None else retries))
        self.backoff = float(settings.ESERVICES_SMS_RETRY_BACKOFF if backoff is None else backoff)
        self.opener = urllib.request.build_opener(_NoRedirect)

    @staticmethod
    def check_url(url: str, setting: str) -> str:
        """Return ``url`` if it is an http(s) URL with a host, else raise ImproperlyConfigured."""
        parts = urlsplit(url or "")
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ImproperlyConfigured("%s must be an http:// or https:// URL." % setting)
        return url

    def send_messages(self, messages: list[Message]) -> int:
        """Send every message to each of its recipients; return how many copies were sent.

        Without ``fail_silently`` the first copy that cannot be sent raises ``SmsSendError``;
        with it, failures are logged and skipped.
        """
        sent = 0
        for message in messages:
            for recipient in message.recipients:
                try:
                    self.send_one(message, recipient)
                except SmsSendError:
                    if not self.fail_silently:
                        raise
                else:
                    sent += 1
        return sent

    def send_one(self, message: Message, recipient: str) -> None:
        """Send one copy, retrying what is retryable; raise ``SmsSendError`` when it fails."""
        masked = mask_number(recipient)
        attempts = self.retries + 1
        for attempt in range(1, attempts + 1):
            try:
                status, answer = self.exchange(self.build_request(message, recipient))
                self.check_response(status, answer, recipient)
            except SmsSendError as error:
                if error.retryable and attempt < attempts:
                    logger.warning(
                        "SMS to %s through %s failed (attempt %d of %d), retrying: %s",
                        masked,
                        self.provider,
                        attempt,
                        attempts,
                        error,
                    )
                    self.sleep(self.backoff * 2 ** (attempt - 1))
                    continue
                logger.warning(
                    "SMS to %s through %s failed (attempt %d of %d): %s",
                    masked,
                    self.provider,
                    attempt,
                    attempts,
                    error,
                )
                raise
            logger.info("SMS sent to %s through %s (attempt %d)", masked, self.provider, attempt)
            return

    def sleep(self, seconds: float) -> None:
        """Wait between attempts; override to wait differently (tests replace ``time.sleep``)."""
        if seconds > 0:
            time.sleep(seconds)

    def build_request(self, message: Message, recipient: str) -> urllib.request.Request:
        """The request that sends ``message`` to ``recipient``. Subclasses must override it."""
        raise NotImplementedError("subclasses of HttpSmsBackend must override build_request()")

    def exchange(self, request: urllib.request.Request) -> tuple[int, bytes]:
        """Send the request; return the HTTP status and the start of the answer's body.

        A 4xx or 5xx answer is returned, not raised; no answer at all (refused, reset, timed
        out) raises a retryable ``SmsSendError``. Nothing here names the URL.
        """
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                return response.status, response.read(MAX_ANSWER_SIZE)
        except urllib.error.HTTPError as error:
            try:
                answer = error.read(MAX_ANSWER_SIZE)
            except (OSError, HTTPException):
                answer = b""
            finally:
                error.close()
            return error.code, answer
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                raise self.timed_out() from None
            raise SmsSendError(
                "%s could not be reached: %s" % (self.provider, _describe(error.reason)),
                retryable=True,
            ) from None
        except TimeoutError:
            raise self.timed_out() from None
        except (OSError, HTTPException) as error:
            raise SmsSendError(
                "%s could not be reached: %s" % (self.provider, _describe(error)),
                retryable=True,
            ) from None

    def timed_out(self) -> SmsSendError:
        return SmsSendError(
            "%s did not answer within %g s" % (self.provider, self.timeout), retryable=True
        )

    def check_response(self, status: int, answer: bytes, recipient: str) -> None:
        """Raise ``SmsSendError`` unless the answer means the message was accepted.

        The default accepts any 2xx; a 5xx is retryable, anything else is not. Override it
        for providers that report failures inside a 2xx answer.
        """
        if 200 <= status < 300:
            return
        raise SmsSendError(
            "%s answered HTTP %d to the SMS for %s"
            % (self.provider, status, mask_number(recipient)),
            retryable=status >= 500,
        )


def _describe(reason: object) -> str:
    """A short, URL-free description of a network failure."""
    if isinstance(reason, OSError) and reason.strerror:
        return "%s (%s)" % (type(reason).__name__, reason.strerror)
    return type(reason).__name__ if isinstance(reason, BaseException) else str(reason)[:100]
