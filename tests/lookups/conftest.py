"""Builders for the lookup tests: a bills dataset, generated bills as CSV, and a fake JSON
service on 127.0.0.1 so the HTTP source is tested over real sockets without the internet."""

import csv
import io
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jdatetime
import pytest
from django.utils import translation

from eservices.core.persian import to_persian_digits
from eservices.formbuilder.validators import bill_id_check_digit
from eservices.lookups.models import Dataset

BILL_COLUMNS = [
    {"key": "bill_id", "label": "شناسه قبض", "type": "text"},
    {"key": "period", "label": "دوره", "type": "text"},
    {"key": "consumption", "label": "مصرف (کیلووات ساعت)", "type": "number"},
    {"key": "amount", "label": "مبلغ (ریال)", "type": "money"},
    {"key": "due_date", "label": "مهلت پرداخت", "type": "jalali_date"},
    {"key": "issued", "label": "تاریخ صدور", "type": "date"},
]
# The file also carries a column the dataset does not declare; it is ignored.
BILL_HEADER = ["bill_id", "period", "consumption", "amount", "due_date", "issued", "customer"]


def bill_id(number: int) -> str:
    """A valid 11-digit bill ID, different for each ``number``."""
    body = "%010d" % (3_141_592_000 + number * 7)
    return body + str(bill_id_check_digit(body))


def make_bill(number: int) -> dict[str, object]:
    month = 1 + number % 12
    day = 1 + number % 29
    consumption = 100 + number % 900
    return {
        "bill_id": bill_id(number),
        "period": "1403-%02d" % month,
        "consumption": consumption,
        "amount": consumption * 12_500 + number,
        "due_date": jdatetime.date(1403, month, day),
        "issued": jdatetime.date(1403, month, 1).togregorian(),
        "customer": "مشترک %d" % number,
    }


def bill_cells(bill: dict[str, object], persian: bool = False) -> list[str]:
    """A bill as a CSV line: amounts grouped by commas, due dates Jalali, issue dates ISO;
    with ``persian`` every digit is Persian, as Excel on a Persian Windows may write them."""
    cells = [
        bill["bill_id"],
        bill["period"],
        str(bill["consumption"]),
        "{:,}".format(bill["amount"]),
        bill["due_date"].strftime("%Y/%m/%d"),
        bill["issued"].isoformat(),
        bill["customer"],
    ]
    return [to_persian_digits(cell) for cell in cells] if persian else cells


def csv_bytes(lines: list[list[str]], *, bom: bool = False, newline: str = "\r\n") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=newline).writerows(lines)
    return ("\ufeff" if bom else "").encode() + buffer.getvalue().encode("utf-8")


@pytest.fixture(autouse=True)
def _english():
    """Messages are compared in English, whatever the site's language."""
    with translation.override("en"):
        yield


@pytest.fixture
def dataset(db) -> Dataset:
    return Dataset.objects.create(
        name="قبوض برق تیر ۱۴۰۳", key_column="bill_id", columns=BILL_COLUMNS
    )


@pytest.fixture
def bills() -> list[dict[str, object]]:
    return [make_bill(number) for number in range(1000)]


@pytest.fixture
def bills_csv(bills) -> bytes:
    """The 1,000 bills with a header; every third line in Persian digits."""
    lines = [BILL_HEADER] + [
        bill_cells(bill, persian=number % 3 == 0) for number, bill in enumerate(bills)
    ]
    return csv_bytes(lines)


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "application/json"})
    #: Leave out Content-Length and end the body by closing the connection.
    close_delimited: bool = False


def json_answer(document: object, status: int = 200) -> Answer:
    return Answer(status=status, body=json.dumps(document, ensure_ascii=False).encode())


@dataclass
class Received:
    path: str
    headers: dict[str, str]


class FakeApi:
    """An HTTP server on a random port of 127.0.0.1 that records the requests it gets and
    answers each with ``self.reply``."""

    def __init__(self) -> None:
        self.reply = Answer()
        self.received: list[Received] = []
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

    def close(self) -> None:
        self.released.set()
        self.server.shutdown()
        self.server.server_close()

    def handler_class(self) -> type[BaseHTTPRequestHandler]:
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                api.received.append(Received(self.path, dict(self.headers.items())))
                answer = api.reply
                if answer.delay:
                    api.released.wait(answer.delay)
                try:
                    self.send_response(answer.status)
                    for name, value in answer.headers.items():
                        self.send_header(name, value)
                    if answer.close_delimited:
                        self.send_header("Connection", "close")
                        self.close_connection = True
                    else:
                        self.send_header("Content-Length", str(len(answer.body)))
                    self.end_headers()
                    self.wfile.write(answer.body)
                except OSError:
                    pass  # the client gave up waiting

            def log_message(self, format, *args):  # noqa: A002
                pass

        return Handler


@pytest.fixture
def api(monkeypatch):
    """The fake service, with proxies bypassed so nothing leaves the machine."""
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    fake = FakeApi()
    yield fake
    fake.close()


@pytest.fixture
def bills_api(api, settings) -> FakeApi:
    """ESERVICES_LOOKUP_HTTP_SOURCES names one service, "bills", served by the fake API."""
    settings.ESERVICES_LOOKUP_HTTP_SOURCES = {
        "bills": {
            "verbose_name": "Electricity bills",
            "url": api.url + "/api/bills/{bill_id}?period={period}",
            "timeout": 1,
            "headers": {"Authorization": "Bearer test-token-41"},
            "found_path": "ok",
            "mapping": [
                {"path": "data.bill_id", "label": "شناسه قبض"},
                {"path": "data.consumption", "label": "مصرف", "type": "number"},
                {"path": "data.amount", "label": "مبلغ", "type": "money"},
                {"path": "data.due", "label": "مهلت پرداخت", "type": "jalali_date"},
                {"path": "data.issued", "label": "تاریخ صدور", "type": "date"},
                {"path": "data.note", "label": "توضیح", "optional": True},
            ],
        }
    }
    return api
