"""The inbox at scale: keyset pages (no COUNT, no OFFSET), filters an index can serve, and the
citizen's lookups by the tracking number's unique index (docs/architecture.md, "Flat cost at
scale"). The figures themselves are bench/scale.py's."""

import datetime
import html as html_module
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from eservices.backoffice import keyset
from eservices.backoffice.inbox import RequestIndexView
from eservices.requests.models import RequestSubmission

from .conftest import make_request

INBOX = "/admin/eservices/requests/"
PER_PAGE = 3


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(RequestIndexView, "get_paginate_by", lambda view, queryset: PER_PAGE)


def shown(html: str) -> list[int]:
    """The requests a page lists, in order."""
    pks = []
    for pk in re.findall(r'href="/admin/eservices/requests/(\d+)/"', html):
        if int(pk) not in pks:
            pks.append(int(pk))
    return pks


def link(html: str, rel: str) -> str | None:
    found = re.search(r'rel="%s" href="([^"]+)"' % rel, html)
    return html_module.unescape(found.group(1)) if found else None


def walk(client, url: str) -> tuple[list[list[int]], str]:
    """Follow "Next" from ``url`` to the end: the pages, and the last page's HTML."""
    pages = []
    while url:
        html = client.get(url).content.decode()
        pages.append(shown(html))
        url = link(html, "next")
        assert len(pages) < 20, "the pages never end"
    return pages, html


def walk_back(client, html: str) -> list[list[int]]:
    pages = []
    while url := link(html, "prev"):
        html = client.get(url).content.decode()
        pages.insert(0, shown(html))
    return pages


@pytest.fixture
def twelve(desk):
    """Twelve requests, five of them filed at the same microsecond (a bulk import), and due
    times with gaps (no due time on four)."""
    base = datetime.datetime(2026, 11, 1, 8, tzinfo=datetime.UTC)
    made = []
    for i in range(12):
        submission = make_request(desk["service_a" if i % 2 else "service_b"])
        moment = base if 3 <= i < 8 else base + datetime.timedelta(hours=i)
        due = None if i % 3 == 0 else base + datetime.timedelta(days=i % 5)
        RequestSubmission.objects.filter(pk=submission.pk).update(submit_time=moment, due_at=due)
        made.append(submission.pk)
    return RequestSubmission.objects.filter(pk__in=made)


def test_next_and_previous_visit_every_request_once_in_order(admin_client, twelve, small_pages):
    """Catches: the primary key left out of the key (the five requests of one moment are
    skipped or repeated at a page's edge) and "Previous" not giving back the same pages."""
    expected = [r.pk for r in sorted(twelve, key=lambda r: (r.submit_time, r.pk), reverse=True)]
    pages, last = walk(admin_client, INBOX)
    assert [pk for page in pages for pk in page] == expected
    assert [len(page) for page in pages] == [3, 3, 3, 3]
    assert walk_back(admin_client, last) == pages[:-1]


@pytest.mark.parametrize("ordering", ["due_at", "-due_at", "tracking_number", "submit_time"])
def test_every_sortable_column_pages_through_all_requests(
    admin_client, twelve, small_pages, ordering
):
    """Catches: requests without a due time lost or repeated (nulls are the largest values in
    both directions, on every database) and a cursor that ignores the column sorted by."""
    name = ordering.lstrip("-")
    descending = ordering.startswith("-")

    def sort_key(r):
        value = getattr(r, name)
        # Nulls largest; the primary key breaks ties in the same direction.
        return (value is None, value or 0, r.pk) if name == "due_at" else (value, r.pk)

    expected = [r.pk for r in sorted(twelve, key=sort_key, reverse=descending)]
    pages, last = walk(admin_client, INBOX + "?ordering=" + ordering)
    assert [pk for page in pages for pk in page] == expected
    assert walk_back(admin_client, last) == pages[:-1]


