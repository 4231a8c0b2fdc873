"""Abuse limits of the gate (O4–O6), counted in the shared cache (O10).

Every check answers with a reason and, where it helps the citizen, the remaining wait; the
wording shown to the citizen never says whether a mobile or national code is known (O8).
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone

from eservices.conf import settings
from eservices.core import ratelimit

HOUR = 60 * 60
DAY = 24 * HOUR


@dataclass
class Refusal:
    reason: str
    wait_seconds: int = 0


def _locked(kind: str, subject: str) -> int:
    """Seconds left of a lockout on ``subject`` (a mobile or national code), or 0."""
    until = cache.get(f"eservices:lock:{kind}:{ratelimit.cache_key('x', subject)}")
    if not until:
        return 0
    return max(0, int(until - timezone.now().timestamp()))


def _lock(kind: str, subject: str, seconds: int) -> None:
    until = timezone.now().timestamp() + seconds
    cache.set(f"eservices:lock:{kind}:{ratelimit.cache_key('x', subject)}", until, timeout=seconds)


def lockout_wait(mobile: str, national_code: str) -> int:
    return max(_locked("mobile", mobile), _locked("code", national_code))


def record_failure(mobile: str, national_code: str) -> None:
    """Tiered lockouts (O4): 5 failures → 15 minutes; 10 in 24 hours → 24 hours."""
    for kind, subject in (("mobile", mobile), ("code", national_code)):
        ratelimit.hit(f"otp-fail-15m-{kind}", subject, 10**6, 15 * 60)
        ratelimit.hit(f"otp-fail-24h-{kind}", subject, 10**6, DAY)
        if (
            ratelimit.count(f"otp-fail-24h-{kind}", subject)
            >= settings.ESERVICES_OTP_LOCK_DAY_FAILURES
        ):
            _lock(kind, subject, DAY)
        elif (
            ratelimit.count(f"otp-fail-15m-{kind}", subject) >= settings.ESERVICES_OTP_LOCK_FAILURES
        ):
            _lock(kind, subject, 15 * 60)


def send_refusal(request, mobile: str, national_code: str) -> Refusal | None:
    """Whether one more SMS may be sent now (O4–O6); counts the attempt when it may."""
    ip = ratelimit.client_ip(request)
    if wait := lockout_wait(mobile, national_code):
        return Refusal("locked", wait)
    if wait := resend_wait(mobile):
        return Refusal("cooldown", wait)
    sent_hour = ratelimit.count("otp-sms-hour", mobile)
    if (
        sent_hour >= settings.ESERVICES_OTP_SMS_PER_HOUR
        or ratelimit.count("otp-sms-day", mobile) >= settings.ESERVICES_OTP_SMS_PER_DAY
    ):
        return Refusal("mobile_quota")
    # Per client IP (O6): every send request counts, refused or not.
    over_hour = ratelimit.hit("otp-ip-hour", ip, settings.ESERVICES_OTP_IP_PER_HOUR, HOUR)
    over_day = ratelimit.hit("otp-ip-day", ip, settings.ESERVICES_OTP_IP_PER_DAY, DAY)
    if over_hour or over_day:
        return Refusal("ip_quota")
    # At most three distinct mobiles per session per hour (O6).
    mobiles = request.session.get("eservices_otp_mobiles", {})
    now = timezone.now().timestamp()
    mobiles = {m: t for m, t in mobiles.items() if now - t < HOUR}
    if mobile not in mobiles and len(mobiles) >= settings.ESERVICES_OTP_MOBILES_PER_SESSION:
        return Refusal("session_quota")
    # A global daily budget of SMS (O6).
    if (
        ratelimit.count("otp-budget", timezone.localdate().isoformat())
        >= settings.ESERVICES_SMS_DAILY_BUDGET
    ):
        return Refusal("budget")
    mobiles[mobile] = now
    request.session["eservices_otp_mobiles"] = mobiles
    return None


def record_send(mobile: str) -> int:
    """Count a sent SMS; returns the day's total (for the budget warning)."""
    ratelimit.hit("otp-sms-hour", mobile, 10**6, HOUR)
    ratelimit.hit("otp-sms-day", mobile, 10**6, DAY)
    cache.set(
        "eservices:otp-last:" + ratelimit.cache_key("m", mobile), timezone.now().timestamp(), HOUR
    )
    ratelimit.hit("otp-budget", timezone.localdate().isoformat(), 10**9, DAY)
    return ratelimit.count("otp-budget", timezone.localdate().isoformat())


def resend_wait(mobile: str) -> int:
    """Seconds before the next SMS to ``mobile``: 60, then 120, 240 … within the hour (O5)."""
    sent_hour = ratelimit.count("otp-sms-hour", mobile)
    last = cache.get("eservices:otp-last:" + ratelimit.cache_key("m", mobile))
    if not last or not sent_hour:
        return 0
    cooldown = settings.ESERVICES_OTP_COOLDOWN * 2 ** (sent_hour - 1)
    return max(0, int(last + cooldown - timezone.now().timestamp()))
