"""The one-time code's SMS, made and sent in the task worker (O1, O2).

A code never sits in the queue or a log in clear. ``enqueue_code`` queues the challenge's id,
the mobile and the code *sealed*: added digit by digit (modulo 10**length) to a pad derived
from ``SECRET_KEY`` and the challenge's id, a one-time pad that only a process holding
``SECRET_KEY`` can take off. The worker (``send_code_task``) opens it, checks it against the
challenge's stored HMAC, makes the text and sends it; the code lives only in that process's
memory. A challenge that has expired or been used by the time the worker gets to it is not
sent at all.

A provider that is down, slow or failing is tried again after a pause
(``eservices.sms.tasks.retry_later``) while the code is still valid; with the immediate
backend (``make run``, the tests) the first failure comes back at once and the citizen is told
to try again.

At most once: before calling the provider a run marks the challenge "sending" in the shared
cache (``SENDING_KEY``). A run that finds the mark (the task was queued again after its worker
died mid-send, ``eservices.sms.tasks.requeue_stranded``) sends only if the provider says it
never got the message; when the provider cannot tell, the code is not sent again and the
citizen asks for a new one after the resend pause. A failed try clears the mark. With the
cache down the mark cannot be kept and the code is sent (a second copy of a code is harmless;
no code at all locks the citizen out).
"""

import contextlib
import hashlib
import hmac
import logging

from django.conf import settings as django_settings
from django.core.cache import cache
from django.utils import timezone
from django_tasks import TaskResult, task

from eservices.sms.backends import SmsSendError, mask_number
from eservices.sms.tasks import deliver, is_retryable, provider_has, retry_later

from .codes import code_matches
from .models import SmsChallengeDevice

logger = logging.getLogger("eservices.identity")

SENDING_KEY = "eservices:otp-sending:%s"
SMS_TEXT = "کد تایید میز خدمات الکترونیک: %(code)s"


def _pad(challenge_id: str, length: int) -> int:
    key = hashlib.sha256(b"eservices.identity.seal:" + django_settings.SECRET_KEY.encode()).digest()
    digest = hmac.new(key, challenge_id.encode(), hashlib.sha512).digest()
    return int.from_bytes(digest, "big") % 10**length


def seal(challenge_id: str, code: str) -> str:
    """``code`` hidden by the challenge's pad: as many digits, none of them telling."""
    length = len(code)
    return str((int(code) + _pad(challenge_id, length)) % 10**length).zfill(length)


def unseal(challenge_id: str, sealed: str) -> str:
    """The code ``seal`` hid."""
    length = len(sealed)
    return str((int(sealed) - _pad(challenge_id, length)) % 10**length).zfill(length)


def enqueue_code(challenge_id: str, mobile: str, code: str) -> TaskResult[int]:
    """Queue the code's SMS; the queue gets the challenge's id and the sealed code."""
    return send_code_task.enqueue(
        challenge_id=challenge_id, mobile=mobile, sealed=seal(challenge_id, code)
    )


@task()
def send_code_task(challenge_id: str, mobile: str, sealed: str, attempt: int = 1) -> int:
    """Send the challenge's code to ``mobile``; return how many SMS went out (0 when the
    challenge is no longer usable, or when this try failed and another one is queued).

    Raises ``SmsSendError`` when the code could not be sent and no retry is left; the error
    names the provider's answer, never the code.
    """
    device = SmsChallengeDevice.objects.filter(challenge_id=challenge_id).first()
    if (
        device is None
        or device.used
        or device.valid_until is None
        or device.valid_until <= timezone.now()
    ):
        logger.info("A one-time code was not sent: its challenge expired or was used first.")
        return 0
    if not code_matches(device.token_hmac, challenge_id, unseal(challenge_id, sealed)):
        raise SmsSendError("The queued code does not match its challenge.", retryable=False)
    reference = "otp-%s" % challenge_id
    if not _claim(challenge_id, device.valid_until):
        known = provider_has(reference)
        if known is not False:
            logger.warning(
                "A one-time code was being sent when its worker stopped; %s",
                "it went out." if known else "the provider cannot say, so it is not sent again.",
            )
            return 0
    try:
        return deliver(
            SMS_TEXT % {"code": unseal(challenge_id, sealed)}, [mobile], reference=reference
        )
    except Exception as error:
        retryable = is_retryable(error)
        summary = str(error)[:200] if isinstance(error, SmsSendError) else type(error).__name__
    _release(challenge_id)
    again = retryable and retry_later(
        send_code_task, attempt, challenge_id=challenge_id, mobile=mobile, sealed=sealed
    )
    if again:
        logger.warning(
            "The one-time code to %s could not be sent (try %d), it will be tried again: %s",
            mask_number(mobile),
            attempt,
            summary,
        )
        return 0
    # A fresh error without the original's frames: nothing of the text travels with it.
    raise SmsSendError(summary, retryable=retryable)


def _claim(challenge_id: str, valid_until) -> bool:
    """Mark the challenge's SMS as being sent; False when an earlier run had marked it."""
    seconds = max(int((valid_until - timezone.now()).total_seconds()) + 60, 60)
    try:
        return bool(cache.add(SENDING_KEY % challenge_id, 1, timeout=seconds))
    except Exception:  # no shared cache: send rather than lock the citizen out
        logger.warning("The cache is unavailable; a one-time code is sent without its mark.")
        return True


def _release(challenge_id: str) -> None:
    with contextlib.suppress(Exception):
        cache.delete(SENDING_KEY % challenge_id)