def test_a_page_counts_nothing(admin_client, twelve):
    """Catches: Wagtail's page-number paginator back (it counts every request the filters
    match: 3.5-7.9 s a page at a million requests)."""
    for query in ("", "?status=%d" % twelve[0].status_id, "?q=0013542419"):
        with CaptureQueriesContext(connection) as captured:
            response = admin_client.get(INBOX + query)
        assert response.status_code == 200
        sql = [q["sql"].upper() for q in captured.captured_queries]
        listing = [s for s in sql if 'FROM "ESERVICES_REQUESTSUBMISSION"' in s]
        assert listing and not [s for s in listing if "COUNT(" in s or "OFFSET" in s]


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        "////",
        keyset.encode_cursor("-submit_time", ["not a date", 1]),
        keyset.encode_cursor("-submit_time", [1, 2, 3]),
        keyset.encode_cursor("tracking_number", ["1", 1]),  # made for another ordering
        keyset.encode_cursor("-submit_time", [{"a": 1}, "x"]),
        "x" * 5000,
    ],
)
def test_a_forged_cursor_gives_the_first_page(admin_client, twelve, small_pages, cursor):
    """Catches: a cursor decoded without checks (a 500 on text typed into the address)."""
    first = shown(admin_client.get(INBOX).content.decode())
    for name in (keyset.AFTER, keyset.BEFORE):
        response = admin_client.get(INBOX, {name: cursor})
        assert response.status_code == 200
        assert shown(response.content.decode()) == first


def test_a_cursor_past_the_end_gives_the_first_page(admin_client, twelve, small_pages):
    """Catches: an empty page with a "Previous" link to nowhere once the last rows are gone."""
    oldest = min(twelve, key=lambda r: (r.submit_time, r.pk))
    cursor = keyset.encode_cursor("-submit_time", [oldest.submit_time, oldest.pk])
    html = admin_client.get(INBOX, {keyset.AFTER: cursor}).content.decode()
    assert len(shown(html)) == PER_PAGE and link(html, "prev") is None


def test_filters_and_sorting_start_again_from_the_first_page(admin_client, twelve, small_pages):
    """Catches: a sort link keeping the cursor of another ordering and opening mid-list."""
    html = admin_client.get(INBOX).content.decode()
    second_page = link(html, "next")
    html = admin_client.get(second_page + "&ordering=tracking_number").content.decode()
    first_by_number = sorted(twelve, key=lambda r: r.tracking_number)[:PER_PAGE]
    assert shown(html) == [r.pk for r in first_by_number]


def test_date_filter_bounds_are_the_staff_members_midnights(admin_client, desk):
    """1405/09/06 runs from 2026-11-26 20:30 to 2026-11-27 20:30 UTC in Tehran. Catches: the
    bounds taken in UTC, or the end bound at the day's midnight instead of the next one's."""
    inside = make_request(desk["service_a"])
    before = make_request(desk["service_a"])
    after = make_request(desk["service_a"])
    for submission, moment in [
        (inside, datetime.datetime(2026, 11, 27, 20, 0)),  # 23:30 on 1405/09/06 in Tehran
        (before, datetime.datetime(2026, 11, 26, 20, 20)),  # 23:50 on 1405/09/05
        (after, datetime.datetime(2026, 11, 27, 20, 40)),  # 00:10 on 1405/09/07
    ]:
        RequestSubmission.objects.filter(pk=submission.pk).update(
            submit_time=moment.replace(tzinfo=datetime.UTC)
        )
    html = admin_client.get(
        INBOX, {"submitted_from": "1405/09/06", "submitted_to": "1405/09/06"}
    ).content.decode()
    assert shown(html) == [inside.pk]


def test_a_whole_tracking_number_is_searched_by_equality(admin_client, twelve):
    """Catches: the search by a prefix only (``LIKE``, which SQLite's index does not serve)."""
    wanted = twelve[0]
    with CaptureQueriesContext(connection) as captured:
        html = admin_client.get(INBOX, {"q": wanted.tracking_number}).content.decode()
    assert shown(html) == [wanted.pk]
    listing = [q["sql"] for q in captured.captured_queries if "tracking_number" in q["sql"]]
    assert any('"tracking_number" = ' in sql for sql in listing)
    assert not any("LIKE" in sql.upper() for sql in listing)
