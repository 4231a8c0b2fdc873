"""Benchmark over HTTP: the desk under gunicorn against its peers, with wrk.

    .venv/bin/python bench/http_load.py [--rounds 3] [--duration 5] [--connections 8]

Serves, each under gunicorn with 2 sync workers and production-like settings:

* the project (``cms_site.settings.production``, its WSGI application with the page cache in
  front, as ``make serve`` runs it) with the demo desk;
* the peer: a plain ``wagtail.contrib.forms`` FormPage with the complaint form's fields, in
  its own scratch app and database (``bench/peer/``, built here); both keep their database
  connections between requests (``CONN_MAX_AGE`` 60 s);
* the limit: a WSGI callable that answers the catalog's exact bytes from memory.

The database and cache come from ``DATABASE_URL`` and ``REDIS_URL``; the bench uses its own
databases beside the one named (``<name>_bench`` and ``<name>_bench_peer`` on PostgreSQL,
files in the scratch folder without DATABASE_URL) and Redis database 15, so nothing of the
test suite or a real site is touched. wrk (Debian's ``wrk``) drives them in interleaved
rounds; the bench prints req/s, p50/p99 and the ratios: catalog / limit, form GET / peer GET,
POST / peer POST; then the resident memory of the project's workers and how many requests
they had served. Any non-2xx/3xx answer is counted and printed. Nothing here is a test.
"""

import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SCRATCH = ROOT / "var" / "bench-http"
PORTS = {"project": 8301, "peer": 8302, "limit": 8303}
COMPLAINT = "/e-services/13031986000/13031986101/"
CATALOG = "/e-services/"

# The complaint form's fields as the peer asks them (Wagtail's own field types); the file
# field is left out of both forms' POSTs.
PEER_FIELDS = [
    ("شماره ملی ثبت کننده درخواست", "singleline", True, "0013542419"),
    ("شماره ملی درخواست کننده", "singleline", False, ""),
    ("شماره تلفن همراه درخواست کننده", "singleline", False, "09123456789"),
    ("تاریخ ثبت درخواست", "singleline", True, "1403/05/08"),
    ("نام", "singleline", True, "مریم"),
    ("نام خانوادگی", "singleline", True, "کاظمی"),
    ("موضوع شکایت", "singleline", True, "قطعی مکرر برق"),
    ("شرح شکایت", "multiline", True, "از دیروز سه بار برق رفته است."),
]
ANSWERS = {label: value for label, _type, _required, value in PEER_FIELDS}


# Set-up, run inside each site's own Django (``--prepare``) --------------------------------


