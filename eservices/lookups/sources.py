"""The built-in lookup sources: a staff-uploaded dataset, and a remote JSON service.

Both are registered on import (``eservices.lookups.registry`` imports this module on first use).
Neither raises: whatever goes wrong becomes a ``LookupResult`` status with a message for staff
logs, which never names the query's values or a remote URL (URLs may carry keys).
"""

import json
import string
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from decimal import Decimal
from http.client import HTTPException
from urllib.parse import quote, urlsplit

from django.db import DatabaseError
from django.utils.translation import gettext_lazy as _

from eservices.conf import settings

from .models import (
    DATE_TYPES,
    NUMBER_TYPES,
    ColumnType,
    Dataset,
    normalize_key,
    parse_date,
    parse_number,
    python_value,
)
from .registry import FOUND, DataSource, LookupResult, Record, register

#: The longest an operator may let a remote service take, in seconds.
MAX_HTTP_TIMEOUT = 30

#: The largest answer read from a remote service, in bytes; a larger one is an error.
MAX_RESPONSE_BYTES = 1024 * 1024

USER_AGENT = "eservices-lookup"

_READ_CHUNK = 64 * 1024


@register("dataset")
class DatasetSource(DataSource):
    """A row of a ``Dataset`` that staff uploaded, found by its key.

    Config: ``{"dataset_id": <Dataset pk>, "key_field": "<the view form field holding the key>"}``.
    The one record found shows the dataset's declared columns, labelled as declared; numbers
    are ``int`` or ``Decimal``, dates ``datetime.date``, empty cells ``None``.
    """

    verbose_name = _("Uploaded dataset")

    def lookup(self, query: dict[str, str], config: dict) -> LookupResult:
        try:
            dataset_id = int(config["dataset_id"])
            key_field = str(config["key_field"])
        except (KeyError, TypeError, ValueError):
            return LookupResult.error("config needs dataset_id (an integer) and key_field")
        if key_field not in query:
            return LookupResult.error("the view form has no field %r" % key_field)
        key = normalize_key(query[key_field] or "")
        if not key:
            return LookupResult.not_found("the query's %r field is empty" % key_field)
        try:
            dataset = Dataset.objects.filter(pk=dataset_id).first()
            if dataset is None:
                return LookupResult.error("dataset %d does not exist" % dataset_id)
            row = dataset.find(key)
        except DatabaseError as error:
            return LookupResult.error("database error: %s" % type(error).__name__)
        if row is None:
            return LookupResult.not_found()
        try:
            record = [
                (column.label, python_value(column.type, row.data.get(column.key)))
                for column in dataset.column_specs()
            ]
        except (AttributeError, KeyError, TypeError, ValueError, ArithmeticError):
            return LookupResult.error("dataset %d has a malformed row or columns" % dataset_id)
        return LookupResult(FOUND, rows=[record])


class _Missing(Exception):
    """A path names nothing in the answer."""


class SourceError(Exception):
    """The operator's configuration or the remote answer cannot be used; the text, for staff
    logs, says why. ``HttpJsonSource.lookup`` turns it into an ``"error"`` result."""


@dataclass(frozen=True)
class MappedField:
    """One value shown from a remote answer: its dotted path, label, type and whether the
    answer may lack it."""

    path: str
    label: str
    type: str
    optional: bool


