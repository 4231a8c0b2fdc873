"""Two app servers behind HAProxy on one machine, one task worker, one PostgreSQL, one Redis.

    DATABASE_URL=postgres://... REDIS_URL=redis://... .venv/bin/python deploy/scale_out.py
    (or ``make scale-out``)  [--port 8410] [--app-ports 8411,8412] [--workers 2]

A rehearsal of docs/operations.md "Scaling out" on one machine: it prepares the database as
``make serve`` does (migrate, the demo desk, collectstatic), then starts one task worker
(``manage.py db_worker``), two gunicorn app servers (``cms_site/gunicorn.conf.py``) on their
own ports and Debian's HAProxy in front of them, round-robin without sticky sessions
(``deploy/haproxy.cfg.template``; the balancer names the answering server in an
``X-Served-By`` header). HAProxy is installed with apt-get when it is missing and this runs
as root. Every process is stopped when the script ends (Ctrl-C or SIGTERM).

Settings as ``make serve`` (cms_site/serve.sh): production settings; DATABASE_URL and
REDIS_URL are required; SECRET_KEY (else the key kept in var/serve-secret-key),
ALLOWED_HOSTS, WAGTAILADMIN_BASE_URL and the HTTPS settings get local values when unset, each
announced. Logs and the HAProxy config go to the scratch folder (``--scratch``, default
var/scale-out). tests/scaleout/ drives the citizen journey through it.
"""

import argparse
import os
import secrets
import shutil
import signal
import string
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TEMPLATE = ROOT / "deploy" / "haproxy.cfg.template"


def say(message: str) -> None:
    print("scale-out: " + message, file=sys.stderr, flush=True)


def haproxy() -> str:
    """The haproxy binary; installed from Debian when missing and running as root."""
    found = shutil.which("haproxy") or shutil.which("haproxy", path="/usr/sbin:/usr/local/sbin")
    if found:
        return found
    if os.geteuid() != 0:
        raise SystemExit("scale-out: HAProxy is missing: sudo apt-get install -y haproxy")
    say("installing Debian's haproxy")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, stdout=subprocess.DEVNULL)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "haproxy"],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    return shutil.which("haproxy", path="/usr/sbin:/usr/bin:/usr/local/sbin")


def environment(port: int, base: dict | None = None) -> dict:
    """Production settings for the app servers and the worker, ``make serve``'s defaults."""
    env = dict(os.environ if base is None else base)
    missing = [name for name in ("DATABASE_URL", "REDIS_URL") if not env.get(name)]
    if missing:
        raise SystemExit(
            "scale-out: set %s first, for example DATABASE_URL=postgres://eservices:PASSWORD"
            "@127.0.0.1:5432/eservices REDIS_URL=redis://127.0.0.1:6379/0 "
            '(docs/operations.md "One machine")' % " and ".join(missing)
        )
    env.setdefault("DJANGO_SETTINGS_MODULE", "cms_site.settings.production")
    if not env.get("SECRET_KEY"):
        kept = ROOT / "var" / "serve-secret-key"
        if not kept.exists() or not kept.read_text().strip():
            kept.parent.mkdir(parents=True, exist_ok=True)
            old = os.umask(0o077)
            try:
                kept.write_text(secrets.token_urlsafe(50) + "\n")
            finally:
                os.umask(old)
        env["SECRET_KEY"] = kept.read_text().strip()
        say("SECRET_KEY is not set: using the key kept in var/serve-secret-key (both servers)")
    defaults = {
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "WAGTAILADMIN_BASE_URL": "http://127.0.0.1:%d" % port,
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
    }
    for name, value in defaults.items():
        if not env.get(name):
            env[name] = value
            say("%s is not set: using %s" % (name, value))
    return env


def answers(url: str, timeout: float = 2) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