def prepare_project() -> dict:
    """The demo desk's complaint, without its check step (the peer has none), and a session
    verified as a citizen: its key, and the POST data of the complaint."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from importlib import import_module

    from django.conf import settings
    from django.utils import timezone

    from eservices.catalog.models import ServicePage
    from eservices.identity.session import SESSION_IDENTITY

    page = ServicePage.objects.get(national_id="13031986101", locale__language_code="fa")
    ServicePage.objects.filter(pk=page.pk).update(check_answers=False)
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    now = timezone.now().timestamp() + 3600  # stays verified for the whole run
    store[SESSION_IDENTITY] = {
        "mobile": "09123456789",
        "national_code": "0013542419",
        "verified_at": now,
        "last_seen": now,
    }
    store.create()
    data = {f.clean_name: ANSWERS.get(f.label, "") for f in page.get_form_fields()}
    data = {k: v for k, v in data.items() if v}
    return {"session": store.session_key, "data": data}


def prepare_peer() -> dict:
    import django

    django.setup()
    from formpeer.models import FormField, FormPage
    from wagtail.models import Page, Site

    root = Page.get_first_root_node()
    for page in FormPage.objects.all():
        page.delete()
    page = root.add_child(
        instance=FormPage(title="ثبت شکایات مردمی", slug="complaint", intro="شکایت")
    )
    for order, (label, field_type, required, _value) in enumerate(PEER_FIELDS):
        FormField.objects.create(
            page=page, sort_order=order, label=label, field_type=field_type, required=required
        )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "127.0.0.1", "port": PORTS["peer"], "root_page": page},
    )
    data = {f.clean_name: ANSWERS[f.label] for f in page.get_form_fields() if ANSWERS[f.label]}
    return {"path": "/", "data": data}


# Running the servers ----------------------------------------------------------------------


def database_urls() -> tuple[str, str]:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return (f"sqlite:///{SCRATCH / 'project.sqlite3'}", f"sqlite:///{SCRATCH / 'peer.sqlite3'}")
    parsed = urllib.parse.urlsplit(url)
    base = parsed.path.lstrip("/") or "postgres"
    urls = []
    for name in (base + "_bench", base + "_bench_peer"):
        admin = parsed._replace(path="/postgres").geturl()
        for sql in (f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'):
            subprocess.run(["psql", admin, "-qc", sql], check=True, capture_output=True)
        urls.append(parsed._replace(path="/" + name).geturl())
    return urls[0], urls[1]


def redis_url() -> str:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        return ""
    parsed = urllib.parse.urlsplit(url)
    bench = parsed._replace(path="/15").geturl()
    subprocess.run(["redis-cli", "-u", bench, "flushdb"], check=True, capture_output=True)
    return bench


def environments() -> tuple[dict, dict]:
    project_db, peer_db = database_urls()
    common = {
        **os.environ,
        "REDIS_URL": redis_url(),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    project = {
        **common,
        "DJANGO_SETTINGS_MODULE": "cms_site.settings.production",
        "DATABASE_URL": project_db,
        "DATABASE_CONN_MAX_AGE": "60",
        "SECRET_KEY": "bench-not-secret-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "WAGTAILADMIN_BASE_URL": "http://127.0.0.1:%d" % PORTS["project"],
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "MEDIA_ROOT": str(SCRATCH / "media"),
        "PRIVATE_MEDIA_ROOT": str(SCRATCH / "private"),
        "SMS_BACKEND": "sms.backends.dummy.SmsBackend",
        "LOG_LEVEL": "WARNING",
    }
    peer = {
        **common,
        "DJANGO_SETTINGS_MODULE": "peer_site.settings",
        "DATABASE_CONN_MAX_AGE": "60",
        "PEER_DATABASE_URL": peer_db,
        "PEER_SCRATCH": str(SCRATCH / "peer"),
        "PYTHONPATH": str(ROOT / "bench" / "peer"),
    }
    return project, peer


def manage(env: dict, *args: str, cwd: Path = ROOT) -> None:
    subprocess.run(
        [str(BIN / "python"), "-m", "django", *args],
        env=env,
        cwd=cwd,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def prepared(env: dict, which: str, cwd: Path = ROOT) -> dict:
    done = subprocess.run(
        [str(BIN / "python"), str(Path(__file__).resolve()), "--prepare", which],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit("preparing the %s failed:\n%s" % (which, done.stderr[-3000:]))
    return json.loads(done.stdout.strip().splitlines()[-1])


def gunicorn(env: dict, app: str, port: int, cwd: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            app,
            "--workers",
            "2",
            "--bind",
            "127.0.0.1:%d" % port,
            "--log-level",
            "warning",
            "--timeout",
            "60",
        ],
        env=env,
        cwd=cwd,
        start_new_session=True,
    )


def wait_for(url: str, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except Exception:
            time.sleep(0.3)
    raise SystemExit("no answer from %s" % url)


def fetch(url: str, cookie: str = "") -> tuple[bytes, dict[str, str]]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=30) as response:
        cookies = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookies.load(header)
        return response.read(), {k: m.value for k, m in cookies.items()}


def post_script(path: Path, data: dict, cookie: str) -> Path:
    body = urllib.parse.urlencode(data)
    path.write_text(
        'wrk.method = "POST"\n'
        "wrk.body = %s\n"
        'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
        'wrk.headers["Cookie"] = %s\n' % (json.dumps(body), json.dumps(cookie))
    )
    return path


def get_script(path: Path, cookie: str) -> Path:
    path.write_text('wrk.headers["Cookie"] = %s\n' % json.dumps(cookie))
    return path


def csrf(url: str, cookie: str) -> tuple[str, str]:
    """A CSRF cookie and the form's token for ``url`` in the session ``cookie``."""
    html, cookies = fetch(url, cookie)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if token is None:
        raise SystemExit("no form at %s" % url)
    return cookies.get("csrftoken", ""), token.group(1).decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def post_once(url: str, data: dict, cookie: str) -> tuple[int, str, bytes]:
    """One POST as wrk will send it: its status, Location and body (redirects not followed),
    so the bench measures accepted requests, not a page of form errors."""
    request = urllib.request.Request(
        url,
        data=urllib.parse.urlencode(data).encode(),
        headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
    )
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=30) as response:
            return response.status, response.headers.get("Location", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location", ""), error.read()


def wrk(url: str, script: Path | None, duration: int, connections: int) -> dict:
    args = ["wrk", "-t2", "-c%d" % connections, "-d%ds" % duration, "--latency", url]
    if script:
        args[1:1] = ["-s", str(script)]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout

    def millis(label: str) -> float:
        match = re.search(r"%s\s+([\d.]+)(us|ms|s)\b" % re.escape(label), out)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": millis("50%"),
        "p99": millis("99%"),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "errors": int(errors.group(1)) if errors else 0,
    }


