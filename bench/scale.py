"""Benchmark: the status lookup and the staff inbox at 1 k and at 1 M requests.

Uses a database per size (PostgreSQL ``eservices_bench_<size>`` on the server of DATABASE_URL,
created when missing; without DATABASE_URL SQLite files in /tmp): migrates it, loads the demo
desk once (gate off, so that the follow-up tab answers without an SMS) and the requests
(bench/request_loader.py: COPY on PostgreSQL) unless it already holds that many, so only the
first run spends minutes loading a million. It times, in process through Django's test client,
the citizen's status lookup (POST follow-up/, a random request each time) and pages of the
staff inbox as a superuser: the first page, one service's, one status's, a page deep in the
listing (a keyset cursor at a random request) and a search by tracking number. Rounds take the
two sizes in turn, so that a busy machine slows both alike.

For each it prints the median wall time of the whole request and the median time spent in SQL,
at both sizes, and their ratio; the goal is a ratio of at most 1.5 (docs/architecture.md,
"Flat cost at scale").

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/scale.py
    .venv/bin/python bench/scale.py --small 1000 --large 100000 --runs 15 [--fresh]
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms_site.settings.test")
os.environ.pop("REDIS_URL", None)  # rate limits and sessions in local memory: SQL is measured

BENCH_DATABASE = "eservices_bench"
GOAL = 1.5


def bench_databases(sizes: list[int]) -> dict[int, str]:
    """The bench's own databases, one per size, by size: never the one DATABASE_URL names
    (the tests use it). On PostgreSQL they are created when missing."""
    url = os.environ.get("DATABASE_URL", "")
    names = {size: "%s_%d" % (BENCH_DATABASE, size) for size in sizes}
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        server = urlunsplit(urlsplit(url)._replace(path="/postgres"))
        with psycopg.connect(server, autocommit=True) as admin:
            for name in names.values():
                exists = admin.execute(
                    "SELECT 1 FROM pg_database WHERE datname = %s", [name]
                ).fetchone()
                if not exists:
                    admin.execute("CREATE DATABASE %s" % name)
        os.environ["DATABASE_URL"] = urlunsplit(urlsplit(url)._replace(path="/" + names[sizes[0]]))
        return names
    folder = Path(tempfile.gettempdir())
    names = {size: str(folder / ("%s.sqlite3" % name)) for size, name in names.items()}
    os.environ["DATABASE_URL"] = "sqlite:///" + names[sizes[0]]
    return names


def use(name: str) -> None:
    """Point the default connection at database ``name``."""
    from django.db import connection

    connection.close()
    connection.settings_dict["NAME"] = name


def prepare(size: int, fresh: bool) -> str:
    """Migrate (nothing to do after the first run), load the demo desk once and the requests
    when the database does not hold exactly ``size`` of them (the loader is deterministic, so
    a database left by an earlier run is reused as it is). Returns what was done."""
    from django.core.management import call_command
    from django.db import connection

    from bench.request_loader import load_requests
    from eservices.catalog.models import ServicePage
    from eservices.requests.models import RequestSubmission

    began = time.perf_counter()
    call_command("migrate", verbosity=0)
    if not ServicePage.objects.exists():
        call_command("load_demo_desk", stdout=open(os.devnull, "w"))  # noqa: SIM115
    ServicePage.objects.update(requires_identity=False)
    if not fresh and RequestSubmission.objects.count() == size:
        return "reused (%.0f s)" % (time.perf_counter() - began)
    tables = [RequestSubmission._meta.db_table] + [
        relation.related_model._meta.db_table
        for relation in RequestSubmission._meta.related_objects
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("TRUNCATE %s RESTART IDENTITY CASCADE" % ", ".join(tables))
        else:
            for table in reversed(tables):
                cursor.execute("DELETE FROM %s" % table)
    seconds = load_requests(size)
    return "%d requests loaded in %.1f s (%.0f s in all)" % (
        size,
        seconds,
        time.perf_counter() - began,
    )


def measure(scenarios: dict, runs: int) -> dict:
    """Median wall and SQL milliseconds of each scenario at each size, over ``runs`` rounds
    (after two unmeasured ones) that take the sizes in turn, so that the machine's load drifts
    alike on both."""
    from django.db import connection

    in_sql = [0.0]

    def timed(execute, sql, params, many, context):
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            in_sql[0] += time.perf_counter() - began

    times = {(size, name): ([], []) for size in scenarios for name in Scenarios.NAMES}
    for run in range(runs + 2):
        for size, (database, scenario) in scenarios.items():
            use(database)
            with connection.execute_wrapper(timed):
                for name in Scenarios.NAMES:
                    in_sql[0] = 0.0
                    began = time.perf_counter()
                    getattr(scenario, name)()
                    wall = time.perf_counter() - began
                    if run >= 2:
                        times[size, name][0].append(wall * 1000)
                        times[size, name][1].append(in_sql[0] * 1000)
    return {
        key: (statistics.median(walls), statistics.median(sqls))
        for key, (walls, sqls) in times.items()
    }


class Scenarios:
    """The timed requests; each picks its random request anew."""

    def __init__(self, loaded: int, seed: int = 7):
        from django.contrib.auth import get_user_model
        from django.db.models import Count
        from django.test import Client

        from bench.request_loader import tracking_number
        from eservices.catalog.models import ServicePage
        from eservices.requests.models import RequestStatus, RequestSubmission

        self.loaded = loaded
        self.rng = random.Random(seed)
        self.citizen = Client()
        self.staff = Client()
        user, _ = get_user_model().objects.get_or_create(
            username="bench-admin", defaults={"is_superuser": True, "is_staff": True}
        )
        self.staff.force_login(user)
        self.urls = {page.pk: page.url for page in ServicePage.objects.all()}
        self.busiest = (
            RequestSubmission.objects.values("page_id")
            .annotate(requests=Count("pk"))
            .order_by("-requests")[0]["page_id"]
        )
        self.status = RequestStatus.objects.workflow().order_by("-sort_order").first().pk
        self.ip = 0
        self.picked = 0
        numbers = [tracking_number(self.rng.randrange(loaded)) for _ in range(100)]
        self.pool = list(
            RequestSubmission.objects.only(
                "page_id", "submit_time", "tracking_number", "registrant_national_code"
            ).filter(tracking_number__in=numbers)
        )
        self.rng.shuffle(self.pool)

    def random_request(self):
        """One of a hundred random requests picked beforehand (not timed)."""
        self.picked += 1
        return self.pool[self.picked % len(self.pool)]

    def lookup(self):
        request = self.random_request()
        self.ip += 1
        response = self.citizen.post(
            self.urls[request.page_id] + "follow-up/",
            {
                "tracking_number": request.tracking_number,
                "national_code": request.registrant_national_code,
            },
            REMOTE_ADDR="10.%d.%d.%d" % (self.ip >> 16 & 255, self.ip >> 8 & 255, self.ip & 255),
        )
        assert response.status_code == 200, response.status_code
        assert b'<dd class="status">' in response.content, "the lookup found nothing"

    def inbox(self, **params):
        response = self.staff.get("/admin/eservices/requests/", params)
        assert response.status_code == 200, response.status_code
        return response

    def inbox_first(self):
        self.inbox()

    def inbox_service(self):
        self.inbox(service=self.busiest)

    def inbox_status(self):
        self.inbox(status=self.status)

    def inbox_deep(self):
        from eservices.backoffice.keyset import AFTER, encode_cursor

        request = self.random_request()
        self.inbox(**{AFTER: encode_cursor("-submit_time", [request.submit_time, request.pk])})

    def inbox_search(self):
        request = self.random_request()
        self.inbox(q=request.tracking_number)

    NAMES = {
        "lookup": "status lookup (POST follow-up/)",
        "inbox_first": "inbox, first page",
        "inbox_service": "inbox, one service",
        "inbox_status": "inbox, one status",
        "inbox_deep": "inbox, a page deep in the list",
        "inbox_search": "inbox, search by tracking number",
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--fresh", action="store_true", help="load the requests again")
    args = parser.parse_args()

    sizes = [args.small, args.large]
    databases = bench_databases(sizes)
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    settings.ESERVICES_LOOKUP_IP_LIMIT = 10**9
    scenarios = {}
    for size in sizes:
        use(databases[size])
        print("%s %s: %s" % (connection.vendor, databases[size], prepare(size, args.fresh)))
        scenarios[size] = (databases[size], Scenarios(size))
    results = measure(scenarios, args.runs)

    print()
    print(
        "%-36s %21s %21s %15s"
        % (
            "median of %d, ms (wall / SQL)" % args.runs,
            "at %d" % args.small,
            "at %d" % args.large,
            "ratio",
        )
    )
    worst = 0.0
    for name, label in Scenarios.NAMES.items():
        (small_wall, small_sql), (large_wall, large_sql) = (
            results[args.small, name],
            results[args.large, name],
        )
        ratio = large_wall / small_wall
        worst = max(worst, ratio)
        print(
            "%-36s %10.1f / %8.2f %10.1f / %8.2f %6.2f / %6.2f"
            % (label, small_wall, small_sql, large_wall, large_sql, ratio, large_sql / small_sql)
        )
    print(
        "worst wall-time ratio %.2f (goal <= %.1f): %s"
        % (worst, GOAL, "met" if worst <= GOAL else "MISSED")
    )
    connection.close()


if __name__ == "__main__":
    main()
