"""The rows every request reads alike, kept under the shared version (core/versioned.py): the
initial status and the holiday list are read once, not on every POST, and an edit to either
counts from the next request on."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from eservices.core.models import Holiday
from eservices.core.servicelevels import due_moment
from eservices.core.versioned import current_version, request_scope
from eservices.requests.models import RequestStatus
from tests.perf.test_form_path import URL, answers, verified  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

KEPT_TABLES = ("eservices_requeststatus", "eservices_holiday")


def test_a_second_request_reads_neither_the_initial_status_nor_the_holidays(verified):  # noqa: F811
    """Catches: ``RequestStatus.initial`` or ``holiday_dates`` read from the database on
    every request (``remembered`` dropped)."""
    page, client = verified
    assert client.post(URL, answers(page)).status_code == 302
    with CaptureQueriesContext(connection) as captured:
        assert client.post(URL, answers(page)).status_code == 302
    read = [q["sql"] for q in captured if any(table in q["sql"] for table in KEPT_TABLES)]
    assert read == []


def test_a_holiday_added_while_serving_a_request_counts_within_it():
    """A request reads the version once (``request_scope``); one that changes a kept row draws
    a new one. Catches: the scope's copy kept after the draw (the request would go on reading
    the holidays kept before its own change)."""
    submitted = timezone.make_aware(datetime.datetime(2025, 1, 4, 10, 0))  # a Saturday
    with request_scope(current_version()):
        before = due_moment(submitted, 1, "working_days")
        Holiday.objects.create(date=before.date(), name="تعطیل")
        assert due_moment(submitted, 1, "working_days").date() > before.date()


def test_a_new_holiday_counts_from_the_next_request():
    """Catches: the holiday list kept without the version (``Holiday`` not watched)."""
    submitted = timezone.make_aware(datetime.datetime(2025, 1, 4, 10, 0))  # a Saturday
    before = due_moment(submitted, 1, "working_days")
    Holiday.objects.create(date=before.date(), name="تعطیل")
    after = due_moment(submitted, 1, "working_days")
    assert after.date() > before.date()


def test_a_changed_initial_status_counts_from_the_next_request():
    """Catches: the initial status kept without the version (``RequestStatus`` not watched)."""
    first = RequestStatus.initial()
    other = RequestStatus.objects.workflow().exclude(pk=first.pk).order_by("sort_order").first()
    RequestStatus.objects.filter(pk=first.pk).update(is_initial=False)  # no signal yet
    other.is_initial = True
    other.save()
    assert RequestStatus.initial().pk == other.pk