def worker_memory(master: subprocess.Popen) -> list[int]:
    """Resident KiB of each gunicorn worker of ``master``."""
    sizes = []
    for pid in Path("/proc").iterdir():
        if not pid.name.isdigit():
            continue
        try:
            status = (pid / "status").read_text()
        except OSError:
            continue
        if re.search(r"^PPid:\s+%d$" % master.pid, status, re.M):
            sizes.append(int(re.search(r"^VmRSS:\s+(\d+)", status, re.M).group(1)))
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--prepare", choices=["project", "peer"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        print(json.dumps(prepare_project() if args.prepare == "project" else prepare_peer()))
        return
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk")

    started = time.monotonic()
    shutil.rmtree(SCRATCH, ignore_errors=True)
    (SCRATCH / "peer" / "peer_migrations").mkdir(parents=True)
    (SCRATCH / "peer" / "peer_migrations" / "__init__.py").touch()
    project_env, peer_env = environments()
    print("Setting up (migrate, demo desk, static files, peer) ...", flush=True)
    manage(project_env, "migrate", "--noinput")
    manage(project_env, "load_demo_desk")
    manage(project_env, "collectstatic", "--noinput")
    project = prepared(project_env, "project")
    peer_dir = ROOT / "bench" / "peer"
    manage(peer_env, "makemigrations", "formpeer", cwd=peer_dir)
    manage(peer_env, "migrate", "--noinput", cwd=peer_dir)
    peer = prepared(peer_env, "peer", cwd=peer_dir)

    servers = {
        "project": gunicorn(project_env, "cms_site.wsgi:application", PORTS["project"], ROOT),
        "peer": gunicorn(peer_env, "peer_site.wsgi:application", PORTS["peer"], peer_dir),
    }
    try:
        base = {name: "http://127.0.0.1:%d" % port for name, port in PORTS.items()}
        wait_for(base["project"] + CATALOG)
        wait_for(base["peer"] + peer["path"])
        catalog, _ = fetch(base["project"] + CATALOG)
        (SCRATCH / "catalog.html").write_bytes(catalog)
        (SCRATCH / "limit.py").write_text(
            "BODY = open(%r, 'rb').read()\n"
            "HEADERS = [('Content-Type', 'text/html; charset=utf-8'),"
            " ('Content-Length', str(len(BODY)))]\n"
            "def app(environ, start_response):\n"
            "    start_response('200 OK', HEADERS)\n"
            "    return [BODY]\n" % str(SCRATCH / "catalog.html")
        )
        servers["limit"] = gunicorn(os.environ.copy(), "limit:app", PORTS["limit"], SCRATCH)
        wait_for(base["limit"] + "/")

        session = "sessionid=%s" % project["session"]
        form_url = base["project"] + COMPLAINT
        token_cookie, token = csrf(form_url, session)
        project_cookie = "%s; csrftoken=%s" % (session, token_cookie)
        peer_url = base["peer"] + peer["path"]
        peer_token_cookie, peer_token = csrf(peer_url, "")
        peer_cookie = "csrftoken=%s" % peer_token_cookie
        project_post = {**project["data"], "csrfmiddlewaretoken": token}
        status, location, _body = post_once(form_url, project_post, project_cookie)
        if status != 302 or "/receipt/" not in location:
            raise SystemExit("the project's POST is not accepted (%s %s)" % (status, location))
        peer_post = {**peer["data"], "csrfmiddlewaretoken": peer_token}
        status, _location, body = post_once(peer_url, peer_post, peer_cookie)
        if status != 200 or b'name="csrfmiddlewaretoken"' in body:
            raise SystemExit("the peer's POST is not accepted (%s)" % status)
        scripts = SCRATCH / "scripts"
        scripts.mkdir()
        targets = {
            "catalog": (base["project"] + CATALOG, None),
            "limit": (base["limit"] + "/", None),
            "form GET": (form_url, get_script(scripts / "get.lua", session)),
            "peer GET": (peer_url, None),
            "POST": (
                form_url,
                post_script(scripts / "post.lua", project_post, project_cookie),
            ),
            "peer POST": (
                peer_url,
                post_script(scripts / "peer_post.lua", peer_post, peer_cookie),
            ),
        }
        print(
            "Catalog: %d bytes of HTML. %d rounds of %d s, %d connections, interleaved."
            % (len(catalog), args.rounds, args.duration, args.connections),
            flush=True,
        )
        results: dict[str, list[dict]] = {name: [] for name in targets}
        for round_number in range(args.rounds):
            for name, (url, script) in targets.items():
                results[name].append(wrk(url, script, args.duration, args.connections))
            print("  round %d done" % (round_number + 1), flush=True)

        print("\n%-10s %10s %10s %10s %8s" % ("", "req/s", "p50 ms", "p99 ms", "errors"))
        median = {}
        for name, runs in results.items():
            median[name] = statistics.median(r["rps"] for r in runs)
            print(
                "%-10s %10.1f %10.1f %10.1f %8d"
                % (
                    name,
                    median[name],
                    statistics.median(r["p50"] for r in runs),
                    statistics.median(r["p99"] for r in runs),
                    sum(r["errors"] for r in runs),
                )
            )
        print("\nRatios (median req/s):")
        for label, a, b in [
            ("catalog / limit", "catalog", "limit"),
            ("form GET / peer GET", "form GET", "peer GET"),
            ("POST / peer POST", "POST", "peer POST"),
        ]:
            print("  %-22s %.3f" % (label, median[a] / median[b]))
        served = sum(
            r["requests"] for name in ("catalog", "form GET", "POST") for r in results[name]
        )
        memory = worker_memory(servers["project"])
        print(
            "\nProject workers after %d requests: %s MiB resident (peer's: %s MiB)."
            % (
                served,
                ", ".join("%.0f" % (kib / 1024) for kib in memory),
                ", ".join("%.0f" % (kib / 1024) for kib in worker_memory(servers["peer"])),
            )
        )
        print(
            "Database: %s. Took %.0f s."
            % (
                "PostgreSQL" if project_env["DATABASE_URL"].startswith("postgres") else "SQLite",
                time.monotonic() - started,
            )
        )
    finally:
        for server in servers.values():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGTERM)
        for server in servers.values():
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
