"""The site's URLs plus three views that fail on purpose, for tests/site/test_error_pages.py."""

from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from cms_site.urls import handler400, handler403, handler404, handler500  # noqa: F401
from cms_site.urls import urlpatterns as site_urlpatterns


def bad(request):
    raise SuspiciousOperation("tampered")


def denied(request):
    raise PermissionDenied


def broken(request):
    raise RuntimeError("boom")


urlpatterns = [
    *i18n_patterns(
        path("fail/400/", bad),
        path("fail/403/", denied),
        path("fail/500/", broken),
        prefix_default_language=False,
    ),
    *site_urlpatterns,
]
