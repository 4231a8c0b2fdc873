"""When a citizen may expect an answer, from the service's response time.

The receipt and the follow-up tab show a date; the back office tracks the exact moment. Both
come from ``eservices.backoffice.servicelevels.due_at`` with the same working week and holiday
list, so the citizen and the staff see the same deadline.
"""

import datetime

from django.utils import timezone

from eservices.backoffice.servicelevels import HORIZON_DAYS, due_at, holiday_dates
from eservices.catalog.choices import ResponseTimeUnit


def due_moment(
    submitted: datetime.datetime, amount: int | None, unit: str
) -> datetime.datetime | None:
    """The moment a request submitted at ``submitted`` (aware) is due; stored on the request.

    None when the service gives no response time. Holidays are loaded only for the working
    units, over the days the computation may look at.
    """
    if not amount:
        return None
    holidays = frozenset()
    if unit != ResponseTimeUnit.DAYS:
        first = timezone.localdate(submitted)
        holidays = holiday_dates(first, first + datetime.timedelta(days=HORIZON_DAYS))
    return due_at(submitted, amount, unit, holidays)


def expected_completion(
    submitted: datetime.datetime, amount: int | None, unit: str
) -> datetime.date | None:
    """The local date by which a request submitted at ``submitted`` should be answered."""
    due = due_moment(submitted, amount, unit)
    return None if due is None else timezone.localdate(due)
