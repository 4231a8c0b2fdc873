"""The SMS one-time-code device, in django-otp's terms (STYLE #8).

One row is one challenge: a code sent to a mobile for a national code in one browser session.
Citizens are Django users without a usable password and without staff rights: django-otp's
``Device`` needs a user, and a per-mobile user gives the cooldown and throttling a natural
owner. Such users can never sign in to the admin (no password, ``is_staff`` false).
"""

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import CooldownMixin, Device, ThrottlingMixin

from eservices.conf import settings

from .codes import binding_digest, code_hmac, code_matches, new_code


def citizen_user(mobile: str):
    """The passwordless, non-staff user standing for the owner of ``mobile``."""
    username = "citizen-" + hashlib.sha256(mobile.encode()).hexdigest()[:24]
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"is_staff": False, "is_superuser": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


class SmsChallengeDevice(ThrottlingMixin, CooldownMixin, Device):
    """A code sent by SMS, valid for ``ESERVICES_OTP_VALIDITY`` seconds, usable once, dead
    after ``ESERVICES_OTP_MAX_ATTEMPTS`` wrong tries, and bound to (session, mobile,
    national code): changing any of them makes it useless."""

    challenge_id = models.CharField(max_length=32, unique=True)
    binding = models.CharField(max_length=64)
    token_hmac = models.CharField(max_length=64, blank=True)
    valid_until = models.DateTimeField(null=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    used = models.BooleanField(default=False)

    class Meta(Device.Meta):
        verbose_name = _("SMS code")
        verbose_name_plural = _("SMS codes")

    def get_throttle_factor(self) -> int:
        return settings.ESERVICES_OTP_THROTTLE_FACTOR

    def get_cooldown_duration(self) -> int:
        return settings.ESERVICES_OTP_COOLDOWN

    @staticmethod
    def bind(session_key: str, mobile: str, national_code: str) -> str:
        return binding_digest(session_key, mobile, national_code)

    @classmethod
    def issue(
        cls, *, session_key: str, mobile: str, national_code: str
    ) -> tuple["SmsChallengeDevice", str]:
        """A new challenge and its plain code (to be sent, never stored or logged)."""
        code = new_code()
        challenge_id = secrets.token_hex(16)
        device = cls.objects.create(
            user=citizen_user(mobile),
            name="sms",
            confirmed=True,
            challenge_id=challenge_id,
            binding=cls.bind(session_key, mobile, national_code),
            token_hmac=code_hmac(challenge_id, code),
            valid_until=timezone.now() + timedelta(seconds=settings.ESERVICES_OTP_VALIDITY),
            last_generated_timestamp=timezone.now(),
        )
        return device, code

    def verify_bound_token(
        self, code: str, *, session_key: str, mobile: str, national_code: str
    ) -> bool:
        """Check ``code`` at most ``ESERVICES_OTP_MAX_ATTEMPTS`` times, atomically (O3).

        The row is locked and the attempt counted before the code is compared, so parallel
        guesses are evaluated one at a time and never more than the limit; a right code
        succeeds once.
        """
        with transaction.atomic():
            device = type(self).objects.select_for_update().get(pk=self.pk)
            if (
                device.used
                or device.attempts >= settings.ESERVICES_OTP_MAX_ATTEMPTS
                or device.valid_until is None
                or device.valid_until < timezone.now()
                or device.binding != self.bind(session_key, mobile, national_code)
            ):
                return False
            type(self).objects.filter(pk=self.pk).update(attempts=F("attempts") + 1)
            if not code_matches(device.token_hmac, device.challenge_id, code):
                return False
            type(self).objects.filter(pk=self.pk).update(used=True, token_hmac="")
            return True

    def verify_token(self, token) -> bool:  # pragma: no cover - the bound check is the API
        raise NotImplementedError("Use verify_bound_token: a code is bound to its session.")
