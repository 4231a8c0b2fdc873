"""Two app servers behind HAProxy (deploy/scale_out.py; issue 13, item 5): the citizen
journey with each request on the other server, and the rate limits and the gate's counters
shared by both.

It needs PostgreSQL and Redis (the servers share them): it runs on the real-stack half of
``make test`` and skips on the embedded defaults. It uses its own database ``<name>_lb``
beside DATABASE_URL's and Redis database 14, both emptied first, and free ports.
"""

import html
import os
import re
import socket
import time
import urllib.parse
from importlib.util import module_from_spec, spec_from_file_location
from itertools import pairwise
from pathlib import Path

import pytest
import requests
from django.utils import translation

from eservices.core.numbers import group_tracking_number
from eservices.identity.forms import REFUSALS
from eservices.requests.mixins import RequestFormMixin

ROOT = Path(__file__).resolve().parents[2]
COMPLAINT = "/e-services/13031986000/13031986101/"
REDIS_DB = 14
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
WRONG_CODE = "The code is wrong or has expired. Check it, or ask for a new code."

READY = os.environ.get("DATABASE_URL", "").startswith("postgres") and os.environ.get("REDIS_URL")
pytestmark = [
    pytest.mark.scaleout,
    pytest.mark.skipif(
        not READY,
        reason="scale-out runs on the real-stack half only: set DATABASE_URL (PostgreSQL) and "
        "REDIS_URL; the two app servers share them",
    ),
]


def load_scale_out():
    spec = spec_from_file_location("scale_out", ROOT / "deploy" / "scale_out.py")
    module = module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def persian(message) -> str:
    """A message as the servers show it: in Persian, escaped."""
    with translation.override("fa"):
        return html.escape(translation.gettext(str(message)))


def scratch_database(url: str) -> str:
    """``<name>_lb`` beside DATABASE_URL's database, dropped and created empty."""
    import psycopg

    parsed = urllib.parse.urlsplit(url)
    name = (parsed.path.lstrip("/") or "postgres") + "_lb"
    admin = parsed._replace(scheme="postgresql", path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute('DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % name)
        connection.execute('CREATE DATABASE "%s"' % name)
    return parsed._replace(path="/" + name).geturl()


def scratch_redis(url: str) -> str:
    import redis

    own = urllib.parse.urlsplit(url)._replace(path="/%d" % REDIS_DB).geturl()
    redis.Redis.from_url(own).flushdb()
    return own


def free_ports(count: int) -> list[int]:
    probes = [socket.socket() for _ in range(count)]
    try:
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [probe.getsockname()[1] for probe in probes]
    finally:
        for probe in probes:
            probe.close()


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """The balancer and two app servers on free ports, one worker; SMS as files."""
    scratch = tmp_path_factory.mktemp("scale-out")
    inherited = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "ESERVICES_", "TASKS_", "SMS_", "SECURE_", "PRIVATE_"))
    }
    env = {
        **inherited,
        "DATABASE_URL": scratch_database(os.environ["DATABASE_URL"]),
        "REDIS_URL": scratch_redis(os.environ["REDIS_URL"]),
        "SECRET_KEY": "scale-out-test-" + "s" * 40,
        "SMS_BACKEND": "sms.backends.filebased.SmsBackend",
        "SMS_FILE_PATH": str(scratch / "sms"),
        "MEDIA_ROOT": str(scratch / "media"),
        "PRIVATE_MEDIA_ROOT": str(scratch / "private"),
        "LOG_LEVEL": "WARNING",
    }
    scale_out = load_scale_out()
    try:
        scale_out.haproxy()  # installed from Debian when missing, as root (as CI runs)
    except SystemExit as missing:
        pytest.skip(str(missing))
    balancer, first, second = free_ports(3)
    with scale_out.Stack(scratch, balancer, (first, second), workers=2, env=env) as running:
        print(
            "\nscale-out stack: prepared in %.1f s, started in %.1f s"
            % (running.prepared, running.started)
        )
        yield running


