"""An SMS provider that fails, hangs or holds on demand, for the fault tests.

Its state is files in ``FAULTS_SMS_DIR``, so that a test steers the backend inside its own
gunicorn and worker processes:

* ``mode``: ``ok`` (default) sends; ``fail`` answers like a provider that is down (a
  retryable error); ``hang`` waits ``ESERVICES_SMS_TIMEOUT`` seconds and then fails as the HTTP
  backends' timeout does; ``hold`` blocks before sending and ``accept-hold`` blocks after
  sending, both until the mode changes (the test kills the worker meanwhile).
* ``calls``: one line per call (the message's reference), ``entered``: written when a call
  starts to block, ``outbox.jsonl``: one JSON line per message the "provider" accepted.

``FaultySmsBackend.was_sent(reference)`` answers from the outbox, as a provider with local ids
(Kavenegar's ``localid``) can; ``BlindSmsBackend`` cannot tell.
"""

import json
import os
import time
from pathlib import Path

from sms.backends.base import BaseSmsBackend

from eservices.conf import settings
from eservices.sms.backends import SmsSendError


def folder() -> Path:
    return Path(os.environ["FAULTS_SMS_DIR"])


def mode() -> str:
    try:
        return (folder() / "mode").read_text().strip() or "ok"
    except FileNotFoundError:
        return "ok"


def append(name: str, line: str) -> None:
    with open(folder() / name, "a", encoding="utf-8") as out:
        out.write(line + "\n")
        out.flush()
        os.fsync(out.fileno())


def outbox() -> list[dict]:
    try:
        text = (folder() / "outbox.jsonl").read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def hold(while_mode: str) -> None:
    (folder() / "entered").write_text(str(os.getpid()))
    end = time.monotonic() + 120
    while mode() == while_mode and time.monotonic() < end:
        time.sleep(0.05)


class FaultySmsBackend(BaseSmsBackend):
    def send_messages(self, messages) -> int:
        sent = 0
        for message in messages:
            reference = getattr(message, "reference", None) or ""
            for recipient in message.recipients:
                append("calls", reference)
                now = mode()
                if now == "fail":
                    raise SmsSendError("The test provider is down (503).", retryable=True)
                if now == "hang":
                    time.sleep(settings.ESERVICES_SMS_TIMEOUT)
                    raise SmsSendError("The test provider did not answer in time.", retryable=True)
                if now == "hold":
                    hold("hold")
                record = {"reference": reference, "to": recipient, "body": message.body}
                append("outbox.jsonl", json.dumps(record, ensure_ascii=False))
                if now == "accept-hold":
                    hold("accept-hold")
                sent += 1
        return sent

    def was_sent(self, reference: str) -> bool:
        return any(entry["reference"] == reference for entry in outbox())


class BlindSmsBackend(FaultySmsBackend):
    """The same provider, without a way to ask what it accepted."""

    was_sent = None
