"""Load many synthetic requests fast: COPY on PostgreSQL, executemany on SQLite.

A million requests (and their first history row each) load in about a minute on PostgreSQL;
the ORM's ``bulk_create`` would take many. Rows are spread over the given services and
statuses and over the three years before now, with valid, distinct tracking numbers (a
bijection of the row index, so two loads with different ``start`` never collide), valid
national codes and a receipt holder digest each, like requests filed on the site.

Used by bench/scale.py; on its own (the database of DATABASE_URL, migrated, with services):

    .venv/bin/python bench/request_loader.py 1000000
"""

import datetime
import hashlib
import json
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms_site.settings.test")

SPAN = datetime.timedelta(days=3 * 365)
# Tracking-number bodies: 12 digits, no leading zero, a bijection of the row index (the
# multiplier is coprime with 9 * 10**11).
BODY_LOW, BODY_RANGE, MULTIPLIER = 10**11, 9 * 10**11, 7_777_777_777
SUBJECTS = [
    "قطعی مکرر برق در ساعات شب",
    "اشتباه در قرائت کنتور و مبلغ قبض",
    "درخواست جابه‌جایی تیر برق مقابل منزل",
    "نوسان ولتاژ و آسیب به لوازم خانگی",
]
COLUMNS = (
    "form_data",
    "page_id",
    "submit_time",
    "tracking_number",
    "registrant_national_code",
    "registrant_mobile",
    "status_id",
    "public_reply",
    "updated_at",
    "assignee_id",
    "due_at",
    "issued_to",
)


def tracking_number(index: int) -> str:
    from eservices.core.numbers import luhn_check_digit

    body = str(BODY_LOW + (index * MULTIPLIER) % BODY_RANGE)
    return body + str(luhn_check_digit(body))


def national_code(rng: random.Random) -> str:
    from eservices.formbuilder.validators import _national_code_check_digit

    first_nine = "%09d" % rng.randrange(1, 10**9)
    return first_nine + str(_national_code_check_digit(first_nine))


def rows(count: int, start: int, page_ids: list[int], status_ids: list[int], now, seed: int):
    """``count`` request rows (tuples in ``COLUMNS`` order), row indexes from ``start``."""
    rng = random.Random(seed)
    codes = [national_code(rng) for _ in range(5000)]
    answers = [json.dumps({"subject": s, "detail": s + " " * 3 + s}) for s in SUBJECTS]
    weights = [rng.random() ** 2 for _ in page_ids]  # some services far busier than others
    pages = rng.choices(page_ids, weights=weights, k=count)
    statuses = rng.choices(status_ids, weights=[0.5**i for i in range(len(status_ids))], k=count)
    span = SPAN.total_seconds()
    for offset in range(count):
        index = start + offset
        moment = now - datetime.timedelta(seconds=rng.random() * span)
        yield (
            answers[index % len(answers)],
            pages[offset],
            moment,
            tracking_number(index),
            codes[index % len(codes)],
            "0912%07d" % rng.randrange(10**7),
            statuses[offset],
            "",
            moment,
            None,
            moment + datetime.timedelta(days=3),
            hashlib.sha256(b"holder-%d" % index).hexdigest(),
        )


def secondary_indexes(cursor, tables: list[str]) -> dict[str, str]:
    """The indexes of ``tables`` that no constraint (primary key, unique) owns, by name, with
    the statement that creates each."""
    from django.db import connection

    if connection.vendor == "postgresql":
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s)"
            " AND indexname NOT IN (SELECT conname FROM pg_constraint)",
            [tables],
        )
    else:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            " AND tbl_name IN (%s)" % ", ".join(["%s"] * len(tables)),
            tables,
        )
    return dict(cursor.fetchall())


def load_requests(count: int, start: int = 0, seed: int = 1) -> float:
    """Insert ``count`` requests (row indexes ``start``…) and a history row for each into the
    default database; returns the seconds it took."""
    from django.db import connection, transaction

    from eservices.catalog.models import ServicePage
    from eservices.requests.models import RequestStatus, RequestSubmission, StatusChange

    page_ids = [
        page.pk for page in ServicePage.objects.live().order_by("path") if page.accepts_requests()
    ]
    status_ids = list(RequestStatus.objects.workflow().values_list("pk", flat=True))
    if not page_ids or not status_ids:
        raise SystemExit("no request services or statuses: load the demo desk first")
    table = RequestSubmission._meta.db_table
    history = StatusChange._meta.db_table
    now = datetime.datetime.now(datetime.UTC)
    began = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        # Secondary indexes are dropped for the load and built again after it: one sort per
        # index instead of a million random insertions into each.
        indexes = secondary_indexes(cursor, [table, history])
        for name in indexes:
            cursor.execute("DROP INDEX %s" % connection.ops.quote_name(name))
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM %s" % table)
        last_id = cursor.fetchone()[0]
        generated = rows(count, start, page_ids, status_ids, now, seed)
        if connection.vendor == "postgresql":
            sql = "COPY %s (%s) FROM STDIN" % (table, ", ".join(COLUMNS))
            with cursor.cursor.copy(sql) as copy:
                for row in generated:
                    copy.write_row(row)
        else:
            sql = "INSERT INTO %s (%s) VALUES (%s)" % (
                table,
                ", ".join(COLUMNS),
                ", ".join(["%s"] * len(COLUMNS)),
            )
            moment = connection.ops.adapt_datetimefield_value  # as the ORM stores them
            batch = []
            for row in generated:
                row = list(row)
                for column in (2, 8, 10):
                    row[column] = moment(row[column])
                batch.append(row)
                if len(batch) == 20000:
                    cursor.executemany(sql, batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
        cursor.execute(
            "INSERT INTO %s (submission_id, status_id, public_reply, internal_note, changed_at)"
            " SELECT id, status_id, '', '', submit_time FROM %s WHERE id > %%s" % (history, table),
            [last_id],
        )
        if connection.vendor == "postgresql":
            # Check the deferred foreign keys now: PostgreSQL builds no index on a table with
            # checks pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for definition in indexes.values():
            cursor.execute(definition)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.perf_counter() - began


if __name__ == "__main__":
    import django

    django.setup()
    from eservices.requests.models import RequestSubmission

    wanted = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    present = RequestSubmission.objects.count()
    seconds = load_requests(wanted, start=present)
    print("loaded %d requests in %.1f s" % (wanted, seconds))
