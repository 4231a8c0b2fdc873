"""eservices.W001: production settings with a cache that is not shared by the processes warn,
for every rate limit, lockout and gate counter would then hold per process (O10)."""

from django.core.cache.backends.locmem import LocMemCache
from django.test import override_settings

from eservices.checks import check_shared_cache

from .test_deploy import run_check


class ProjectLocMemCache(LocMemCache):
    """A host project's own local-memory cache: still one per process."""


def warnings_with(backend: str, debug: bool = False) -> list[str]:
    caches = {"default": {"BACKEND": backend, "LOCATION": "redis://127.0.0.1:6379/0"}}
    with override_settings(DEBUG=debug, CACHES=caches):
        return [warning.id for warning in check_shared_cache(None)]


def test_a_per_process_cache_in_production_warns():
    """Catches: the check gone, or a backend missing from it (one of the three is silent)."""
    assert warnings_with("django.core.cache.backends.locmem.LocMemCache") == ["eservices.W001"]
    assert warnings_with("django.core.cache.backends.dummy.DummyCache") == ["eservices.W001"]
    assert warnings_with(f"{__name__}.ProjectLocMemCache") == ["eservices.W001"]


def test_redis_or_debug_is_silent():
    """Catches: a warning that fires whatever the cache (Redis warned about) or in
    development (DEBUG on)."""
    assert warnings_with("django_redis.cache.RedisCache") == []
    assert warnings_with("django.core.cache.backends.redis.RedisCache") == []
    assert warnings_with("django.core.cache.backends.locmem.LocMemCache", debug=True) == []


def test_production_settings_without_redis_fail_the_deployment_checks():
    """Catches: the check not registered for ``check --deploy``, or production settings that
    fall back to local memory silently."""
    result = run_check(REDIS_URL="")
    assert result.returncode != 0
    assert "eservices.W001" in result.stdout + result.stderr
