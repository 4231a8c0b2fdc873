"""The site's Redis cache, failing open for what is only a copy of the database.

With Redis down, most of what the cache holds cannot be done without: sessions (the gate's
verified identity), rate limits and lockouts (docs/security.md O10) — those raise, and the
site answers its 503 page (``cms_site/errors.py``). But some entries are only copies of rows
in PostgreSQL, kept to save a query: Wagtail's list of site roots (every page URL needs it)
and the page cache's entries and version. For keys under ``SOFT_PREFIXES`` a read that
cannot reach Redis is a miss and a write is skipped, so the public catalog still answers
while Redis is away (docs/operations.md "Faults").

Invalidation is not softened: a page published while Redis is down cannot draw a new page
cache version, and the publish fails rather than leave stale pages behind once Redis returns.
"""

import logging

from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

#: Keys that are copies of database rows: failing to read or write them costs a query.
SOFT_PREFIXES = ("wagtail_site_root_paths", "eservices:page:")
#: What django-redis raises when Redis cannot be reached (it re-raises redis-py's own error).
UNREACHABLE = (ConnectionInterrupted, RedisConnectionError, RedisTimeoutError)


def soft(key) -> bool:
    return isinstance(key, str) and key.startswith(SOFT_PREFIXES)


class FailOpenRedisCache(RedisCache):
    def get(self, key, default=None, version=None, client=None):
        try:
            return super().get(key, default=default, version=version, client=client)
        except UNREACHABLE:
            if not soft(key):
                raise
            logger.warning("Redis is unreachable: %s read as a miss.", key.split(":")[0])
            return default

    def set(self, key, *args, **kwargs):
        try:
            return super().set(key, *args, **kwargs)
        except UNREACHABLE:
            if not soft(key):
                raise
            logger.warning("Redis is unreachable: %s not stored.", key.split(":")[0])
            return False
