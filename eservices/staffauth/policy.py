"""Who must show an authenticator code, and which step they are missing.

``ESERVICES_STAFF_TOTP`` chooses: "off" asks no one; "optional" asks staff who enrolled a
device; "required" asks every staff user, sending those without a device to enrol first.
"""

from django.core.exceptions import ImproperlyConfigured

from eservices.conf import settings

from .devices import confirmed_device

OFF, OPTIONAL, REQUIRED = "off", "optional", "required"
MODES = (OFF, OPTIONAL, REQUIRED)
VERIFY, ENROL = "verify", "enrol"


def totp_mode() -> str:
    mode = settings.ESERVICES_STAFF_TOTP
    if mode not in MODES:
        raise ImproperlyConfigured(
            "ESERVICES_STAFF_TOTP must be one of %s, not %r." % (", ".join(MODES), mode)
        )
    return mode


def is_staff_user(user) -> bool:
    """Staff are those who can reach an admin: Django's ``is_staff`` or Wagtail's access."""
    return user.is_authenticated and (user.is_staff or user.has_perm("wagtailadmin.access_admin"))


def missing_step(user) -> str | None:
    """``VERIFY`` or ``ENROL`` when ``user`` may not use the admin yet in this session, else None.

    Reads ``user.is_verified()``, which django-otp's middleware installs.
    """
    mode = totp_mode()
    if mode == OFF or not is_staff_user(user) or user.is_verified():
        return None
    if confirmed_device(user) is not None:
        return VERIFY
    return ENROL if mode == REQUIRED else None
