"""WSGI entry point; production servers import ``application`` from here."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms_site.settings.dev")

django_application = get_wsgi_application()

# Cached public pages are answered before Django's middleware (eservices/catalog/pagecache.py).
from eservices.catalog.pagecache import PageCacheApplication  # noqa: E402 (after the set-up)

application = PageCacheApplication(django_application)
