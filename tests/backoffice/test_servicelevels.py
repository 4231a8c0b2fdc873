"""Due moments of requests: the three response-time units across the Iranian weekend,
holidays, out-of-hours submissions, and properties checked against slow independent counters."""

import datetime
from zoneinfo import ZoneInfo

import hypothesis
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

from eservices.conf import DEFAULTS
from eservices.core.models import Holiday
from eservices.core.servicelevels import (
    HORIZON_DAYS,
    due_at,
    due_moment,
    holiday_dates,
    is_overdue,
    working_windows,
)

TEHRAN = ZoneInfo("Asia/Tehran")
HALF_DAY_THURSDAY = {**DEFAULTS["ESERVICES_WORKING_HOURS"], 3: ("08:00", "12:00")}


def at(day: int, hour: int = 0, minute: int = 0) -> datetime.datetime:
    """A moment in Tehran in the first week of 2025: 1 January is a Wednesday, 3 a Friday."""
    return datetime.datetime(2025, 1, day, hour, minute, tzinfo=TEHRAN)


WED, THU, FRI, SAT, SUN, MON, TUE, NEXT_WED = range(1, 9)
NO_HOLIDAYS = frozenset()
SATURDAY_OFF = frozenset({datetime.date(2025, 1, SAT)})
SUNDAY_OFF = frozenset({datetime.date(2025, 1, SUN)})

CASES = [
    # unit, submitted, amount, holidays, due
    ("working_hours", at(WED, 15), 8, NO_HOLIDAYS, at(SAT, 15)),
    ("working_hours", at(WED, 15), 1, NO_HOLIDAYS, at(WED, 16)),
    ("working_hours", at(WED, 16), 1, NO_HOLIDAYS, at(SAT, 9)),
    ("working_hours", at(WED, 7), 2, NO_HOLIDAYS, at(WED, 10)),
    ("working_hours", at(WED, 18), 2, NO_HOLIDAYS, at(SAT, 10)),
    ("working_hours", at(THU, 10), 8, NO_HOLIDAYS, at(SAT, 16)),
    ("working_hours", at(FRI, 10), 2, NO_HOLIDAYS, at(SAT, 10)),
    ("working_hours", at(SAT, 9, 30), 16, NO_HOLIDAYS, at(MON, 9, 30)),
    ("working_hours", at(SAT, 8), 40, NO_HOLIDAYS, at(NEXT_WED, 16)),
    ("working_hours", at(WED, 15), 8, SATURDAY_OFF, at(SUN, 15)),
    ("working_hours", at(FRI, 10), 2, SATURDAY_OFF, at(SUN, 10)),
    ("working_days", at(WED, 10), 1, NO_HOLIDAYS, at(SAT, 16)),
    ("working_days", at(WED, 7), 1, NO_HOLIDAYS, at(SAT, 16)),
    ("working_days", at(WED, 23, 59), 1, NO_HOLIDAYS, at(SAT, 16)),
    ("working_days", at(THU, 10), 2, NO_HOLIDAYS, at(SUN, 16)),
    ("working_days", at(FRI, 10), 1, NO_HOLIDAYS, at(SAT, 16)),
    ("working_days", at(WED, 10), 3, NO_HOLIDAYS, at(MON, 16)),
    ("working_days", at(WED, 10), 5, NO_HOLIDAYS, at(NEXT_WED, 16)),
    ("working_days", at(WED, 10), 2, SUNDAY_OFF, at(MON, 16)),
    ("working_days", at(SAT, 0, 1), 1, SUNDAY_OFF, at(MON, 16)),
    ("days", at(WED, 15), 2, NO_HOLIDAYS, at(FRI, 15)),
    ("days", at(WED, 15, 20), 3, SATURDAY_OFF, at(SAT, 15, 20)),
    ("days", at(FRI, 22), 1, NO_HOLIDAYS, at(SAT, 22)),
]


@pytest.mark.parametrize(("unit", "submitted", "amount", "holidays", "due"), CASES)
def test_due_moment_across_the_weekend_and_holidays(unit, submitted, amount, holidays, due):
    result = due_at(submitted, amount, unit, holidays)
    assert result == due
    assert result.tzinfo == TEHRAN


THURSDAY_CASES = [
    ("working_hours", at(WED, 15), 8, at(SAT, 11)),
    ("working_hours", at(THU, 13), 1, at(SAT, 9)),
    ("working_days", at(WED, 10), 1, at(THU, 12)),
    ("working_days", at(MON, 10), 3, at(9, 12)),  # Thursday 9 January
]


