"""The numeric captcha's challenge: digits only, as the guide's عبارت امنیتی."""

import secrets

from captcha.conf import settings as captcha_settings


def digits_challenge() -> tuple[str, str]:
    digits = "".join(secrets.choice("0123456789") for _ in range(captcha_settings.CAPTCHA_LENGTH))
    return digits, digits
