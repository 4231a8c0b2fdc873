"""Service levels: when a request is due, and whether it is late.

A service promises an answer within an amount of working hours, working days or calendar days
(``ServiceInfoMixin.response_time_amount`` and ``response_time_unit``). Everything here is pure
computation on the project's wall clock (``TIME_ZONE``, Asia/Tehran): the working week comes
from ``ESERVICES_WORKING_HOURS`` and holidays are passed in as dates, so the citizen's receipt
and the back office compute the same moment from the same inputs. ``holiday_dates`` loads the
editable holiday list for callers that have a database at hand.
"""

import datetime
from collections.abc import Iterator, Mapping
from itertools import islice
from zoneinfo import ZoneInfo

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eservices.conf import settings

from .models import Holiday
from .versioned import remembered


class ResponseTimeUnit(models.TextChoices):
    """The unit of a service's promised response time."""

    WORKING_HOURS = "working_hours", _("working hours")
    WORKING_DAYS = "working_days", _("working days")
    DAYS = "days", _("calendar days")


Window = tuple[datetime.time, datetime.time]
WorkingHours = Mapping[int, tuple[str, str]]

# How far past the submission day a due moment is searched for. A promise that ends later (or
# a holiday list that closes every working day for three years) has no computable due moment.
# Public so that callers know how many days of holidays to load.
HORIZON_DAYS = 3 * 366


def working_windows(working_hours: WorkingHours | None = None) -> dict[int, Window]:
    """Each working weekday's opening and closing time, from the mapping or the setting.

    Raises ``ImproperlyConfigured`` for a malformed entry or a week without working days:
    every due moment computed from such a week would be wrong or would never come.
    """
    if working_hours is None:
        working_hours = settings.ESERVICES_WORKING_HOURS
    windows = {weekday: _window(weekday, value) for weekday, value in working_hours.items()}
    if not windows:
        raise ImproperlyConfigured("ESERVICES_WORKING_HOURS must name at least one working day.")
    return windows


def _window(weekday: int, value: tuple[str, str]) -> Window:
    problem = "ESERVICES_WORKING_HOURS[%r] must be (opening, closing) as 'HH:MM', opening first."
    if weekday not in range(7):
        raise ImproperlyConfigured(
            "ESERVICES_WORKING_HOURS keys are weekdays, Monday 0 to Sunday 6; got %r." % weekday
        )
    try:
        opens, closes = (datetime.time.fromisoformat(text) for text in value)
    except (TypeError, ValueError) as error:
        raise ImproperlyConfigured(problem % weekday) from error
    if opens >= closes:
        raise ImproperlyConfigured(problem % weekday)
    return opens, closes


def due_at(
    submitted: datetime.datetime,
    amount: int | None,
    unit: str,
    holidays: frozenset[datetime.date] = frozenset(),
    working_hours: WorkingHours | None = None,
    tz: ZoneInfo | None = None,
) -> datetime.datetime | None:
    """The moment an answer to a request submitted at ``submitted`` (aware) is due.

    * ``days``: the same time of day ``amount`` calendar days later; holidays do not matter.
    * ``working_hours``: the instant the ``amount``-th working hour ends, counting only time
      inside the working windows of working days that are not holidays; a request submitted out
      of hours starts counting when the next window opens.
    * ``working_days``: the closing time of the ``amount``-th working day after the day of
      submission (that day never counts, whatever the hour).

    Returns an aware datetime in ``tz`` (default: the project's time zone), or None when the
    service promises nothing (no amount, or 0) or the moment lies beyond ``HORIZON_DAYS``.
    """
    if not amount:
        return None
    if amount < 0:
        raise ValueError("A response time cannot be negative: %r" % amount)
    tz = tz or timezone.get_default_timezone()
    local = timezone.localtime(submitted, tz)
    if unit == ResponseTimeUnit.DAYS:
        return local + datetime.timedelta(days=amount)
    windows = working_windows(working_hours)
    wall_clock = local.replace(tzinfo=None)
    if unit == ResponseTimeUnit.WORKING_HOURS:
        due = _add_working_time(wall_clock, datetime.timedelta(hours=amount), windows, holidays)
    elif unit == ResponseTimeUnit.WORKING_DAYS:
        due = _close_of_working_day(wall_clock.date(), amount, windows, holidays)
    else:
        raise ValueError("Unknown response time unit: %r" % unit)
    return None if due is None else timezone.make_aware(due, tz)


def _working_days(
    first: datetime.date, windows: dict[int, Window], holidays: frozenset[datetime.date]
) -> Iterator[tuple[datetime.date, Window]]:
    """The working days from ``first`` on, with their windows, up to the horizon."""
    for offset in range(HORIZON_DAYS):
        day = first + datetime.timedelta(days=offset)
        window = windows.get(day.weekday())
        if window and day not in holidays:
            yield day, window


def _add_working_time(
    start: datetime.datetime,
    duration: datetime.timedelta,
    windows: dict[int, Window],
    holidays: frozenset[datetime.date],
) -> datetime.datetime | None:
    remaining = duration
    for day, (opens, closes) in _working_days(start.date(), windows, holidays):
        begin = max(datetime.datetime.combine(day, opens), start)
        end = datetime.datetime.combine(day, closes)
        if begin >= end:
            continue
        if remaining <= end - begin:
            return begin + remaining
        remaining -= end - begin
    return None


def _close_of_working_day(
    submitted_day: datetime.date,
    count: int,
    windows: dict[int, Window],
    holidays: frozenset[datetime.date],
) -> datetime.datetime | None:
    following = _working_days(submitted_day + datetime.timedelta(days=1), windows, holidays)
    found = next(islice(following, count - 1, None), None)
    if found is None:
        return None
    day, (_, closes) = found
    return datetime.datetime.combine(day, closes)


def holiday_dates(start: datetime.date, end: datetime.date) -> frozenset[datetime.date]:
    """The holidays from ``start`` to ``end`` (both included) in the editable holiday list.

    Kept under the shared version (core/versioned.py): saving or deleting a holiday orphans
    it, so an edit to the list counts from the next request on.
    """

    def build() -> frozenset[datetime.date]:
        dates = Holiday.objects.filter(date__range=(start, end)).values_list("date", flat=True)
        return frozenset(dates)

    return remembered("holidays", (start, end), build)


def due_moment(
    submitted: datetime.datetime, amount: int | None, unit: str
) -> datetime.datetime | None:
    """The moment a request submitted at ``submitted`` (aware) is due, with the holiday list.

    The request stores it when it is made, so the receipt, the follow-up tab and the back
    office show the same deadline. None when the service gives no response time; holidays are
    loaded only for the working units, over the days the computation may look at.
    """
    if not amount:
        return None
    holidays = frozenset()
    if unit != ResponseTimeUnit.DAYS:
        first = timezone.localdate(submitted)
        holidays = holiday_dates(first, first + datetime.timedelta(days=HORIZON_DAYS))
    return due_at(submitted, amount, unit, holidays)


def is_overdue(due: datetime.datetime | None, now: datetime.datetime, answered: bool) -> bool:
    """Whether a request still waiting for its answer has passed its due moment.

    A request in a status that counts as answered is never overdue, even if it was answered
    late. No due moment, never overdue. ``filters.overdue_q`` is the same rule in SQL.
    """
    return due is not None and not answered and now > due
