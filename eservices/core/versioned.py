"""One version for everything the desk keeps of its rows, and the values kept under it.

The version is a random token in Django's default cache (Redis when ``REDIS_URL`` is set, so
every process shares it). Whatever is kept under a key that holds the version — cached pages,
routes, kept fragments (catalog/pagecache.py, catalog/routecache.py), a request's initial
status and the holiday list (requests, servicelevels) — is orphaned at once when a row it was
made of changes: the receivers that draw a new version live with the page cache
(``catalog/pagecache.py``, ``watched_models``), which lists every model kept this way.

``memo`` also holds recently used values in the process: their keys carry the version, which
each use reads from the shared cache, so they cannot go stale.

A request routed by the desk reads the version once (``catalog/routecache.py``) and, within
``request_scope``, whatever it keeps or reads under the version uses that one, as its pages do
(``pagecache.request_version``); a version this process draws ends the scope's copy.

``HeldVersion`` is the one reader allowed to use a version read a moment ago (the page cache's
front, ``catalog/pagecache.py``): it reads again at once when this process draws a new version,
and at the latest after ``seconds``, so another process's change shows there within them
(docs/architecture.md, "In front of Django")."""

import hashlib
import logging
import pickle
import secrets
import threading
from collections import OrderedDict
from contextlib import contextmanager
from time import monotonic

from asgiref.local import Local
from django.core.cache import cache

from eservices.conf import settings

logger = logging.getLogger(__name__)

VERSION_KEY = "eservices:pagecache:version"
KEPT_PREFIX = "eservices:kept"


#: How many versions this process has drawn (``HeldVersion`` reads again when it changes).
draws = 0
#: The version of the request being served (``request_scope``), per thread or task.
_scope = Local()


def new_version() -> None:
    """Orphan everything kept under the current version by drawing a new one."""
    global draws
    draws += 1  # first: should the cache fail, held copies are read again all the same
    _scope.version = None
    cache.set(VERSION_KEY, secrets.token_hex(8), None)


@contextmanager
def request_scope(version: str):
    """Within it, ``current_version()`` is ``version`` (read once for the request being
    served) until this process draws a new one."""
    outer = getattr(_scope, "version", None)
    _scope.version = version
    try:
        yield
    finally:
        _scope.version = outer


def current_version() -> str:
    version = getattr(_scope, "version", None)
    if version is not None:
        return version
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, secrets.token_hex(8), None)
        version = cache.get(VERSION_KEY)
    return version


class HeldVersion:
    """The version as this process read it at most ``seconds`` ago, or since it last drew one.

    Saves a round trip to the shared cache per use for a reader that may show what another
    process changed up to ``seconds`` late; its own changes show at once. Errors of the shared
    cache are raised; a missing version is not held."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.value: str | None = None
        self.draws = -1
        self.until = 0.0

    def get(self) -> str | None:
        now = monotonic()
        if self.value is not None and self.draws == draws and now < self.until:
            return self.value
        seen = draws  # before the read: a draw during it is not missed
        value = cache.get(VERSION_KEY)
        self.value, self.draws, self.until = value, seen, now + self.seconds
        return value

    def forget(self) -> None:
        self.value = None


class VersionedMemo:
    """Values kept under a key that holds the version, also remembered in this process (the
    last ``size`` used). Values are held pickled, so each caller gets its own copy."""

    def __init__(self, size: int = 1000):
        self.size = size
        self.entries: OrderedDict[str, bytes] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str):
        """The value under ``key`` from this process, else from the shared cache (None when
        neither has it). The shared cache's errors are raised."""
        with self.lock:
            data = self.entries.get(key)
            if data is not None:
                self.entries.move_to_end(key)
        if data is not None:
            return pickle.loads(data)
        value = cache.get(key)
        if value is not None:
            self.remember(key, value)
        return value

    def set(self, key: str, value, timeout: int) -> None:
        cache.set(key, value, timeout)
        self.remember(key, value)

    def remember(self, key: str, value) -> None:
        data = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        with self.lock:
            self.entries[key] = data
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)


#: Kept values and routes of this process.
memo = VersionedMemo()


def remembered(name: str, parts: tuple, build, version: str | None = None, keep_if=None):
    """What ``build()`` returns, kept under the version (read now unless given) and ``name``
    with ``parts``. Built afresh, and not kept, when keeping is off
    (``ESERVICES_PAGE_CACHE_TIMEOUT`` 0), the cache is unreachable or ``keep_if(value)`` is
    false."""
    if settings.ESERVICES_PAGE_CACHE_TIMEOUT <= 0:
        return build()
    place = "|".join([name, *map(str, parts)])
    digest = hashlib.sha256(place.encode()).hexdigest()[:32]
    try:
        key = f"{KEPT_PREFIX}:{version or current_version()}:{digest}"
        value = memo.get(key)
    except Exception:
        logger.warning("The cache is unavailable; building %s afresh.", name)
        return build()
    if value is None:
        value = build()
        if keep_if is not None and not keep_if(value):
            return value
        try:
            memo.set(key, value, settings.ESERVICES_PAGE_CACHE_TIMEOUT)
        except Exception:
            logger.warning("The cache is unavailable; %s was not kept.", name)
    return value
