"""The remaining tiers of O4–O6, O9 and O10's trusted proxy hop."""

import logging
from datetime import timedelta

import pytest
import sms
import time_machine
from django.test import Client, RequestFactory
from django.utils import timezone

from eservices.core import ratelimit
from eservices.identity import limits

from .conftest import URL, check_code, send_code, sent_code

pytestmark = pytest.mark.django_db


def test_client_ip_is_remote_addr_unless_proxies_are_trusted(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="6.6.6.6, 5.5.5.5, 4.4.4.4"
    )
    settings.ESERVICES_TRUSTED_PROXY_COUNT = 0
    assert ratelimit.client_ip(request) == "10.0.0.9"  # a forged header is ignored
    settings.ESERVICES_TRUSTED_PROXY_COUNT = 1
    assert ratelimit.client_ip(request) == "4.4.4.4"  # the hop our proxy appended
    settings.ESERVICES_TRUSTED_PROXY_COUNT = 2
    assert ratelimit.client_ip(request) == "5.5.5.5"


def test_ten_failures_in_a_day_lock_for_a_day():
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            limits.record_failure("09120000001", "0013542419")
    with time_machine.travel(start + timedelta(minutes=20), tick=False):
        assert limits.lockout_wait("09120000001", "0013542419") == 0
        for _ in range(5):
            limits.record_failure("09120000001", "0013542419")
        wait = limits.lockout_wait("09120000001", "0013542419")
        assert 23 * 3600 < wait <= 24 * 3600
        # The national code is locked on its own too, with another mobile.
        assert limits.lockout_wait("09129999999", "0013542419") > 23 * 3600
    with time_machine.travel(start + timedelta(minutes=20, hours=24, seconds=1), tick=False):
        assert limits.lockout_wait("09120000001", "0013542419") == 0


def test_at_most_ten_sms_per_mobile_per_day(complaint, settings):
    settings.ESERVICES_OTP_COOLDOWN = 0
    settings.ESERVICES_OTP_SMS_PER_HOUR = 100
    start = timezone.now()
    for index in range(12):
        with time_machine.travel(start + timedelta(minutes=index), tick=False):
            send_code(Client(REMOTE_ADDR="10.9.0.%d" % index), complaint)
    assert len(sms.outbox) == 10


def test_half_of_the_daily_budget_is_warned(complaint, settings, caplog):
    settings.ESERVICES_SMS_DAILY_BUDGET = 4
    settings.ESERVICES_OTP_COOLDOWN = 0
    caplog.set_level(logging.WARNING, logger="eservices.identity")
    send_code(Client(REMOTE_ADDR="10.8.0.1"), complaint, mobile="09121000001")
    assert "daily SMS budget" not in caplog.text
    send_code(Client(REMOTE_ADDR="10.8.0.2"), complaint, mobile="09121000002")
    assert "Half of the daily SMS budget is spent" in caplog.text


def test_verified_identity_ends_after_two_hours_even_when_used(client, complaint):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        send_code(client, complaint)
        check_code(client, complaint, sent_code())
    for minutes in range(10, 120, 10):
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            assert "ثبت درخواست" in client.get(URL).content.decode()
    with time_machine.travel(start + timedelta(minutes=121), tick=False):
        assert "اعتبار سنجی کاربر" in client.get(URL).content.decode()
