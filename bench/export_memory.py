"""Benchmark: memory and time of the streamed CSV and XLSX exports as the row count grows.

Exports synthetic inbox rows (12 columns: Persian text, numbers, Jalali and ISO dates) to
/dev/null and prints, for each size and format, the bytes written, the peak of Python memory
(tracemalloc, in a second run) and the wall time of a run without tracing. The peak should stay
flat while the rows grow a hundredfold. No database is needed.

    .venv/bin/python bench/export_memory.py [--sizes 1000 10000 100000]
"""

import argparse
import datetime
import os
import random
import sys
import time
import tracemalloc
import zoneinfo
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms_site.settings.test")

from eservices.backoffice.exports import Column, csv_stream, date_cells, xlsx_stream  # noqa: E402

TEHRAN = zoneinfo.ZoneInfo("Asia/Tehran")
COLUMNS = [
    Column("tracking", "شماره پیگیری"),
    Column("service", "خدمت"),
    Column("status", "وضعیت"),
    Column("submitted_jalali", "تاریخ ثبت"),
    Column("submitted_iso", "تاریخ ثبت (ISO)"),
    Column("national_code", "کد ملی"),
    Column("mobile", "تلفن همراه"),
    Column("name", "نام"),
    Column("subject", "موضوع"),
    Column("amount", "مبلغ (ریال)"),
    Column("days_open", "روزهای باز"),
    Column("overdue", "دیرکرد"),
]
SERVICES = ["ثبت شکایت", "درخواست انشعاب", "تغییر نام", "قطع موقت"]
STATUSES = ["ثبت شده", "در حال بررسی", "پاسخ داده شده", "بسته شده"]
NAMES = ["زهرا کریمی", "علی رضایی", "مریم احمدی", "حسین محمدی"]
SUBJECTS = [
    "قطعی مکرر برق در ساعات شب و آسیب به لوازم خانگی",
    "اشتباه در قرائت کنتور و مبلغ قبض",
    "درخواست جابه‌جایی تیر برق مقابل منزل",
]


def synthetic_rows(count: int):
    """Inbox-like rows, made one at a time as a queryset iterator would give them."""
    rng = random.Random(count)
    start = datetime.datetime(2025, 3, 21, tzinfo=datetime.UTC)
    for number in range(count):
        jalali, iso = date_cells(start + datetime.timedelta(minutes=7 * number), TEHRAN)
        yield {
            "tracking": str(rng.randrange(10**12, 10**13)),
            "service": SERVICES[number % 4],
            "status": STATUSES[rng.randrange(4)],
            "submitted_jalali": jalali,
            "submitted_iso": iso,
            "national_code": "%010d" % rng.randrange(10**10),
            "mobile": "09%09d" % rng.randrange(10**9),
            "name": NAMES[rng.randrange(4)],
            "subject": SUBJECTS[rng.randrange(3)] + " شماره %d" % number,
            "amount": rng.randrange(10**9),
            "days_open": rng.randrange(60),
            "overdue": rng.random() < 0.1,
        }


def export(stream_function, count: int) -> int:
    written = 0
    with open(os.devnull, "wb") as sink:
        for chunk in stream_function(COLUMNS, synthetic_rows(count)):
            written += sink.write(chunk)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    args = parser.parse_args()
    print(f"{'rows':>8} {'format':>6} {'bytes':>12} {'peak KiB':>9} {'seconds':>8}")
    for count in sorted(args.sizes):
        for name, stream_function in (("csv", csv_stream), ("xlsx", xlsx_stream)):
            start = time.perf_counter()
            size = export(stream_function, count)
            seconds = time.perf_counter() - start
            tracemalloc.start()
            export(stream_function, count)
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            print(f"{count:>8} {name:>6} {size:>12,} {peak / 1024:>9.0f} {seconds:>8.2f}")


if __name__ == "__main__":
    main()
