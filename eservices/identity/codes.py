"""One-time codes (O1, O2): 6 digits from ``secrets``, kept only as an HMAC.

The HMAC key is derived from ``SECRET_KEY``; the message binds the challenge's id to the code,
so a stored value is useless for another challenge and reveals nothing without the key.
"""

import hashlib
import hmac
import secrets

from django.conf import settings as django_settings

CODE_LENGTH = 6


def new_code() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(CODE_LENGTH))


def _key() -> bytes:
    return hashlib.sha256(b"eservices.identity.otp:" + django_settings.SECRET_KEY.encode()).digest()


def code_hmac(challenge_id: str, code: str) -> str:
    return hmac.new(_key(), f"{challenge_id}:{code}".encode(), hashlib.sha256).hexdigest()


def code_matches(stored_hmac: str, challenge_id: str, code: str) -> bool:
    return hmac.compare_digest(stored_hmac, code_hmac(challenge_id, code))


def binding_digest(*parts: str) -> str:
    """A keyed digest of what a challenge is bound to (session key, mobile, national code)."""
    return hmac.new(_key(), "\x1f".join(parts).encode(), hashlib.sha256).hexdigest()
