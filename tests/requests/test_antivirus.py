"""Attachments are scanned by clamd over INSTREAM; an outage means "pending", never "clean" (R6)."""

import io
import socket
import struct
import tempfile
import threading
import time
from pathlib import Path

import pytest

from eservices.core.files.antivirus import CHUNK_SIZE, ScanResult, scan


class FakeClamd:
    """A clamd that checks the INSTREAM framing, keeps what it got and gives a set answer.

    ``reply`` None means it reads the whole stream and then says nothing.
    """

    def __init__(self, server: socket.socket, reply: bytes | None):
        self.server = server
        self.reply = reply
        self.command = b""
        self.chunks: list[bytes] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    @property
    def received(self) -> bytes:
        return b"".join(self.chunks)

    def serve(self) -> None:
        self.server.settimeout(5)
        connection, _ = self.server.accept()
        with connection:
            stream = connection.makefile("rb")
            while not self.command.endswith(b"\0"):
                self.command += stream.read(1)
            while True:
                (length,) = struct.unpack("!L", stream.read(4))
                if length == 0:
                    break
                self.chunks.append(stream.read(length))
            if self.reply is None:
                self.stop.wait(5)
            else:
                connection.sendall(self.reply + b"\0")

    def close(self) -> None:
        self.stop.set()
        self.thread.join(5)
        self.server.close()


@pytest.fixture
def socket_dir():
    # Unix socket paths are limited to about 100 characters; pytest's tmp_path can be longer.
    with tempfile.TemporaryDirectory(prefix="clamd") as path:
        yield Path(path)


@pytest.fixture
def clamd(settings, socket_dir):
    """Start a fake clamd on a Unix socket and point ESERVICES_CLAMD_SOCKET at it."""
    started = []

    def start(reply: bytes | None) -> FakeClamd:
        path = socket_dir / "clamd.sock"
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        server.bind(str(path))
        server.listen(1)
        settings.ESERVICES_CLAMD_SOCKET = str(path)
        settings.ESERVICES_CLAMD_TIMEOUT = 0.5
        fake = FakeClamd(server, reply)
        started.append(fake)
        return fake

    yield start
    for fake in started:
        fake.close()


def test_without_a_scanner_files_are_unscanned(settings):
    settings.ESERVICES_CLAMD_SOCKET = None

    assert scan(io.BytesIO(b"anything")) == (ScanResult.UNSCANNED, "")


def test_a_clean_answer_means_clean_and_the_whole_file_was_sent_in_chunks(clamd):
    fake = clamd(b"stream: OK")
    content = bytes(range(256)) * 1000  # several INSTREAM chunks
    fileobj = io.BytesIO(content)
    fileobj.seek(100)

    result = scan(fileobj)

    assert result == (ScanResult.CLEAN, "")
    fake.thread.join(5)
    assert fake.command == b"zINSTREAM\0"
    assert fake.received == content
    assert len(fake.chunks) > 1
    assert max(len(chunk) for chunk in fake.chunks) <= CHUNK_SIZE
    assert fileobj.tell() == 0


def test_a_found_answer_means_infected_with_the_signature_name(clamd):
    clamd(b"stream: Eicar-Test-Signature FOUND")
    fileobj = io.BytesIO(b"pretend this is malware")

    assert scan(fileobj) == (ScanResult.INFECTED, "Eicar-Test-Signature")
    assert fileobj.tell() == 0


def test_a_scanner_that_never_answers_leaves_the_file_pending(clamd):
    clamd(None)
    fileobj = io.BytesIO(b"%PDF-1.4 ...")

    started = time.monotonic()
    result, detail = scan(fileobj)

    assert result == ScanResult.PENDING
    assert detail == "scanner timed out"
    assert time.monotonic() - started < 2
    assert fileobj.tell() == 0


def test_an_error_answer_leaves_the_file_pending(clamd):
    clamd(b"INSTREAM size limit exceeded. ERROR")

    result, detail = scan(io.BytesIO(b"x" * 10))

    assert result == ScanResult.PENDING
    assert "size limit exceeded" in detail


def test_an_unreachable_scanner_leaves_the_file_pending(settings, socket_dir):
    settings.ESERVICES_CLAMD_SOCKET = str(socket_dir / "nobody-listens.sock")
    fileobj = io.BytesIO(b"data")
    fileobj.seek(2)

    result, detail = scan(fileobj)

    assert result == ScanResult.PENDING
    assert detail.startswith("scanner unavailable")
    assert fileobj.tell() == 0


def test_clamd_over_tcp_is_supported(settings):
    server = socket.create_server(("127.0.0.1", 0))
    host, port = server.getsockname()
    settings.ESERVICES_CLAMD_SOCKET = "tcp://%s:%s" % (host, port)
    settings.ESERVICES_CLAMD_TIMEOUT = 0.5
    fake = FakeClamd(server, b"stream: OK")
    try:
        assert scan(io.BytesIO(b"hello")) == (ScanResult.CLEAN, "")
        fake.thread.join(5)
        assert fake.received == b"hello"
    finally:
        fake.close()


def test_a_result_compares_equal_to_its_stored_value():
    assert ScanResult.PENDING == "pending"
    assert ScanResult("clean") is ScanResult.CLEAN
