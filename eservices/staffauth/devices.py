"""A staff user's authenticator device: at most one confirmed TOTPDevice, kept in one place."""

from base64 import b32encode

from django.db import transaction
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "authenticator"


def confirmed_device(user) -> TOTPDevice | None:
    """The user's enrolled authenticator, or None."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()


def pending_device(user) -> TOTPDevice:
    """The unconfirmed device enrolment shows, made once so a reload keeps the same secret."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def confirm_device(device: TOTPDevice) -> None:
    """Make ``device`` the user's only TOTP device, after a first right code."""
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user_id=device.user_id).exclude(pk=device.pk).delete()


def remove_devices(request) -> None:
    """Delete the signed-in user's TOTP devices and forget the session's verification."""
    TOTPDevice.objects.filter(user_id=request.user.pk).delete()
    request.session.pop(DEVICE_ID_SESSION_KEY, None)


def mark_verified(request, device: TOTPDevice) -> None:
    """Record in the session that ``device`` verified this user, under a fresh session key."""
    request.session.cycle_key()
    otp_login(request, device)


def readable_secret(device: TOTPDevice) -> str:
    """The key in base32, as authenticator apps take it by hand, in groups of four."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
