"""The real services of the fault tests, each a process of the test's own: a PostgreSQL
cluster (initdb into a temporary folder, its own port), a redis-server, gunicorn and the task
worker, started, stopped, killed and restarted at will. Only loopback addresses are used."""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(predicate, timeout: float, what: str, every: float = 0.1):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError("timed out after %s s waiting for %s" % (timeout, what))


def pg_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not found:
        raise RuntimeError("PostgreSQL's server binaries are not installed")
    return found[-1].parent


class Postgres:
    """A cluster of our own, so that restarting it harms no one else's tests."""

    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="eservices-faults-pg-"))
        self.port = free_port()
        self.data = self.dir / "data"
        shutil.chown(self.dir, "postgres", "postgres")
        self.run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")
        self.start()
        self.psql("CREATE DATABASE eservices")
        self.url = "postgres://postgres@127.0.0.1:%d/eservices" % self.port

    def run(self, tool: str, *args: str) -> None:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", str(pg_bin() / tool), *args],
            check=True,
            capture_output=True,
            cwd=self.dir,
        )

    def options(self) -> str:
        return "-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off" % (self.port, self.dir)

    def start(self) -> None:
        self.run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            self.options(),
            "-l",
            str(self.dir / "log"),
            "-w",
            "start",
        )

    def restart(self, mode: str = "immediate") -> None:
        self.run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            self.options(),
            "-l",
            str(self.dir / "log"),
            "-m",
            mode,
            "-w",
            "restart",
        )

    def stop(self) -> None:
        self.run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)

    def psql(self, sql: str, database: str = "postgres") -> str:
        done = subprocess.run(
            [
                str(pg_bin().parent / "bin" / "psql") if (pg_bin() / "psql").exists() else "psql",
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "-d",
                database,
                "-At",
                "-c",
                sql,
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        return done.stdout.strip()

    def query(self, sql: str) -> list[list[str]]:
        out = self.psql(sql, "eservices")
        return [line.split("|") for line in out.splitlines() if line]


class Redis:
    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="eservices-faults-redis-"))
        self.port = free_port()
        self.url = "redis://127.0.0.1:%d/0" % self.port
        self.process = None
        self.start()

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_until(self.answers, 10, "redis-server")

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)

    def stop(self) -> None:
        self.kill()
        shutil.rmtree(self.dir, ignore_errors=True)


class Service:
    """A process of the site (gunicorn or the worker) with the stack's environment."""

    def __init__(self, args: list[str], env: dict, log: Path):
        self.args, self.env, self.log = args, env, log
        self.process = None

    def start(self, **extra_env: str) -> None:
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                self.args,
                env={**self.env, **extra_env},
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, sig)
            self.process.wait(30)

    def running(self) -> bool:
        return bool(self.process) and self.process.poll() is None


