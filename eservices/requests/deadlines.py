"""When a request is expected to be answered, from the service's response time.

Working days skip Fridays (the Iranian weekend); working hours count an 8-hour working day.
Holidays are not known here yet: the back office's holiday list will refine this.
"""

import datetime

WORKING_DAY_HOURS = 8
WEEKEND = {4}  # Friday (Monday is 0)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    current = start
    while days > 0:
        current += datetime.timedelta(days=1)
        if current.weekday() not in WEEKEND:
            days -= 1
    return current


def expected_completion(submitted: datetime.date, amount: int | None, unit: str):
    """The date by which an answer is due, or None when the service gives no response time."""
    if not amount:
        return None
    if unit == "days":
        return submitted + datetime.timedelta(days=amount)
    if unit == "working_hours":
        amount = -(-amount // WORKING_DAY_HOURS)  # whole working days, rounded up
    return add_working_days(submitted, amount)
