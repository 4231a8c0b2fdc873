"""Kavenegar (kavenegar.com), an Iranian SMS provider, through its REST API.

``SMS_BACKEND = "eservices.sms.backends.kavenegar.KavenegarSmsBackend"`` with
``ESERVICES_SMS_KAVENEGAR_API_KEY`` and, usually, ``ESERVICES_SMS_KAVENEGAR_SENDER`` (the line
number the account sends from). The API key travels in the URL path, so the URL is never
logged.
"""

import json
import urllib.request
from urllib.parse import quote, urlencode

from django.core.exceptions import ImproperlyConfigured
from sms.message import Message

from eservices.conf import settings
from eservices.sms.backends.http import USER_AGENT, HttpSmsBackend, SmsSendError, mask_number

# The statuses worth naming in an error; any other is reported by number.
KNOWN_STATUSES = {
    418: "credit insufficient",
}


class KavenegarSmsBackend(HttpSmsBackend):
    """Send through Kavenegar's ``sms/send.json``: one POST per recipient.

    The sender is the message's originator (``DEFAULT_FROM_SMS`` when it names none), else
    ``ESERVICES_SMS_KAVENEGAR_SENDER``, else none: Kavenegar then uses the account's default
    line. Kavenegar accepts a message only when its answer's ``return.status`` is 200.
    """

    provider = "Kavenegar"

    def __init__(self, fail_silently: bool = False, **kwargs) -> None:
        super().__init__(fail_silently=fail_silently, **kwargs)
        self.api_key = settings.ESERVICES_SMS_KAVENEGAR_API_KEY
        if not self.api_key:
            raise ImproperlyConfigured("ESERVICES_SMS_KAVENEGAR_API_KEY is not set.")
        self.sender = settings.ESERVICES_SMS_KAVENEGAR_SENDER or ""
        base_url = self.check_url(
            settings.ESERVICES_SMS_KAVENEGAR_URL, "ESERVICES_SMS_KAVENEGAR_URL"
        ).rstrip("/")
        self.send_url = "%s/v1/%s/sms/send.json" % (base_url, quote(self.api_key, safe=""))

    def build_request(self, message: Message, recipient: str) -> urllib.request.Request:
        fields = {"receptor": recipient, "message": message.body}
        sender = message.originator or self.sender
        if sender:
            fields["sender"] = sender
        return urllib.request.Request(
            self.send_url,
            data=urlencode(fields).encode("ascii"),
            headers={
                "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
                "Accept": "application/json",
                "User-Agent": USER_AGENT,
            },
            method="POST",
        )

    def check_response(self, status: int, answer: bytes, recipient: str) -> None:
        """Accept a 2xx whose JSON says ``return.status`` 200; a 5xx either way is retryable.

        An unreadable 2xx answer is an error but is not retried: the message may have gone out,
        and a second copy would cost money and confuse the recipient.
        """
        masked = mask_number(recipient)
        code = _return_status(answer)
        if code is None:
            raise SmsSendError(
                "Kavenegar gave an unreadable answer (HTTP %d) to the SMS for %s"
                % (status, masked),
                retryable=status >= 500,
            )
        if code == 200 and 200 <= status < 300:
            return
        if code == 200:
            code = status
        description = KNOWN_STATUSES.get(code)
        raise SmsSendError(
            "Kavenegar refused the SMS for %s: status %d%s"
            % (masked, code, " (%s)" % description if description else ""),
            retryable=code >= 500 or status >= 500,
        )


def _return_status(answer: bytes) -> int | None:
    """``return.status`` of a Kavenegar answer, or None when the answer is not one."""
    try:
        return int(json.loads(answer.decode("utf-8"))["return"]["status"])
    except (ValueError, KeyError, TypeError):
        return None