class Stack:
    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.sms_dir = tmp / "sms"
        self.sms_dir.mkdir()
        self.pg = Postgres()
        try:
            self.redis = Redis()
        except BaseException:
            self.pg.stop()
            raise
        self.port = free_port()
        self.base = "http://127.0.0.1:%d" % self.port
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("PYTEST")},
            "DJANGO_SETTINGS_MODULE": "tests.faults.settings",
            "DATABASE_URL": self.pg.url,
            "DATABASE_CONN_MAX_AGE": "60",
            "REDIS_URL": self.redis.url,
            "SECRET_KEY": "faults-not-secret-" + "x" * 40,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "WAGTAILADMIN_BASE_URL": self.base,
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            "SECURE_HSTS_SECONDS": "0",
            "MEDIA_ROOT": str(tmp / "media"),
            "PRIVATE_MEDIA_ROOT": str(tmp / "private"),
            "FAULTS_SMS_DIR": str(self.sms_dir),
            "PYTHONDONTWRITEBYTECODE": "1",
            "GUNICORN_BIND": "127.0.0.1:%d" % self.port,
            "WEB_CONCURRENCY": "3",
            "GUNICORN_LOG_LEVEL": "warning",
        }
        self.web = Service(
            [str(BIN / "gunicorn"), "-c", "cms_site/gunicorn.conf.py"],
            self.env,
            tmp / "gunicorn.log",
        )
        self.worker = Service(
            [
                str(BIN / "python"),
                "manage.py",
                "db_worker",
                "--interval",
                "0.2",
                "--no-startup-delay",
                "--no-reload",
            ],
            self.env,
            tmp / "worker.log",
        )

    def start(self) -> None:
        """Migrate, load the demo desk and start gunicorn (the worker starts per test)."""
        self.manage("migrate", "--no-input")
        self.manage("load_demo_desk")
        self.web.start()
        wait_until(lambda: self.get("/healthz/web")[0] == 200, 90, "gunicorn's /healthz/web")

    def manage(self, *args: str) -> str:
        done = subprocess.run(
            [str(BIN / "python"), "manage.py", *args],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        if done.returncode:
            raise RuntimeError("manage.py %s failed:\n%s" % (args[0], done.stderr[-3000:]))
        return done.stdout

    def prepare(self) -> dict:
        """A verified citizen's session and the complaint's POST data (tests/faults/prepare.py)."""
        out = subprocess.run(
            [str(BIN / "python"), str(Path(__file__).with_name("prepare.py"))],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        if out.returncode:
            raise RuntimeError(out.stderr[-3000:])
        return json.loads(out.stdout.strip().splitlines()[-1])

    def set_sms(self, mode: str) -> None:
        (self.sms_dir / "mode").write_text(mode)

    def sms_calls(self) -> list[str]:
        try:
            return (self.sms_dir / "calls").read_text().splitlines()
        except FileNotFoundError:
            return []

    def outbox(self) -> list[dict]:
        sys.path.insert(0, str(ROOT))
        os.environ["FAULTS_SMS_DIR"] = str(self.sms_dir)
        from tests.faults.sms_backend import outbox

        return outbox()

    def get(self, path: str, cookie: str = "") -> tuple[int, str, dict]:
        request = urllib.request.Request(
            self.base + path, headers={"Cookie": cookie} if cookie else {}
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.read().decode(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace"), dict(error.headers)
        except OSError as error:
            return 0, str(error), {}

    def post(self, path: str, data: dict, cookie: str) -> tuple[int, str, str]:
        """One form POST, redirects not followed: its status, Location and body."""
        request = urllib.request.Request(
            self.base + path,
            data=urllib.parse.urlencode(data).encode(),
            headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
        )
        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(request, timeout=30) as response:
                return (
                    response.status,
                    response.headers.get("Location", ""),
                    response.read().decode(),
                )
        except urllib.error.HTTPError as error:
            return (
                error.code,
                error.headers.get("Location", ""),
                error.read().decode(errors="replace"),
            )
        except OSError as error:
            return 0, "", str(error)

    def csrf(self, path: str, cookie: str) -> tuple[str, str]:
        """The cookie header with the CSRF cookie added, and the form's token."""
        request = urllib.request.Request(self.base + path, headers={"Cookie": cookie})
        with urllib.request.urlopen(request, timeout=30) as response:
            html = response.read().decode()
            jar = SimpleCookie()
            for header in response.headers.get_all("Set-Cookie") or []:
                jar.load(header)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        csrf_cookie = jar["csrftoken"].value if "csrftoken" in jar else ""
        return "%s; csrftoken=%s" % (cookie, csrf_cookie), token

    def citizen(self) -> dict:
        """A verified citizen ready to send the complaint: cookie, POST data (token in), path."""
        citizen = self.prepare()
        citizen["cookie"], token = self.csrf(citizen["path"], citizen["cookie"])
        citizen["data"]["csrfmiddlewaretoken"] = token
        return citizen

    def submit(self, citizen: dict) -> tuple[int, str]:
        """Send the complaint; the status and the tracking number shown (from the receipt's
        address), "" when none was."""
        status, location, _body = self.post(citizen["path"], citizen["data"], citizen["cookie"])
        found = re.search(r"/receipt/(\d+)/", location) if status == 302 else None
        return status, found.group(1) if found else ""

    def stop(self) -> None:
        for service in (self.worker, self.web):
            service.kill(signal.SIGKILL)
        self.redis.stop()
        self.pg.stop()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
