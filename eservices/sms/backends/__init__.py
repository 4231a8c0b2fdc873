"""django-sms backends for HTTP SMS providers; name one in ``SMS_BACKEND``.

``eservices.sms.backends.kavenegar.KavenegarSmsBackend`` speaks Kavenegar's REST API;
``eservices.sms.backends.generic.GenericHttpSmsBackend`` speaks whatever an operator's provider
takes, described in settings. Both raise ``SmsSendError`` when a message cannot be sent.
"""

from eservices.sms.backends.generic import GenericHttpSmsBackend
from eservices.sms.backends.http import HttpSmsBackend, SmsSendError, mask_number
from eservices.sms.backends.kavenegar import KavenegarSmsBackend

__all__ = [
    "GenericHttpSmsBackend",
    "HttpSmsBackend",
    "KavenegarSmsBackend",
    "SmsSendError",
    "mask_number",
]