@pytest.mark.parametrize(("unit", "submitted", "amount", "due"), THURSDAY_CASES)
def test_the_working_week_comes_from_the_setting(settings, unit, submitted, amount, due):
    settings.ESERVICES_WORKING_HOURS = HALF_DAY_THURSDAY
    assert due_at(submitted, amount, unit) == due


def test_thursday_and_friday_are_not_working_days_by_default():
    windows = working_windows(DEFAULTS["ESERVICES_WORKING_HOURS"])
    assert sorted(windows) == [0, 1, 2, 5, 6]
    assert set(windows.values()) == {(datetime.time(8), datetime.time(16))}


def test_a_submission_in_another_time_zone_is_counted_on_tehran_time():
    submitted = datetime.datetime(2025, 1, 1, 11, 30, tzinfo=datetime.UTC)  # 15:00 in Tehran
    due = due_at(submitted, 8, "working_hours")
    assert due == at(SAT, 15)
    assert due.utcoffset() == datetime.timedelta(hours=3, minutes=30)


@pytest.mark.parametrize("unit", ["working_hours", "working_days", "days"])
@pytest.mark.parametrize("amount", [None, 0])
def test_no_response_time_means_no_due_moment(unit, amount):
    assert due_at(at(WED, 10), amount, unit) is None


def test_a_naive_submission_time_or_an_unknown_unit_is_refused():
    with pytest.raises(ValueError):
        due_at(datetime.datetime(2025, 1, 1, 10), 2, "working_hours")
    with pytest.raises(ValueError):
        due_at(at(WED, 10), 2, "fortnights")


def test_a_week_without_working_days_is_a_configuration_error_not_a_hang(settings):
    settings.ESERVICES_WORKING_HOURS = {}
    for unit in ("working_hours", "working_days"):
        with pytest.raises(ImproperlyConfigured):
            due_at(at(WED, 10), 1, unit)
    assert due_at(at(WED, 10), 1, "days") == at(THU, 10)


@pytest.mark.parametrize(
    "working_hours",
    [
        {7: ("08:00", "16:00")},
        {"5": ("08:00", "16:00")},
        {5: ("16:00", "08:00")},
        {5: ("08:00", "08:00")},
        {5: ("8", "16")},
        {5: ("08:00",)},
        {5: None},
    ],
)
def test_malformed_working_hours_are_reported(working_hours):
    with pytest.raises(ImproperlyConfigured):
        working_windows(working_hours)


def test_a_moment_beyond_the_horizon_is_not_computed():
    start = datetime.date(2025, 1, 1)
    every_day = frozenset(start + datetime.timedelta(days=n) for n in range(HORIZON_DAYS + 2))
    assert due_at(at(WED, 10), 1, "working_hours", every_day) is None
    assert due_at(at(WED, 10), 1, "working_days", every_day) is None
    assert due_at(at(WED, 10), 32767, "working_days") is None
    assert due_at(at(WED, 10), 32767, "days") == at(WED, 10) + datetime.timedelta(days=32767)


def test_overdue_only_while_open_and_past_the_due_moment():
    due = at(SAT, 15)
    assert not is_overdue(due, at(SAT, 15), answered=False)
    assert is_overdue(due, at(SAT, 15, 1), answered=False)
    assert not is_overdue(due, at(SUN, 9), answered=True)
    assert not is_overdue(None, at(SUN, 9), answered=False)


# Properties ----------------------------------------------------------------------------------

MINUTE = datetime.timedelta(minutes=1)


@st.composite
def weeks(draw) -> dict[int, tuple[str, str]]:
    """A working week of one to seven days, windows on quarter hours, at least two hours long."""
    days = draw(st.lists(st.integers(0, 6), min_size=1, max_size=7, unique=True))
    week = {}
    for day in days:
        opens = draw(st.integers(0, 87)) * 15
        closes = draw(st.integers(opens + 120, 24 * 60 - 1))
        week[day] = ("%02d:%02d" % divmod(opens, 60), "%02d:%02d" % divmod(closes, 60))
    return week


submissions = st.datetimes(
    min_value=datetime.datetime(2023, 1, 1), max_value=datetime.datetime(2030, 12, 31)
).map(lambda moment: moment.replace(second=0, microsecond=0, tzinfo=TEHRAN))