@dataclass(frozen=True)
class HttpSourceConfig:
    """One operator-defined remote service, read from ``ESERVICES_LOOKUP_HTTP_SOURCES``."""

    name: str
    url: str
    timeout: float
    mapping: tuple[MappedField, ...]
    found_path: str | None = None
    records_path: str | None = None
    headers: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_settings(cls, name: object) -> "HttpSourceConfig":
        """The source named ``name`` in the setting; ``SourceError`` if absent or malformed."""
        sources = settings.ESERVICES_LOOKUP_HTTP_SOURCES or {}
        config = sources.get(name) if isinstance(name, str) else None
        if not isinstance(config, dict):
            raise SourceError("no HTTP source named %r in ESERVICES_LOOKUP_HTTP_SOURCES" % (name,))
        url = config.get("url")
        parts = urlsplit(url) if isinstance(url, str) else None
        if (
            parts is None
            or parts.scheme not in ("http", "https")
            or not parts.netloc
            or "{" in parts.netloc
        ):
            raise SourceError("HTTP source %r: url must be http(s) with a fixed host" % name)
        try:
            timeout = float(config.get("timeout", settings.ESERVICES_LOOKUP_HTTP_TIMEOUT))
        except (TypeError, ValueError):
            raise SourceError("HTTP source %r: timeout must be a number" % name) from None
        if not timeout > 0:
            raise SourceError("HTTP source %r: timeout must be positive" % name)
        mapping = config.get("mapping")
        if not isinstance(mapping, list) or not mapping:
            raise SourceError("HTTP source %r: mapping must be a non-empty list" % name)
        fields = []
        for item in mapping:
            if (
                not isinstance(item, dict)
                or not isinstance(item.get("path"), str)
                or not isinstance(item.get("label"), str)
                or item.get("type", ColumnType.TEXT) not in ColumnType.values
            ):
                raise SourceError("HTTP source %r: each mapping needs path, label, type" % name)
            fields.append(
                MappedField(
                    path=item["path"],
                    label=item["label"],
                    type=item.get("type", ColumnType.TEXT),
                    optional=bool(item.get("optional", False)),
                )
            )
        headers = config.get("headers") or {}
        if not isinstance(headers, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in headers.items()
        ):
            raise SourceError("HTTP source %r: headers must map names to strings" % name)
        for option in ("found_path", "records_path"):
            if config.get(option) is not None and not isinstance(config[option], str):
                raise SourceError("HTTP source %r: %s must be a string" % (name, option))
        return cls(
            name=name,
            url=url,
            timeout=min(timeout, MAX_HTTP_TIMEOUT),
            mapping=tuple(fields),
            found_path=config.get("found_path"),
            records_path=config.get("records_path"),
            headers=tuple(headers.items()),
        )

    def url_fields(self) -> list[str]:
        try:
            return [field for _, field, _, _ in string.Formatter().parse(self.url) if field]
        except ValueError:
            raise SourceError(
                "HTTP source %r: the url is not a valid template" % self.name
            ) from None

    def format_url(self, quoted: dict[str, str]) -> str:
        try:
            return self.url.format_map(quoted)
        except (KeyError, IndexError, ValueError, AttributeError):
            raise SourceError(
                "HTTP source %r: the url is not a valid template" % self.name
            ) from None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Refuse redirects: the operator named the service's URL, and only that one is asked."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