class Citizen:
    """One browser: a cookie jar, every request sent to the balancer without following
    redirects, and which server answered each."""

    def __init__(self, stack):
        self.stack = stack
        self.http = requests.Session()
        self.served: list[tuple[str, str, str]] = []

    def request(self, method: str, path: str, data: dict | None = None) -> requests.Response:
        response = self.http.request(
            method, self.stack.url + path, data=data, allow_redirects=False, timeout=60
        )
        assert response.status_code in (200, 302), (method, path, response.status_code)
        self.served.append((method, path, response.headers["X-Served-By"]))
        return response

    def get(self, path: str) -> str:
        return self.request("GET", path).text

    def post(self, path: str, data: dict, page: str) -> requests.Response:
        """POST ``data`` with the CSRF token of ``page``; a redirect is followed by a GET."""
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        response = self.request("POST", path, {"csrfmiddlewaretoken": token, **data})
        if response.status_code == 302:
            return self.request("GET", response.headers["Location"])
        return response

    def servers(self) -> list[str]:
        return [server for _method, _path, server in self.served]


def alternate(servers: list[str]) -> bool:
    """Each request answered by the other server than the one before."""
    return len(set(servers)) == 2 and all(a != b for a, b in pairwise(servers))


def captcha_answer(stack, page: str) -> tuple[str, str]:
    """The gate's captcha key on the page and its answer, read from the servers' database."""
    import psycopg

    key = re.search(r'name="mobile-captcha_0" value="([0-9a-f]+)"', page).group(1)
    url = urllib.parse.urlsplit(stack.env["DATABASE_URL"])._replace(scheme="postgresql").geturl()
    with psycopg.connect(url) as connection:
        row = connection.execute(
            "SELECT response FROM captcha_captchastore WHERE hashkey = %s", (key,)
        ).fetchone()
    return key, row[0]


def sms_to(stack, mobile: str, *containing: str, seconds: float = 60) -> str:
    """The newest SMS the worker wrote for ``mobile`` (with one of ``containing``)."""
    folder = Path(stack.env["SMS_FILE_PATH"])
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        paths = sorted(folder.glob("*"), key=lambda p: p.stat().st_mtime) if folder.exists() else []
        texts = [p.read_text() for p in paths]
        found = [
            t for t in texts if mobile in t and (not containing or any(c in t for c in containing))
        ]
        if found:
            return found[-1]
        time.sleep(0.2)
    raise AssertionError("no SMS to %s %s within %d s" % (mobile, containing, seconds))


def verify(citizen: Citizen, mobile: str, national_code: str) -> tuple[str, str]:
    """The gate's first step; returns the page at step 2 and the code the SMS carried."""
    page = citizen.get(COMPLAINT)
    step = re.search(r'name="([^"]+-current_step)"', page).group(1)
    key, answer = captcha_answer(citizen.stack, page)
    page = citizen.post(
        COMPLAINT,
        {
            step: "mobile",
            "mobile-mobile": mobile,
            "mobile-national_code": national_code,
            "mobile-captcha_0": key,
            "mobile-captcha_1": answer,
        },
        page,
    ).text
    assert 'name="code-code"' in page, "the gate did not reach its code step"
    text = sms_to(citizen.stack, mobile)
    return page, re.search(r"(?<!\d)\d{6}(?!\d)", text.split(mobile, 1)[1]).group(0)


