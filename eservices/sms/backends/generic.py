"""Any HTTP SMS provider, described by the operator in settings.

``SMS_BACKEND = "eservices.sms.backends.generic.GenericHttpSmsBackend"`` and:

* ``ESERVICES_SMS_HTTP_METHOD = "GET"`` with ``ESERVICES_SMS_HTTP_URL`` a template naming
  ``{to}`` and ``{text}`` (and optionally ``{from}``), each replaced by its URL-quoted value,
  e.g. ``"https://sms.example.com/send?key=K&to={to}&text={text}"``; or
* ``ESERVICES_SMS_HTTP_METHOD = "POST"`` with ``ESERVICES_SMS_HTTP_URL`` a plain URL and the
  fields sent as a form or a JSON object (``ESERVICES_SMS_HTTP_BODY``), named by
  ``ESERVICES_SMS_HTTP_TO_FIELD``, ``ESERVICES_SMS_HTTP_TEXT_FIELD`` and, when set,
  ``ESERVICES_SMS_HTTP_FROM_FIELD``.

``ESERVICES_SMS_HTTP_AUTH_HEADER`` (e.g. ``"Bearer xyz"``) is sent as ``Authorization``. Any 2xx
answer means the message was accepted. URLs are never logged: they may hold keys and texts.
"""

import json
import urllib.request
from urllib.parse import quote, urlencode

from django.core.exceptions import ImproperlyConfigured
from sms.message import Message

from eservices.conf import settings
from eservices.sms.backends.http import USER_AGENT, HttpSmsBackend


class GenericHttpSmsBackend(HttpSmsBackend):
    """Send one GET or POST per recipient to the operator's configured URL."""

    provider = "HTTP SMS provider"

    def __init__(self, fail_silently: bool = False, **kwargs) -> None:
        super().__init__(fail_silently=fail_silently, **kwargs)
        self.url = self.check_url(settings.ESERVICES_SMS_HTTP_URL, "ESERVICES_SMS_HTTP_URL")
        self.method = str(settings.ESERVICES_SMS_HTTP_METHOD).upper()
        if self.method not in ("GET", "POST"):
            raise ImproperlyConfigured('ESERVICES_SMS_HTTP_METHOD must be "GET" or "POST".')
        if self.method == "GET" and not ("{to}" in self.url and "{text}" in self.url):
            raise ImproperlyConfigured(
                "ESERVICES_SMS_HTTP_URL must contain {to} and {text} when the method is GET."
            )
        self.body_format = str(settings.ESERVICES_SMS_HTTP_BODY).lower()
        if self.body_format not in ("form", "json"):
            raise ImproperlyConfigured('ESERVICES_SMS_HTTP_BODY must be "form" or "json".')
        self.auth_header = settings.ESERVICES_SMS_HTTP_AUTH_HEADER or ""
        self.to_field = settings.ESERVICES_SMS_HTTP_TO_FIELD
        self.text_field = settings.ESERVICES_SMS_HTTP_TEXT_FIELD
        self.from_field = settings.ESERVICES_SMS_HTTP_FROM_FIELD or ""

    def build_request(self, message: Message, recipient: str) -> urllib.request.Request:
        headers = {"User-Agent": USER_AGENT}
        if self.auth_header:
            headers["Authorization"] = self.auth_header
        if self.method == "GET":
            url = (
                self.url.replace("{to}", quote(recipient, safe=""))
                .replace("{text}", quote(message.body, safe=""))
                .replace("{from}", quote(message.originator or "", safe=""))
            )
            return urllib.request.Request(url, headers=headers, method="GET")
        fields = {self.to_field: recipient, self.text_field: message.body}
        if self.from_field and message.originator:
            fields[self.from_field] = message.originator
        if self.body_format == "json":
            data = json.dumps(fields, ensure_ascii=False).encode("utf-8")
            headers["Content-Type"] = "application/json; charset=utf-8"
        else:
            data = urlencode(fields).encode("ascii")
            headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8"
        return urllib.request.Request(self.url, data=data, headers=headers, method="POST")
