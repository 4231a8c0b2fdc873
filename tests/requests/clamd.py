"""A real ClamAV daemon for the antivirus tests (docs/security.md R6).

Debian's ``clamd`` (package clamav-daemon; ``make clamav-deps`` installs it as root) is started
in a temporary folder with a configuration and a signature database the tests write: the EICAR
test file's MD5 as a custom ``.hdb`` signature, plus the MD5s of files a test names. No
freshclam and no network; a database of a few signatures loads in well under a second.

Without clamd the tests skip with the reason, except in CI (``CI`` set), where they fail: CI
runs as root and installs it.
"""

import hashlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

# The EICAR anti-virus test file (eicar.org): harmless, and detected by every scanner. It is
# assembled here so that this source file itself is not flagged.
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!" + b"$H+H*"
EICAR_SIGNATURE = "Eicar-Test-Signature"
# clamd reports signatures from a custom database with this suffix.
UNOFFICIAL = ".UNOFFICIAL"

CANDIDATES = ("clamd", "/usr/sbin/clamd")


def clamd_binary() -> str:
    """The path of clamd; skips the test without it, or fails it in CI."""
    for candidate in CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    reason = (
        "clamd is not installed; as root, `make clamav-deps` installs Debian's clamav-daemon "
        "(apt-get install clamav-daemon)"
    )
    if os.environ.get("CI"):
        pytest.fail("CI must install clamd: " + reason)
    pytest.skip(reason)


def free_tcp_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Clamd:
    """One clamd process with its own folder, Unix socket, TCP port and database."""

    def __init__(self, signatures: dict[str, bytes] | None = None):
        self.binary = clamd_binary()
        # Unix socket paths are limited to about 100 characters: a short folder under /tmp.
        self.folder = Path(tempfile.mkdtemp(prefix="clamd-"))
        self.socket_path = self.folder / "clamd.sock"
        self.port = free_tcp_port()
        self.log = self.folder / "clamd.log"
        self.process: subprocess.Popen | None = None
        (self.folder / "db").mkdir()
        (self.folder / "tmp").mkdir()
        rows = [self.hash_signature(EICAR_SIGNATURE, EICAR)]
        rows += [self.hash_signature(name, data) for name, data in (signatures or {}).items()]
        (self.folder / "db" / "tests.hdb").write_text("".join(rows))
        (self.folder / "clamd.conf").write_text(
            "\n".join(
                [
                    "DatabaseDirectory %s" % (self.folder / "db"),
                    "TemporaryDirectory %s" % (self.folder / "tmp"),
                    "LocalSocket %s" % self.socket_path,
                    "TCPSocket %d" % self.port,
                    "TCPAddr 127.0.0.1",
                    "LogFile %s" % self.log,
                    "PidFile %s" % (self.folder / "clamd.pid"),
                    "Foreground yes",
                    # The uploads' limit is 5 MB; keep clamd's well above it.
                    "StreamMaxLength 25M",
                    "",
                ]
            )
        )

    @staticmethod
    def hash_signature(name: str, data: bytes) -> str:
        """One ``.hdb`` line: MD5:size:name."""
        return "%s:%d:%s\n" % (hashlib.md5(data).hexdigest(), len(data), name)  # noqa: S324

    @property
    def tcp_address(self) -> str:
        return "tcp://127.0.0.1:%d" % self.port

    def start(self, timeout: float = 60) -> "Clamd":
        self.process = subprocess.Popen(  # noqa: S603
            [self.binary, "--config-file=%s" % (self.folder / "clamd.conf")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(
                    "clamd exited with %s:\n%s" % (self.process.returncode, self.log_text())
                )
            if self.answers("PING") == "PONG":
                return self
            time.sleep(0.05)
        self.stop()
        pytest.fail("clamd did not answer PING within %s s:\n%s" % (timeout, self.log_text()))

    def answers(self, command: str) -> str | None:
        """clamd's reply to a ``z``-command over the Unix socket, or None if it cannot."""
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
                client.settimeout(2)
                client.connect(str(self.socket_path))
                client.sendall(b"z" + command.encode() + b"\0")
                return client.recv(1024).split(b"\0", 1)[0].decode()
        except OSError:
            return None

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else "(no log)"