class Stack:
    """The balancer, two app servers and a worker as a context manager; ``started`` is how
    long they took to answer (seconds), the preparation (migrate, demo, static) apart."""

    def __init__(
        self,
        scratch: Path,
        port: int = 8410,
        app_ports: tuple[int, ...] = (8411, 8412),
        workers: int = 2,
        env: dict | None = None,
        prepare: bool = True,
    ):
        self.scratch = Path(scratch)
        self.port = port
        self.app_ports = app_ports
        self.workers = workers
        self.env = environment(port, env)
        self.prepare = prepare
        self.processes: dict[str, subprocess.Popen] = {}
        self.prepared = 0.0
        self.started = 0.0
        self.url = "http://127.0.0.1:%d" % port

    def manage(self, *args: str) -> None:
        """A management command of the preparation, its output in prepare.log."""
        log = self.scratch / "prepare.log"
        with log.open("a") as out:
            done = subprocess.run(
                [str(BIN / "python"), "manage.py", *args],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        if done.returncode:
            raise SystemExit("scale-out: manage.py %s failed; see %s" % (args[0], log))

    def spawn(self, name: str, command: list[str], **env) -> None:
        log = (self.scratch / (name + ".log")).open("ab")
        self.processes[name] = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**self.env, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped as a whole
        )
        log.close()

    def wait_until(self, url: str, name: str, seconds: float = 90) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for other, process in self.processes.items():
                if process.poll() is not None:
                    raise RuntimeError(
                        "%s stopped (exit %s); see %s"
                        % (other, process.returncode, self.scratch / (other + ".log"))
                    )
            if answers(url):
                return
            time.sleep(0.2)
        raise RuntimeError("%s did not answer %s within %d s" % (name, url, seconds))

    def haproxy_config(self) -> Path:
        servers = "\n".join(
            "    server app%d 127.0.0.1:%d check inter 2s" % (index, port)
            for index, port in enumerate(self.app_ports, start=1)
        )
        text = string.Template(TEMPLATE.read_text()).substitute(
            bind="127.0.0.1:%d" % self.port, servers=servers
        )
        config = self.scratch / "haproxy.cfg"
        config.write_text(text)
        return config

    def __enter__(self) -> "Stack":
        self.scratch.mkdir(parents=True, exist_ok=True)
        balancer = haproxy()
        begin = time.monotonic()
        try:
            if self.prepare:
                self.manage("migrate", "--noinput")
                self.manage("load_demo_desk")
                self.manage("collectstatic", "--noinput", "--verbosity", "0")
                # Loading the demo queues thousands of search and reference-index updates:
                # run them now, so that the citizens' SMS never wait behind them.
                self.manage("db_worker", "--queue-name", "default", "--batch", "--no-startup-delay")
            self.prepared = time.monotonic() - begin
            begin = time.monotonic()
            self.spawn(
                "worker",
                [str(BIN / "python"), "manage.py", "db_worker", "--queue-name", "default"]
                + ["--interval", "0.5"],
            )
            for index, port in enumerate(self.app_ports, start=1):
                self.spawn(
                    "app%d" % index,
                    [str(BIN / "gunicorn"), "-c", "cms_site/gunicorn.conf.py"],
                    GUNICORN_BIND="127.0.0.1:%d" % port,
                    WEB_CONCURRENCY=str(self.workers),
                )
            for index, port in enumerate(self.app_ports, start=1):
                self.wait_until("http://127.0.0.1:%d/healthz/web" % port, "app%d" % index)
            config = self.haproxy_config()
            subprocess.run([balancer, "-c", "-q", "-f", str(config)], check=True)
            self.spawn("haproxy", [balancer, "-db", "-f", str(config)])
            self.wait_until(self.url + "/healthz/web", "haproxy", 30)
            self.started = time.monotonic() - begin
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """SIGTERM to each process group started here, then SIGKILL to what is left."""
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 20
        for process in self.processes.values():
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.processes.clear()

    def __exit__(self, *exc) -> None:
        self.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8410, help="the balancer's port")
    parser.add_argument("--app-ports", default="8411,8412", help="the app servers' ports")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument("--scratch", default=str(ROOT / "var" / "scale-out"))
    options = parser.parse_args()
    ports = tuple(int(p) for p in options.app_ports.split(","))
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(1))
    with Stack(Path(options.scratch), options.port, ports, options.workers) as stack:
        say(
            "prepared in %.1f s, started in %.1f s: the balancer on %s/ (HAProxy), app servers "
            "on %s, one task worker; logs in %s. Ctrl-C stops them all."
            % (stack.prepared, stack.started, stack.url, options.app_ports, options.scratch)
        )
        try:
            while not stopping:
                for name, process in stack.processes.items():
                    if process.poll() is not None:
                        raise SystemExit(
                            "scale-out: %s stopped (exit %s)" % (name, process.returncode)
                        )
                time.sleep(1)
        except KeyboardInterrupt:
            pass
        say("stopping")


if __name__ == "__main__":
    main()
