"""Scanning attachments with ClamAV before staff can open them (docs/security.md R6).

``scan()`` speaks clamd's INSTREAM protocol over a Unix or TCP socket, with no extra library.
A scanner that is configured but cannot answer in time leaves the file PENDING, never CLEAN: the
caller keeps it closed to staff and scans it again later.
"""

import enum
import logging
import socket
import struct
import time
from typing import IO

from eservices.conf import settings

logger = logging.getLogger(__name__)

# Bytes sent to clamd per INSTREAM chunk; well under clamd's default StreamMaxLength.
CHUNK_SIZE = 64 * 1024

# The longest reply read from clamd; a real one is a line naming at most one signature.
_MAX_REPLY = 4096


class ScanResult(enum.StrEnum):
    """What a scan found. Only CLEAN means a file may be shown to staff."""

    CLEAN = "clean"
    INFECTED = "infected"
    # A scanner is configured but did not answer (down, unreachable, timed out, erred).
    PENDING = "pending"
    # No scanner is configured (ESERVICES_CLAMD_SOCKET is None).
    UNSCANNED = "unscanned"


def scan(fileobj: IO[bytes]) -> tuple[ScanResult, str]:
    """Scan a binary file with clamd; return the result and a detail for staff and logs.

    The detail is the signature name when INFECTED, the reason when PENDING, else empty. The
    file is read from its start and rewound afterwards. Errors never escape: they mean PENDING.
    """
    address = settings.ESERVICES_CLAMD_SOCKET
    if not address:
        return ScanResult.UNSCANNED, ""
    try:
        fileobj.seek(0)
        reply = _instream(address, fileobj, float(settings.ESERVICES_CLAMD_TIMEOUT))
    except (OSError, ValueError) as error:
        logger.warning("clamd at %s did not scan a file: %r", address, error)
        return ScanResult.PENDING, _describe(error)
    finally:
        fileobj.seek(0)
    return _parse_reply(reply)


def _describe(error: Exception) -> str:
    if isinstance(error, TimeoutError | socket.timeout):
        return "scanner timed out"
    return ("scanner unavailable: %s" % error)[:200]


def _parse_reply(reply: str) -> tuple[ScanResult, str]:
    if reply == "stream: OK":
        return ScanResult.CLEAN, ""
    if reply.startswith("stream: ") and reply.endswith(" FOUND"):
        return ScanResult.INFECTED, reply.removeprefix("stream: ").removesuffix(" FOUND")[:200]
    logger.warning("clamd gave an unexpected answer: %r", reply)
    return ScanResult.PENDING, ("scanner answered: %s" % reply)[:200]


def _connect(address: str, timeout: float) -> socket.socket:
    """A connected socket to ``tcp://host:port``, or to a Unix socket path."""
    if address.startswith("tcp://"):
        host, _, port = address.removeprefix("tcp://").rpartition(":")
        return socket.create_connection((host.strip("[]"), int(port)), timeout=timeout)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    try:
        sock.connect(address.removeprefix("unix://"))
    except BaseException:
        sock.close()
        raise
    return sock


def _instream(address: str, fileobj: IO[bytes], timeout: float) -> str:
    """Send the file with ``zINSTREAM`` and return clamd's reply, within ``timeout`` in all."""
    deadline = time.monotonic() + timeout

    def remaining() -> float:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("clamd took longer than %s s" % timeout)
        return left

    with _connect(address, timeout) as sock:
        sock.settimeout(remaining())
        sock.sendall(b"zINSTREAM\0")
        while chunk := fileobj.read(CHUNK_SIZE):
            sock.settimeout(remaining())
            sock.sendall(struct.pack("!L", len(chunk)) + chunk)
        sock.settimeout(remaining())
        sock.sendall(struct.pack("!L", 0))
        reply = b""
        while b"\0" not in reply and len(reply) < _MAX_REPLY:
            sock.settimeout(remaining())
            data = sock.recv(_MAX_REPLY)
            if not data:
                break
            reply += data
    return reply.split(b"\0", 1)[0].decode("utf-8", "replace").strip()
