"""Benchmark: the staff inbox's exports end to end, from the database through the admin view.

Fills a throw-away test database (SQLite, or PostgreSQL when DATABASE_URL is set) with N
requests to a service with three form fields (so three answer columns) and, for each N and
format, downloads ``/admin/eservices/requests/?export=…`` as a
superuser, printing the bytes, the peak of Python memory while streaming (tracemalloc) and the
time. The peak should stay flat while the rows grow.

    .venv/bin/python bench/inbox_export.py [--sizes 1000 10000 30000]
"""

import argparse
import os
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms_site.settings.test")


def add_requests(service, status, count: int) -> None:
    from eservices.core.numbers import new_tracking_number
    from eservices.requests.models import RequestSubmission

    answers = {
        "subject": "قطعی مکرر برق در کوچه ۱۲",
        "detail": "برق هر روز ساعت ۸ صبح قطع می‌شود و تا ظهر وصل نمی‌شود. " * 3,
        "bill_id": "1234567890123",
    }
    batch = [
        RequestSubmission(
            page=service,
            form_data=answers,
            tracking_number=new_tracking_number(),
            registrant_national_code="0013542419",
            registrant_mobile="09121234567",
            status=status,
        )
        for _ in range(count)
    ]
    RequestSubmission.objects.bulk_create(batch, batch_size=1000)


def add_fields(service) -> None:
    """The fields whose keys the answers below use (ASCII labels give these keys)."""
    from eservices.formbuilder.models import ServiceFormField

    for order, (label, field_type) in enumerate(
        [("Subject", "singleline"), ("Detail", "multiline"), ("Bill ID", "bill_id")]
    ):
        ServiceFormField.objects.create(
            page=service,
            locale=service.locale,
            label=label,
            field_type=field_type,
            sort_order=order,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 30000])
    args = parser.parse_args()

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from eservices.requests.models import RequestStatus
        from tests.factories import group_id, make_desk, make_group, make_service, service_id

        service = make_service(make_group(make_desk(), group_id(1)), service_id(1, 1))
        add_fields(service)
        status = RequestStatus.initial()
        client = Client()
        client.force_login(get_user_model().objects.create_superuser("bench", password="x"))
        print(f"{'rows':>7} {'format':>6} {'bytes':>11} {'peak KiB':>9} {'seconds':>8}")
        done = 0
        for size in sorted(args.sizes):
            add_requests(service, status, size - done)
            done = size
            for fmt in ("csv", "xlsx"):
                tracemalloc.start()
                start = time.perf_counter()
                response = client.get("/admin/eservices/requests/?export=" + fmt)
                written = sum(len(chunk) for chunk in response.streaming_content)
                seconds = time.perf_counter() - start
                peak = tracemalloc.get_traced_memory()[1]
                tracemalloc.stop()
                print(f"{size:>7} {fmt:>6} {written:>11,} {peak / 1024:>9.0f} {seconds:>8.2f}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
