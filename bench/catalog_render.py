"""Benchmark: rendering the catalog page as it grows.

Builds catalogs of 14 groups × N services in a throw-away test database (SQLite, or
PostgreSQL when DATABASE_URL is set) and prints, for each N, the SQL query count, the HTML
size and the median and 95th-percentile time of a full request through the Django stack.

    .venv/bin/python bench/catalog_render.py [--repeat 30] [--sizes 2 20 50]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms_site.settings.test")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--sizes", type=int, nargs="+", default=[2, 20, 50])
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from eservices.catalog.models import MobileApp
        from tests.factories import add_services, make_catalog

        app = MobileApp.objects.create(name="app")
        desk = make_catalog(groups=14, services_per_group=0, app=app)
        client = Client()
        done = 0
        print(f"{'services':>9} {'queries':>8} {'html KiB':>9} {'median ms':>10} {'p95 ms':>8}")
        for size in sorted(args.sizes):
            add_services(desk, services_per_group=size - done, start=done, app=app)
            done = size
            client.get("/e-services/")  # warm caches
            with CaptureQueriesContext(connection) as queries:
                response = client.get("/e-services/")
            query_count = len(queries)  # read now: the next request resets the query log
            timings = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                client.get("/e-services/")
                timings.append((time.perf_counter() - start) * 1000)
            timings.sort()
            p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
            print(
                f"{14 * size:>9} {query_count:>8} {len(response.content) / 1024:>9.0f} "
                f"{statistics.median(timings):>10.1f} {p95:>8.1f}"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
