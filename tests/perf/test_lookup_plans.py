"""The citizen's lookups find a request by the tracking number's unique index, not by walking
the service's requests in time order (issue 15: ``page = … AND tracking_number IN (…)`` with
the model's ``-submit_time`` ordering made SQLite walk the (page, time) index, 863 ms at a
million requests). Checked on the query plan of the database the tests run on, with
statistics gathered over a few hundred requests of the same service."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from eservices.core.numbers import new_tracking_number
from eservices.requests.issued import holder_digest
from eservices.requests.models import RequestStatus, RequestSubmission
from tests.factories import make_complaint

pytestmark = pytest.mark.django_db

URL = "/e-services/13031986000/13031986101/"
NATIONAL_CODE = "0013542419"


@pytest.fixture
def busy_service(db):
    """The complaint service with 600 requests, the first 20 issued to ``client``'s session."""
    page = make_complaint()
    client = Client()
    session = client.session
    holder = holder_digest(session, create=True)
    session.save()
    status = RequestStatus.initial()
    RequestSubmission.objects.bulk_create(
        [
            RequestSubmission(
                page=page,
                form_data={},
                tracking_number=new_tracking_number(),
                registrant_national_code=NATIONAL_CODE,
                status=status,
                issued_to=holder if i < 20 else "",
            )
            for i in range(600)
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return page, client


def plan(sql: str) -> str:
    """The query's plan. PostgreSQL reads a table of a few hundred rows whole, whatever its
    indexes: it is asked to choose among its indexes (``enable_seqscan`` off) instead."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
        else:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql)
        return "\n".join(str(row) for row in cursor.fetchall())


def by_tracking_number(captured) -> list[str]:
    return [
        q["sql"]
        for q in captured.captured_queries
        if '"tracking_number" IN' in q["sql"] or '"tracking_number" = ' in q["sql"]
    ]


def assert_unique_index(sql: str) -> None:
    assert "ORDER BY" not in sql
    found = plan(sql)
    assert "page_time" not in found, found
    if connection.vendor == "sqlite":
        assert "sqlite_autoindex_eservices_requestsubmission" in found, found
    else:
        assert "tracking_number" in found and "Index" in found, found


def test_the_follow_up_tabs_receipts(busy_service):
    """Catches: ``issued_submissions`` ordered again (``.order_by()`` removed)."""
    page, client = busy_service
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL + "follow-up/").status_code == 200
    queries = [sql for sql in by_tracking_number(captured) if " IN (" in sql]
    assert queries
    for sql in queries:
        assert_unique_index(sql)


def test_the_status_lookup(busy_service):
    """Catches: the lookup through ``.first()`` (it orders by ``-submit_time``)."""
    page, _client = busy_service
    number = RequestSubmission.objects.order_by("pk")[300].tracking_number
    with CaptureQueriesContext(connection) as captured:
        response = Client().post(
            URL + "follow-up/", {"tracking_number": number, "national_code": NATIONAL_CODE}
        )
    assert 'class="status"' in response.content.decode()
    queries = [sql for sql in by_tracking_number(captured) if "registrant_national_code" in sql]
    assert queries
    for sql in queries:
        assert_unique_index(sql)
