"""The site's URLs plus a view that fails as it does when Redis or PostgreSQL cannot be
reached, for tests/faults/test_recovery.py."""

from django.conf.urls.i18n import i18n_patterns
from django.db import OperationalError
from django.urls import path
from redis.exceptions import ConnectionError as RedisConnectionError

from cms_site.urls import handler400, handler403, handler404, handler500  # noqa: F401
from cms_site.urls import urlpatterns as site_urlpatterns


def redis_down(request):
    try:
        raise RedisConnectionError("Error 111 connecting to 127.0.0.1:1. Connection refused.")
    except RedisConnectionError as error:
        raise RuntimeError("session could not be loaded") from error


def database_down(request):
    raise OperationalError("the connection is closed")


urlpatterns = [
    *i18n_patterns(
        path("down/redis/", redis_down),
        path("down/database/", database_down),
        prefix_default_language=False,
    ),
    *site_urlpatterns,
]
