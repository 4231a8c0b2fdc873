"""The registry of lookup sources: an editor picks one per view-form page by its name.

A source is a ``DataSource`` subclass registered under a stable name::

    @register("bill")
    class BillSource(DataSource):
        verbose_name = _("Bills")

        def lookup(self, query, config):
            ...

The page stores only that name and a JSON config; ``choices()`` feeds the page's field and
``run_lookup`` answers the page. The built-in sources live in ``eservices.lookups.sources`` and
are loaded on first use of the registry; a host project registers its own from its
``AppConfig.ready()``.
"""

import logging
from dataclasses import dataclass, field
from importlib import import_module
from typing import Literal

logger = logging.getLogger("eservices.lookups")

FOUND = "found"
NOT_FOUND = "not_found"
ERROR = "error"
TIMEOUT = "timeout"

Status = Literal["found", "not_found", "error", "timeout"]

#: One record as label/value pairs, in display order.
Record = list[tuple[str, object]]

BUILTIN_SOURCES = "eservices.lookups.sources"


@dataclass
class LookupResult:
    """What a lookup found.

    ``status`` is ``"found"`` (``rows`` holds one or more records), ``"not_found"``, ``"error"``
    (the source is misconfigured, unreachable or answered nonsense) or ``"timeout"``. ``message``
    explains an error for staff logs; it is never shown to citizens and never carries the
    query's values.
    """

    status: Status
    rows: list[Record] = field(default_factory=list)
    message: str = ""

    @property
    def found(self) -> bool:
        return self.status == FOUND

    @classmethod
    def not_found(cls, message: str = "") -> "LookupResult":
        return cls(NOT_FOUND, message=message)

    @classmethod
    def error(cls, message: str) -> "LookupResult":
        return cls(ERROR, message=message)

    @classmethod
    def timeout(cls, message: str) -> "LookupResult":
        return cls(TIMEOUT, message=message)


class DataSource:
    """A kind of data a view form can show, such as a staff-uploaded table or a remote API.

    Subclass it, set ``verbose_name`` (what editors see in the page's source list) and override
    ``lookup``. A source is instantiated per lookup and keeps no state between lookups.
    """

    #: The registered name, set by ``register``; pages store it.
    name: str = ""
    #: What editors see when they choose a source for a page.
    verbose_name: str = ""

    def lookup(self, query: dict[str, str], config: dict) -> LookupResult:
        """Find what ``query`` (the view form's cleaned values, by field key) asks for.

        ``config`` is the page's JSON configuration of the source. Override it; it must never
        raise: every failure is returned as a status, with a ``message`` for staff logs.
        """
        raise NotImplementedError("subclasses of DataSource must override lookup()")


_registry: dict[str, type[DataSource]] = {}
_builtins_loaded = False


def register(name: str):
    """A class decorator that registers a ``DataSource`` under ``name``; names are unique."""

    def decorator(cls: type[DataSource]) -> type[DataSource]:
        if not (isinstance(cls, type) and issubclass(cls, DataSource)):
            raise TypeError("%r is not a DataSource subclass." % (cls,))
        existing = _registry.get(name)
        if existing is not None and existing is not cls:
            raise ValueError(
                "A lookup source named %r is already registered (%s.%s)."
                % (name, existing.__module__, existing.__qualname__)
            )
        cls.name = name
        _registry[name] = cls
        return cls

    return decorator


def _load_builtins() -> None:
    global _builtins_loaded
    if not _builtins_loaded:
        import_module(BUILTIN_SOURCES)
        _builtins_loaded = True


def get_source(name: str) -> DataSource:
    """A new instance of the source registered as ``name``; ``KeyError`` if there is none."""
    _load_builtins()
    return _registry[name]()


def choices() -> list[tuple[str, str]]:
    """``(name, verbose name)`` of every registered source, for a model field's ``choices``."""
    _load_builtins()
    return [(name, cls.verbose_name or name) for name, cls in sorted(_registry.items())]


def run_lookup(name: str, query: dict[str, str], config: dict | None) -> LookupResult:
    """Ask the source named ``name``; what pages call.

    It never raises: an unknown source, or a source that breaks its promise and raises, gives an
    ``"error"`` result, and the exception is logged for staff.
    """
    try:
        source = get_source(name)
    except KeyError:
        logger.error("View form lookup: no source is registered as %r.", name)
        return LookupResult.error("no source is registered as %r" % name)
    try:
        result = source.lookup(query, config or {})
    except Exception:
        logger.exception("View form lookup: source %r raised.", name)
        return LookupResult.error("source %r raised an exception" % name)
    if not isinstance(result, LookupResult):
        logger.error("View form lookup: source %r returned %r.", name, type(result))
        return LookupResult.error("source %r returned no LookupResult" % name)
    if result.status in (ERROR, TIMEOUT):
        logger.warning("View form lookup through %r: %s: %s", name, result.status, result.message)
    return result
