"""Benchmark: memory and time of the streamed CSV and XLSX exports as the row count grows.

Exports synthetic inbox rows (12 columns: Persian text, numbers, a Jalali date as text and a
Gregorian moment as a typed date) to /dev/null and prints, for each size and format, the bytes
written, the peak of Python memory (tracemalloc, in a second run) and the wall time of a run
without tracing. The peak should stay flat while the rows grow a hundredfold. The XLSX is
written by openpyxl to temporary files first (see ``eservices/backoffice/exports.py``), so its
time includes the whole workbook and the disk it needs is printed too. No database is needed.

    .venv/bin/python bench/export_memory.py [--sizes 1000 10000 100000]
"""

import argparse
import datetime
import os
import random
import sys
import time
import tracemalloc
import zipfile
import zoneinfo
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms_site.settings.test")

from eservices.backoffice.exports import (  # noqa: E402
    Column,
    csv_stream,
    date_cell,
    xlsx_file,
    xlsx_stream,
)

TEHRAN = zoneinfo.ZoneInfo("Asia/Tehran")
COLUMNS = [
    Column("tracking", "شماره پیگیری"),
    Column("service", "خدمت"),
    Column("status", "وضعیت"),
    Column("submitted", "تاریخ ثبت"),
    Column("due", "مهلت (میلادی)"),
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
        moment = start + datetime.timedelta(minutes=7 * number)
        yield {
            "tracking": str(rng.randrange(10**12, 10**13)),
            "service": SERVICES[number % 4],
            "status": STATUSES[rng.randrange(4)],
            "submitted": date_cell(moment, TEHRAN, jalali=True),
            "due": date_cell(moment + datetime.timedelta(days=3), TEHRAN, jalali=False),
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


def xlsx_disk(count: int) -> int:
    """Bytes on disk while an XLSX export is written: openpyxl's sheet file (its XML, removed
    once zipped) plus the workbook it is zipped into."""
    with xlsx_file(COLUMNS, synthetic_rows(count)) as workbook:
        sheet_xml = zipfile.ZipFile(workbook).getinfo("xl/worksheets/sheet1.xml").file_size
        return sheet_xml + workbook.seek(0, os.SEEK_END)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    args = parser.parse_args()
    print(f"{'rows':>8} {'format':>6} {'bytes':>12} {'peak KiB':>9} {'seconds':>8} {'disk MB':>8}")
    for count in sorted(args.sizes):
        for name, stream_function in (("csv", csv_stream), ("xlsx", xlsx_stream)):
            start = time.perf_counter()
            size = export(stream_function, count)
            seconds = time.perf_counter() - start
            tracemalloc.start()
            export(stream_function, count)
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            disk = f"{xlsx_disk(count) / 10**6:>8.1f}" if name == "xlsx" else f"{'-':>8}"
            print(f"{count:>8} {name:>6} {size:>12,} {peak / 1024:>9.0f} {seconds:>8.2f} {disk}")


if __name__ == "__main__":
    main()
