"""Benchmark: the catalog's weight on the wire and its time to the first byte at 14 × 50.

Builds a desk of 14 groups × 50 services on every channel (``tests.factories.make_catalog``,
with a mobile app) in a throw-away test database (SQLite, or PostgreSQL when DATABASE_URL is
set; the page cache is the default cache, Redis when REDIS_URL is set) and prints:

* the HTML as rendered and as served to a browser that accepts gzip, and the compressed
  bytes of every stylesheet and script the page links (gzip level 9, as whitenoise's
  ``CompressedManifestStaticFilesStorage`` stores them; fonts aside);
* the median and 95th-percentile time to the first byte through the Django stack, uncached
  (the page cache emptied before every request) and cached. Django renders a page whole
  before it sends a byte, so the time to the whole response in process is the time to the
  first byte without the network.

    .venv/bin/python bench/catalog_weight.py [--repeat 20] [--groups 14] [--services 50]
"""

import argparse
import gzip
import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms_site.settings.test")

URL = "/e-services/"


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def linked_assets(html: str) -> list[str]:
    """Static paths of the stylesheets and scripts a page links, fonts aside."""
    found = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    found += re.findall(r'<script src="([^"]+)"', html)
    return found


def asset_bytes(url: str) -> tuple[int, int]:
    """(raw, gzip -9) bytes of a static file named by its URL."""
    from django.conf import settings
    from django.contrib.staticfiles import finders

    path = finders.find(url.removeprefix(settings.STATIC_URL).split("?")[0])
    data = Path(path).read_bytes()
    return len(data), len(gzip.compress(data, compresslevel=9, mtime=0))


def timed(client, url: str, repeat: int, before=None) -> list[float]:
    timings = []
    for _ in range(repeat):
        if before:
            before()
        start = time.perf_counter()
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    return timings


def measure(client, repeat: int) -> dict:
    from eservices.catalog.pagecache import clear_page_cache

    plain = client.get(URL)
    html = plain.content.decode()
    served = client.get(URL, HTTP_ACCEPT_ENCODING="gzip")
    encoding = served.get("Content-Encoding", "")
    served_bytes = len(served.content)
    assets = {url: asset_bytes(url) for url in linked_assets(html)}
    uncached = timed(client, URL, repeat, before=clear_page_cache)
    client.get(URL)  # fill the cache
    cached = timed(client, URL, repeat)
    return {
        "rows": html.count('<tr id="service-'),
        "html": len(plain.content),
        "html_gzip6": len(gzip.compress(plain.content, compresslevel=6, mtime=0)),
        "served": served_bytes,
        "encoding": encoding or "identity",
        "assets": assets,
        "uncached": uncached,
        "cached": cached,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--groups", type=int, default=14)
    parser.add_argument("--services", type=int, default=50)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from eservices.catalog.models import MobileApp
        from tests.factories import make_catalog

        app = MobileApp.objects.create(name="app")
        make_catalog(groups=args.groups, services_per_group=args.services, app=app)
        client = Client()
        client.get(URL)  # warm Wagtail's site-root cache, as on a running site
        result = measure(client, args.repeat)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    assets_gzip = sum(gz for _raw, gz in result["assets"].values())
    total = result["served"] + assets_gzip
    print(f"catalog {URL} at {args.groups} × {args.services}: {result['rows']} rows")
    print(
        f"  HTML {result['html']:,} B rendered, {result['served']:,} B served "
        f"({result['encoding']}), {result['html_gzip6']:,} B with gzip -6"
    )
    for url, (raw, gz) in result["assets"].items():
        print(f"  {url}: {raw:,} B, {gz:,} B gzip -9")
    print(f"  on the wire, fonts aside: {total:,} B ({total / 1024:.1f} KiB; goal ≤ 60 KB)")
    for name in ("uncached", "cached"):
        timings = result[name]
        print(
            f"  first byte {name}: median {statistics.median(timings):.1f} ms, "
            f"p95 {percentile(timings, 0.95):.1f} ms over {len(timings)}"
        )


if __name__ == "__main__":
    main()
