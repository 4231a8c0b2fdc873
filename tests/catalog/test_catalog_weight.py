"""The catalog stays light as it grows (issue 15): at 14 groups × 50 services, at most 60 KB of
compressed HTML, CSS and JavaScript (fonts aside).

Building 700 pages takes minutes, so the test builds 14 × 2 and 14 × 6 services, reads the bytes
the browser receives (the HTML as served, gzipped; the stylesheets and scripts the page links,
gzip -9 as whitenoise stores them), and extrapolates the per-service cost to 14 × 50, which
``bench/catalog_weight.py`` measures in full: 40.0 KB there, where this extrapolation reads
34.4 KB (rows further down carry longer numbers), so the budget leaves room for both.
"""

import gzip
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from eservices.catalog.models import MobileApp
from tests.factories import add_services, make_catalog

pytestmark = pytest.mark.django_db

BUDGET = 60_000  # bytes on the wire at 14 × 50, fonts aside
PER_SERVICE = 50  # bytes a service's row may add, gzipped (35 now; 130 with a dialog a row)


def served_bytes(client) -> tuple[int, str]:
    response = client.get("/e-services/", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    return len(response.content), gzip.decompress(response.content).decode()


def asset_bytes(html: str) -> int:
    urls = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    urls += re.findall(r'<script src="([^"]+)"', html)
    assert len(urls) >= 3, urls  # the site's and the desk's stylesheets and scripts
    total = 0
    for url in urls:
        path = finders.find(url.removeprefix(settings.STATIC_URL))
        total += len(gzip.compress(Path(path).read_bytes(), compresslevel=9, mtime=0))
    return total


def test_the_catalog_at_14_by_50_weighs_at_most_60_kb_compressed(client):
    """Catches: a tooltip or dialog written into every row again (each adds 15–60 bytes a row
    gzipped, 10–40 KB at 700 rows), or the catalog sent uncompressed."""
    app = MobileApp.objects.create(name="برق من")
    desk = make_catalog(groups=14, services_per_group=2, app=app)
    small, _html = served_bytes(client)
    add_services(desk, services_per_group=4, start=2, app=app)
    large, html = served_bytes(client)
    assert html.count('<tr id="service-') == 14 * 6

    per_service = (large - small) / (14 * 4)
    at_700 = large + per_service * 14 * 44
    total = at_700 + asset_bytes(html)
    print(f"{per_service:.1f} B per service; {at_700:,.0f} B of HTML and {total:,.0f} B in all")
    assert per_service <= PER_SERVICE
    assert total <= BUDGET
