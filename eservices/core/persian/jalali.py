"""Dates as Iranian readers expect them: Jalali (Solar Hijri) in Persian, Gregorian otherwise."""

import datetime

import jdatetime
from django.utils import timezone
from django.utils.translation import get_language

from .digits import to_persian_digits


def to_local_date(value: datetime.date | datetime.datetime) -> datetime.date:
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    return value


def jalali_date_string(value: datetime.date | datetime.datetime) -> str:
    """``1403/05/08`` (ASCII digits) for a date or a moment, in the site's time zone."""
    return jdatetime.date.fromgregorian(date=to_local_date(value)).strftime("%Y/%m/%d")


def jalali_datetime_string(value: datetime.datetime) -> str:
    """``1403/05/08 14:30`` (ASCII digits) in the site's time zone."""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return "%s %s" % (jalali_date_string(local), local.strftime("%H:%M"))


def is_persian() -> bool:
    """Whether the active language is Persian (numbers and dates shown the Persian way)."""
    return (get_language() or "").startswith("fa")


def local_date(value: datetime.date | datetime.datetime | None) -> str:
    """A date (or moment) as the reader reads it: ``۱۴۰۳/۰۵/۰۸`` in Persian, ISO otherwise."""
    if not value:
        return ""
    if is_persian():
        return to_persian_digits(jalali_date_string(value))
    return to_local_date(value).isoformat()


def local_datetime(value: datetime.datetime | None) -> str:
    """A moment as the reader reads it: ``۱۴۰۳/۰۵/۰۸ ۱۴:۳۰`` in Persian, ``2024-07-29 14:30``
    otherwise, in the site's time zone."""
    if not value:
        return ""
    if is_persian():
        return to_persian_digits(jalali_datetime_string(value))
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