@register("http_json")
class HttpJsonSource(DataSource):
    """An answer from a remote service that speaks JSON over HTTP(S), such as a billing API.

    Editors cannot enter URLs: the page's config is only ``{"source": "<name>"}``, a name the
    operator defined in ``ESERVICES_LOOKUP_HTTP_SOURCES``::

        ESERVICES_LOOKUP_HTTP_SOURCES = {
            "water_bills": {
                "verbose_name": "Water bills",
                "url": "https://billing.example.ir/api/bills/{bill_id}",
                "timeout": 5,  # seconds, at most 30; ESERVICES_LOOKUP_HTTP_TIMEOUT by default
                "headers": {"Authorization": "Bearer …"},  # optional
                "found_path": "ok",  # optional: a false or missing value means not found
                "records_path": "data.bills",  # optional: a list of records; else one record
                "mapping": [
                    {"path": "amount", "label": "مبلغ", "type": "money"},
                    {"path": "due", "label": "مهلت", "type": "jalali_date", "optional": True},
                ],
            },
        }

    Each ``{field}`` of the URL is replaced by the query's value, URL-quoted, so a value can
    change neither the host nor the path's shape. The request is a GET; redirects are not
    followed. 404 means not found; any other non-2xx answer, a connection error, an answer that
    is not JSON or lacks a mapped path, or one over ``MAX_RESPONSE_BYTES`` is an error; no
    complete answer within the timeout is a timeout.
    """

    verbose_name = _("Remote service (JSON over HTTP)")

    def lookup(self, query: dict[str, str], config: dict) -> LookupResult:
        try:
            source = HttpSourceConfig.from_settings(config.get("source"))
            names = source.url_fields()
            missing = [name for name in names if name not in query]
            if missing:
                return LookupResult.error(
                    "HTTP source %r: the view form has no field %s" % (source.name, missing[0])
                )
            values = {name: normalize_key(query[name] or "") for name in names}
            if not all(values.values()):
                return LookupResult.not_found("the query lacks a value the URL needs")
            url = source.format_url({k: quote(v, safe="") for k, v in values.items()})
            status, body = self.fetch(source, url)
            if status == 404:
                return LookupResult.not_found("HTTP source %r answered 404" % source.name)
            if not 200 <= status < 300:
                return LookupResult.error("HTTP source %r answered HTTP %d" % (source.name, status))
            try:
                document = json.loads(body)
            except (ValueError, RecursionError):
                return LookupResult.error("HTTP source %r answered no JSON" % source.name)
            return self.read_answer(source, document)
        except TimeoutError:
            return LookupResult.timeout(
                "HTTP source %r did not answer in time" % config.get("source")
            )
        except SourceError as error:
            return LookupResult.error(str(error))

    def fetch(self, source: HttpSourceConfig, url: str) -> tuple[int, bytes]:
        """GET ``url``; return the status and the body (empty for an error status).

        Raises ``TimeoutError`` when the whole answer did not come within the source's
        timeout and ``SourceError`` for a connection failure or an answer too large. Override
        it to ask differently (another method, a client certificate); raise the same two.
        """
        request = urllib.request.Request(url, method="GET")
        request.add_header("Accept", "application/json")
        request.add_header("User-Agent", USER_AGENT)
        for name, value in source.headers:
            request.add_header(name, value)
        opener = urllib.request.build_opener(_NoRedirect)
        deadline = time.monotonic() + source.timeout
        try:
            with opener.open(request, timeout=source.timeout) as response:
                length = response.headers.get("Content-Length", "")
                if length.isdigit() and int(length) > MAX_RESPONSE_BYTES:
                    raise SourceError("HTTP source %r: the answer is too large" % source.name)
                return response.status, self._read(source, response, deadline)
        except urllib.error.HTTPError as error:
            error.close()
            return error.code, b""
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                raise TimeoutError from None
            raise SourceError(
                "HTTP source %r could not be reached: %s" % (source.name, _describe(error.reason))
            ) from None
        except (OSError, HTTPException, ValueError) as error:
            if isinstance(error, TimeoutError):
                raise
            raise SourceError(
                "HTTP source %r could not be reached: %s" % (source.name, _describe(error))
            ) from None

    @staticmethod
    def _read(source: HttpSourceConfig, response, deadline: float) -> bytes:
        chunks = []
        size = 0
        while True:
            if time.monotonic() > deadline:
                raise TimeoutError
            chunk = response.read1(_READ_CHUNK)
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > MAX_RESPONSE_BYTES:
                raise SourceError("HTTP source %r: the answer is too large" % source.name)
            chunks.append(chunk)

    def read_answer(self, source: HttpSourceConfig, document: object) -> LookupResult:
        """The records of a JSON answer, by the source's paths and mapping."""
        if source.found_path is not None:
            try:
                if not _at(document, source.found_path):
                    return LookupResult.not_found()
            except _Missing:
                return LookupResult.not_found()
        if source.records_path is not None:
            try:
                records = _at(document, source.records_path)
            except _Missing:
                return LookupResult.error("HTTP source %r: no records_path" % source.name)
            if not isinstance(records, list):
                return LookupResult.error("HTTP source %r: records are no list" % source.name)
            if not records:
                return LookupResult.not_found()
        else:
            records = [document]
        rows = []
        for record in records:
            row: Record = []
            for field in source.mapping:
                try:
                    value = _at(record, field.path)
                except _Missing:
                    if not field.optional:
                        return LookupResult.error(
                            "HTTP source %r: the answer lacks %r" % (source.name, field.path)
                        )
                    value = None
                try:
                    row.append((field.label, _convert(field.type, value)))
                except (TypeError, ValueError, ArithmeticError):
                    return LookupResult.error(
                        "HTTP source %r: %r is not a %s" % (source.name, field.path, field.type)
                    )
            rows.append(row)
        return LookupResult(FOUND, rows=rows)


def _at(value: object, path: str) -> object:
    """The part of a JSON document at a dotted path (``data.bills.0.amount``); "" is all."""
    for part in path.split(".") if path else ():
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            raise _Missing(path)
    return value


def _convert(column_type: str, value: object) -> object:
    """A JSON value as a column of ``column_type`` shows it; ``ValueError`` if it does not fit."""
    if value is None or value == "":
        return None
    if isinstance(value, dict | list | bool):
        raise ValueError("not a scalar")
    if column_type in NUMBER_TYPES:
        text = format(Decimal(str(value)), "f") if isinstance(value, int | float) else str(value)
        return python_value(column_type, parse_number(text))
    if column_type in DATE_TYPES:
        return parse_date(str(value))
    return str(value)


def _describe(reason: object) -> str:
    """A short, URL-free description of a network failure."""
    if isinstance(reason, OSError) and reason.strerror:
        return "%s (%s)" % (type(reason).__name__, reason.strerror)
    return type(reason).__name__ if isinstance(reason, BaseException) else str(reason)[:100]


def http_source_choices() -> list[tuple[str, str]]:
    """``(name, verbose name)`` of each remote service the operator defined, for the editor's
    choice on a view service (``ViewFormMixin.lookup_http_source``)."""
    sources = settings.ESERVICES_LOOKUP_HTTP_SOURCES or {}
    return [
        (name, str(config.get("verbose_name") or name))
        for name, config in sorted(sources.items())
        if isinstance(config, dict)
    ]
