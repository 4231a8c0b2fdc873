"""A fake SMS provider: an HTTP server on 127.0.0.1 that records requests and answers from a
script, so the backends are tested over real sockets without reaching the internet."""

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
import sms

API_KEY = "test-api-key-5f3a9c"
NUMBER = "09123456789"
MASKED = "0912***6789"


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)


def kavenegar_answer(status: int = 200, http_status: int | None = None) -> Answer:
    """An answer shaped like Kavenegar's, by default a success."""
    document = {
        "return": {"status": status, "message": "تایید شد" if status == 200 else "خطا"},
        "entries": [{"messageid": 8792343, "status": 1}] if status == 200 else None,
    }
    return Answer(
        status=status if http_status is None else http_status,
        body=json.dumps(document).encode(),
        headers={"Content-Type": "application/json"},
    )


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def url_path(self) -> str:
        return urlsplit(self.path).path

    @property
    def query(self) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.path).query, keep_blank_values=True)

    @property
    def form(self) -> dict[str, list[str]]:
        return parse_qs(self.body.decode("ascii"), keep_blank_values=True)

    @property
    def json(self) -> dict:
        return json.loads(self.body.decode("utf-8"))


class FakeProvider:
    """Answers each request with the next scripted Answer; the last one repeats."""

    def __init__(self) -> None:
        self.script: list[Answer] = [Answer()]
        self.received: list[Received] = []
        self.lock = threading.Lock()
        self.released = threading.Event()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler_class())
        self.server.daemon_threads = True
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return "http://%s:%d" % (host, port)

    def answer(self, *answers: Answer) -> None:
        self.script = list(answers)

    def next_answer(self, received: Received) -> Answer:
        with self.lock:
            self.received.append(received)
            return self.script.pop(0) if len(self.script) > 1 else self.script[0]

    def close(self) -> None:
        self.released.set()
        self.server.shutdown()
        self.server.server_close()

    def handler_class(self) -> type[BaseHTTPRequestHandler]:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def handle_any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                answer = provider.next_answer(
                    Received(self.command, self.path, dict(self.headers.items()), body)
                )
                if answer.delay:
                    provider.released.wait(answer.delay)
                try:
                    self.send_response(answer.status)
                    for name, value in answer.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(answer.body)))
                    self.end_headers()
                    self.wfile.write(answer.body)
                except OSError:
                    pass  # the client gave up waiting

            do_GET = do_POST = handle_any

            def log_message(self, format, *args):  # noqa: A002
                pass

        return Handler


@pytest.fixture
def provider(monkeypatch):
    """The fake provider, with proxies bypassed for it so nothing leaves the machine."""
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    fake = FakeProvider()
    yield fake
    fake.close()


@pytest.fixture
def sleeps(monkeypatch):
    """Backoff waits are recorded instead of slept."""
    waited: list[float] = []
    monkeypatch.setattr("eservices.sms.backends.http.time.sleep", waited.append)
    return waited


@pytest.fixture
def sms_settings(settings):
    """Short timeouts for the fake provider; the default retry count and backoff."""
    settings.ESERVICES_SMS_TIMEOUT = 1
    settings.ESERVICES_SMS_RETRIES = 2
    settings.ESERVICES_SMS_RETRY_BACKOFF = 0.5
    return settings


@pytest.fixture
def kavenegar(sms_settings, provider, sleeps):
    """SMS_BACKEND is Kavenegar, pointed at the fake provider."""
    sms_settings.SMS_BACKEND = "eservices.sms.backends.kavenegar.KavenegarSmsBackend"
    sms_settings.ESERVICES_SMS_KAVENEGAR_URL = provider.url
    sms_settings.ESERVICES_SMS_KAVENEGAR_API_KEY = API_KEY
    sms_settings.ESERVICES_SMS_KAVENEGAR_SENDER = "10004346"
    provider.answer(kavenegar_answer())
    return provider


@pytest.fixture
def generic(sms_settings, provider, sleeps):
    """SMS_BACKEND is the generic HTTP backend, POSTing a form to the fake provider."""
    sms_settings.SMS_BACKEND = "eservices.sms.backends.generic.GenericHttpSmsBackend"
    sms_settings.ESERVICES_SMS_HTTP_URL = provider.url + "/api/send"
    sms_settings.ESERVICES_SMS_HTTP_METHOD = "POST"
    sms_settings.ESERVICES_SMS_HTTP_BODY = "form"
    sms_settings.ESERVICES_SMS_HTTP_AUTH_HEADER = "Bearer secret-token-77"
    provider.answer(Answer(status=200, body=b"OK"))
    return provider


@pytest.fixture
def outbox():
    """django-sms's locmem outbox, emptied for the test."""
    sms.outbox = []
    yield sms.outbox
    sms.outbox = []
