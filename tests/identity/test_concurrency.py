"""O3 and O10 under real concurrency: PostgreSQL row locks and Redis counters."""

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connection, connections

from eservices.core import ratelimit
from eservices.identity.models import SmsChallengeDevice

ROOT = Path(__file__).parents[2]
BOUND = {"session_key": "s" * 32, "mobile": "09123456789", "national_code": "0013542419"}


def needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (CI runs this on PostgreSQL)")


def parallel(function, count: int) -> list:
    def run(index):
        try:
            return function(index)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=25) as pool:
        return list(pool.map(run, range(count)))


@pytest.mark.django_db(transaction=True)
def test_fifty_parallel_wrong_guesses_evaluate_at_most_five():
    needs_postgresql()
    device, code = SmsChallengeDevice.issue(**BOUND)
    wrong = ["%06d" % ((int(code) + 1 + i) % 10**6) for i in range(50)]
    results = parallel(
        lambda i: SmsChallengeDevice.objects.get(pk=device.pk).verify_bound_token(
            wrong[i], **BOUND
        ),
        50,
    )
    assert not any(results)
    assert SmsChallengeDevice.objects.get(pk=device.pk).attempts == 5
    assert not SmsChallengeDevice.objects.get(pk=device.pk).verify_bound_token(code, **BOUND)


@pytest.mark.django_db(transaction=True)
def test_two_parallel_right_guesses_succeed_once():
    needs_postgresql()
    device, code = SmsChallengeDevice.issue(**BOUND)
    results = parallel(
        lambda i: SmsChallengeDevice.objects.get(pk=device.pk).verify_bound_token(code, **BOUND), 2
    )
    assert sorted(results) == [False, True]


def test_limits_hold_across_two_processes_sharing_redis(settings):
    if not os.environ.get("REDIS_URL"):
        pytest.skip("needs REDIS_URL (CI runs this against Redis)")
    subject = "09120000000-%d" % os.getpid()
    script = (
        "import django; django.setup();"
        "from eservices.core import ratelimit;"
        "print(sum(ratelimit.hit('otp-test', %r, 5, 60) for _ in range(4)))" % subject
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms_site.settings.test"}
    other = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert other.stdout.strip() == "0"  # four attempts in the other process, none over
    assert ratelimit.hit("otp-test", subject, 5, 60) is False  # the fifth, here
    assert ratelimit.hit("otp-test", subject, 5, 60) is True  # the sixth is over the limit