def test_the_journey_with_each_request_on_the_other_server_and_the_lookup_limit(stack):
    """The citizen verifies, fills the complaint, checks the answers and opens the receipt,
    each request answered by the other app server; then the status lookup's per-IP limit
    (ESERVICES_LOOKUP_IP_LIMIT) counts lookups on both servers together.

    Breaks if the session, the captcha, the pending code, the held answers or the issued
    tracking numbers were kept by one server (a per-process cache or session engine, a
    SECRET_KEY per server, held uploads outside the shared folder), if the balancer stuck a
    citizen to one server, if the worker did not send the SMS, or if the lookup limit were
    counted per server (11 lookups would all be answered)."""
    citizen = Citizen(stack)
    began = time.monotonic()
    mobile, national_code = "09121112233", "0013542419"
    page, code = verify(citizen, mobile, national_code)
    sms_seconds = time.monotonic() - began
    step = re.search(r'name="([^"]+-current_step)"', page).group(1)
    form = citizen.post(COMPLAINT, {step: "code", "code-code": code}, page).text
    assert 'class="service-form"' in form, "the verified session did not reach the form"

    fields = {
        label.strip(): name
        for name, label in re.findall(r'<label for="id_(field_\w+)">\s*([^<]+)', form)
    }
    registrant = re.search(r'name="%s" value="(\d+)"' % fields["شماره ملی ثبت کننده درخواست"], form)
    assert registrant.group(1) == national_code  # filled from the gate, on the other server
    date_name = fields["تاریخ ثبت درخواست"]
    answers = {
        date_name: re.search(r'name="%s" value="([^"]+)"' % date_name, form).group(1),
        fields["نام"]: "مریم",
        fields["نام خانوادگی"]: "کاظمی",
        fields["موضوع شکایت"]: "قطعی مکرر برق",
        fields["شرح شکایت"]: "از دیروز سه بار برق رفته است.",
    }
    check = citizen.post(COMPLAINT, answers, form)
    assert check.url.endswith(COMPLAINT + "check/")
    assert "قطعی مکرر برق" in check.text and "کاظمی" in check.text  # held on the other server
    version = re.search(r'name="version" value="([^"]+)"', check.text).group(1)
    receipt = citizen.post(COMPLAINT + "check/", {"version": version}, check.text)
    tracking = re.search(r"/receipt/(\d{13})/$", receipt.url).group(1)
    assert receipt.status_code == 200
    journey_seconds = time.monotonic() - began
    grouped = group_tracking_number(tracking)
    sms_to(stack, mobile, grouped, grouped.translate(PERSIAN))  # the receipt, by the worker

    journey = list(citizen.served)
    print("\njourney (%.1f s, SMS code after %.1f s):" % (journey_seconds, sms_seconds))
    for method, path, server in journey:
        print("  %-4s %-60s %s" % (method, path, server))
    assert alternate(citizen.servers()), journey

    # The status lookup: ten per client IP in ten minutes, counted on both servers together.
    throttled = persian(RequestFormMixin.LOOKUP_THROTTLED)
    follow_up = citizen.get(COMPLAINT + "follow-up/")
    lookup = {"tracking_number": tracking, "national_code": national_code}
    for _ in range(10):
        answered = citizen.post(COMPLAINT + "follow-up/", lookup, follow_up).text
        assert '<dd dir="ltr" data-tracking-number="%s"' % tracking in answered
        assert throttled not in answered
    refused = citizen.post(COMPLAINT + "follow-up/", lookup, follow_up).text
    assert throttled in refused
    assert '<dd dir="ltr" data-tracking-number="%s"' % tracking not in refused
    lookups = citizen.servers()[len(journey) :]
    assert lookups.count("app1") >= 5 and lookups.count("app2") >= 5
    assert alternate(citizen.servers()), citizen.served


def test_wrong_codes_on_both_servers_lock_the_mobile(stack):
    """Five wrong codes, alternating between the servers, lock the mobile and national code
    (ESERVICES_OTP_LOCK_FAILURES): the right code is then refused on either server.

    Breaks if the failures or the lock were counted per server (each would have seen two or
    three wrong codes and the right one would verify), or if the gate's pending code lived in
    one server's memory (the code step would be lost on the other)."""
    citizen = Citizen(stack)
    mobile, national_code = "09351234567", "0084575948"
    page, code = verify(citizen, mobile, national_code)
    step = re.search(r'name="([^"]+-current_step)"', page).group(1)
    wrong_code = "%06d" % ((int(code) + 1) % 10**6)
    wrong = persian(WRONG_CODE)
    for _ in range(5):
        page = citizen.post(COMPLAINT, {step: "code", "code-code": wrong_code}, page).text
        assert wrong in page
    locked = citizen.post(COMPLAINT, {step: "code", "code-code": code}, page).text
    assert persian(REFUSALS["ip_quota"]) in locked
    assert 'class="service-form"' not in citizen.get(COMPLAINT)
    assert alternate(citizen.servers()), citizen.served