@st.composite
def holiday_sets(draw, start: datetime.datetime) -> frozenset[datetime.date]:
    offsets = draw(st.frozensets(st.integers(0, 20), max_size=8))
    return frozenset(start.date() + datetime.timedelta(days=n) for n in offsets)


def is_working_minute(moment: datetime.datetime, week, holidays) -> bool:
    """The slow, obvious definition: the minute starting at ``moment`` is inside a window."""
    window = week.get(moment.weekday())
    if window is None or moment.date() in holidays:
        return False
    return window[0] <= moment.strftime("%H:%M") < window[1]


def is_working_day(day: datetime.date, week, holidays) -> bool:
    return day.weekday() in week and day not in holidays


PROPERTY = hypothesis.settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@PROPERTY
@given(data=st.data(), week=weeks(), submitted=submissions, amount=st.integers(1, 16))
def test_working_hours_due_holds_exactly_the_promised_working_time(data, week, submitted, amount):
    holidays = data.draw(holiday_sets(submitted))
    due = due_at(submitted, amount, "working_hours", holidays, week)
    assert due >= submitted
    moment, worked = submitted.replace(tzinfo=None), 0
    end = due.replace(tzinfo=None)
    while moment < end:
        worked += is_working_minute(moment, week, holidays)
        moment += MINUTE
    assert worked == amount * 60
    # And not a minute later than needed: the last minute before the due moment is worked.
    assert is_working_minute(end - MINUTE, week, holidays)


@PROPERTY
@given(data=st.data(), week=weeks(), submitted=submissions, amount=st.integers(1, 15))
def test_working_days_due_closes_the_nth_working_day_after_submission(
    data, week, submitted, amount
):
    holidays = data.draw(holiday_sets(submitted))
    due = due_at(submitted, amount, "working_days", holidays, week)
    assert due > submitted
    assert is_working_day(due.date(), week, holidays)
    assert due.strftime("%H:%M") == week[due.weekday()][1]
    day, counted = submitted.date(), 0
    while day < due.date():
        day += datetime.timedelta(days=1)
        counted += is_working_day(day, week, holidays)
    assert counted == amount


@PROPERTY
@given(week=weeks(), submitted=submissions, amount=st.integers(1, 400))
def test_calendar_days_keep_the_time_of_day(week, submitted, amount):
    due = due_at(submitted, amount, "days", frozenset({submitted.date()}), week)
    assert due >= submitted
    assert due.time() == submitted.time()
    assert (due.date() - submitted.date()).days == amount


# The holiday list and the citizen's date --------------------------------------------------------


@pytest.mark.django_db
def test_holiday_dates_reads_the_list_for_the_range_both_ends_included():
    for day, name in [(SAT, "a"), (SUN, "b"), (MON, "c"), (FRI, "outside")]:
        Holiday.objects.create(date=datetime.date(2025, 1, day), name=name)
    found = holiday_dates(datetime.date(2025, 1, SAT), datetime.date(2025, 1, MON))
    assert found == {datetime.date(2025, 1, day) for day in (SAT, SUN, MON)}
    assert isinstance(found, frozenset)


def expected_completion(submitted, amount, unit):
    """The citizen's date: the local date of the stored due moment, as the receipt shows it."""
    due = due_moment(submitted, amount, unit)
    return None if due is None else timezone.localdate(due)


@pytest.mark.django_db
def test_the_citizens_expected_date_skips_listed_holidays_like_the_back_office():
    assert expected_completion(at(WED, 15), 8, "working_hours") == datetime.date(2025, 1, SAT)
    Holiday.objects.create(date=datetime.date(2025, 1, SAT), name="holiday")
    assert expected_completion(at(WED, 15), 8, "working_hours") == datetime.date(2025, 1, SUN)
    assert expected_completion(at(WED, 10), 1, "working_days") == datetime.date(2025, 1, SUN)
    assert expected_completion(at(WED, 15), 3, "days") == datetime.date(2025, 1, SAT)
    assert expected_completion(at(WED, 15), None, "days") is None


@pytest.mark.django_db
def test_the_citizens_date_is_the_local_date_of_the_due_moment():
    late_utc = datetime.datetime(2025, 1, 3, 22, 0, tzinfo=datetime.UTC)  # Saturday 01:30 Tehran
    assert expected_completion(late_utc, 1, "days") == datetime.date(2025, 1, SUN)
