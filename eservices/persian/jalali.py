"""Dates as Iranian readers expect them: Jalali (Solar Hijri) in Persian, Gregorian otherwise."""

import datetime

import jdatetime
from django.utils import timezone


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
