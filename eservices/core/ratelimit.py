"""Counting attempts in the shared cache, so limits hold across worker processes (O10).

``hit`` increments atomically (Redis INCR in production) and tells whether the limit is
passed. The client's IP is ``REMOTE_ADDR`` unless the operator says how many trusted proxies
stand in front of the site (``ESERVICES_TRUSTED_PROXY_COUNT``); then it is read that many hops
from the right of ``X-Forwarded-For``, which a client cannot forge past the proxies.
"""

import hashlib

from django.core.cache import cache

from eservices.conf import settings


def client_ip(request) -> str:
    hops = settings.ESERVICES_TRUSTED_PROXY_COUNT
    if hops:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [p for p in forwarded if p]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


def cache_key(scope: str, subject: str) -> str:
    # Subjects may be personal data (a tracking number, a mobile): keep only a digest.
    digest = hashlib.sha256(subject.encode()).hexdigest()[:32]
    return "eservices:rl:%s:%s" % (scope, digest)


def hit(scope: str, subject: str, limit: int, window: int) -> bool:
    """Count one attempt; True when this attempt is over ``limit`` within ``window`` seconds."""
    key = cache_key(scope, subject)
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        count = 1
    return count > limit


def count(scope: str, subject: str) -> int:
    return cache.get(cache_key(scope, subject), 0)


def is_over(scope: str, subject: str, limit: int) -> bool:
    return count(scope, subject) >= limit
