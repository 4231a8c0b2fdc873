from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms_site.csp import csp_report
from cms_site.health import healthz, healthz_web
from search import views as search_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    # Health of the database, cache, private storage and task queue (cms_site/health.py).
    path("healthz", healthz(), name="healthz"),
    path("healthz/web", healthz_web(), name="healthz_web"),
    path("captcha/", include("eservices.core.captcha_urls")),  # refresh bound and limited (O11)
    # Browsers post Content-Security-Policy violation reports here (cms_site/csp.py).
    path("csp-report/", csp_report, name="csp_report"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Persian, the default language, has no prefix: /e-services/ and /en/e-services/.
urlpatterns += i18n_patterns(
    path("search/", search_views.search, name="search"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

# Error pages in the site's frame, in the reader's language (cms_site/errors.py).
handler400 = "cms_site.errors.bad_request"
handler403 = "cms_site.errors.permission_denied"
handler404 = "cms_site.errors.page_not_found"
handler500 = "cms_site.errors.server_error"
