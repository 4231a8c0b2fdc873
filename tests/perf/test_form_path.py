"""The citizen's form path kept short (issue 15, item 4): a gated service's form GET and its
request POST in a verified session make a pinned number of queries, a page view does not
write the session back each time (``last_seen`` at most once a minute, docs/security.md O9),
and a request's INSERT carries its issue to the session and feeds no reference index.

The counts are exact: a query added to the path (a relation read again, the session saved
on every GET, the reference index back) fails the test; a count lowered on purpose is
lowered here. tests/perf/test_query_counts.py checks that they do not grow with the desk."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from wagtail.models import ReferenceIndex, Site

from eservices.conf import settings as eservices_settings
from eservices.core import versioned
from eservices.identity.session import LAST_SEEN_RESOLUTION, SESSION_IDENTITY
from eservices.requests.models import RequestSubmission
from tests.factories import make_complaint
from tests.identity.conftest import check_code, send_code, sent_code

pytestmark = pytest.mark.django_db

URL = "/e-services/13031986000/13031986101/"

#: None: the site, the page with its fields, channels and ancestors come from the route cache
#: (eservices/catalog/routecache.py), the header, footer and home link from the page cache's
#: kept values; the session's own queries aside.
FORM_GET_QUERIES = 0
#: The initial status and the holidays (read once, then kept: tests/requests/test_kept_rows.py),
#: the request (with its issue to the session, no savepoint of its own) and its history row in
#: one transaction; the session's own queries aside.
POST_QUERIES = 6


def session_queries(read: bool = True, saved: bool = False) -> int:
    """What the session costs in queries: none in Redis (the real stack), a read and a save
    in a savepoint with database sessions (the embedded defaults)."""
    if settings.SESSION_ENGINE != "django.contrib.sessions.backends.db":
        return 0
    return int(read) + (3 if saved else 0)


@pytest.fixture
def verified(db):
    page = make_complaint(requires_identity=True)
    client = Client()
    send_code(client, page)
    assert check_code(client, page, sent_code()).status_code == 302
    return page, client


def answers(page) -> dict:
    keys = {field.label: field.clean_name for field in page.get_form_fields()}
    return {
        keys["تاریخ ثبت درخواست"]: "1403/05/08",
        keys["موضوع شکایت"]: "قطعی برق",
        keys["شرح شکایت"]: "برق منزل هر روز قطع می‌شود.",
    }


def verified_page(client) -> bool:
    """Whether the service opens on its form rather than on the identity gate."""
    html = client.get(URL).content.decode()
    return "اعتبار سنجی کاربر" not in html and 'class="form-grid"' in html


def last_seen(client) -> float:
    return client.session[SESSION_IDENTITY]["last_seen"]


def test_form_get_queries(verified, django_assert_num_queries):
    """Catches: the route cache or the kept header and footer left out (some twenty queries
    come back), the form's fields or channels not kept with the page (``serve_prefetch``
    without "channels"), or the session written back on every GET."""
    page, client = verified
    client.get(URL)
    with django_assert_num_queries(FORM_GET_QUERIES + session_queries()):
        response = client.get(URL)
    assert response.status_code == 200
    assert 'class="form-grid"' in response.content.decode()


def test_request_post_queries(verified, django_assert_num_queries):
    """Catches: the issue to the session written by a second UPDATE, Wagtail's reference
    index updated for the request (``wagtail_reference_index_ignore`` dropped), a query per
    form field, or the insert's own savepoint back (``save_with_tracking_number``)."""
    page, client = verified
    client.get(URL)
    data = answers(page)
    # The session is saved: its receipt holder is new.
    with django_assert_num_queries(POST_QUERIES + session_queries(saved=True)):
        response = client.post(URL, data)
    assert response.status_code == 302 and "/receipt/" in response["Location"]
    submission = RequestSubmission.objects.get()
    # Issued to this session in the INSERT: its receipt opens.
    assert client.get(response["Location"]).status_code == 200
    assert submission.issued_to
    content_type = ContentType.objects.get_for_model(RequestSubmission)
    assert not ReferenceIndex.objects.filter(content_type=content_type).exists()


def test_a_post_reads_the_version_once_and_the_site_root_paths_not_at_all(verified, monkeypatch):
    """Redis round trips a request POST saves (issue 15). Catches: the request's version not
    kept for what the view reads under it (``request_scope`` dropped: the initial status and
    the holidays each read it again), or the sites' root paths not kept with the route
    (``Page.get_url`` reads them from the cache for the receipt's redirect)."""
    page, client = verified
    client.get(URL)
    data = answers(page)
    assert client.post(URL, data).status_code == 302  # keeps the initial status and holidays
    reads = []
    real_get = versioned.cache.get
    monkeypatch.setattr(
        versioned.cache,
        "get",
        lambda key, *args, **kwargs: reads.append(key) or real_get(key, *args, **kwargs),
    )
    root_paths = []
    real_root_paths = Site.get_site_root_paths
    monkeypatch.setattr(
        Site, "get_site_root_paths", staticmethod(lambda: root_paths.append(1) or real_root_paths())
    )
    response = client.post(URL, data)
    assert response.status_code == 302 and "/receipt/" in response["Location"]
    assert reads.count(versioned.VERSION_KEY) == 1
    assert root_paths == []


def test_a_page_view_writes_last_seen_at_most_once_a_minute(verified):
    """Catches: ``last_seen`` written on every gated GET (the resolution check removed), or
    never written again (the check inverted)."""
    page, client = verified
    start = last_seen(client)
    soon = datetime.fromtimestamp(start, tz=UTC) + timedelta(seconds=LAST_SEEN_RESOLUTION - 5)
    with time_machine.travel(soon, tick=False):
        assert client.get(URL).status_code == 200
        assert "sessionid" not in client.get(URL).cookies  # nothing to save
    assert last_seen(client) == start
    later = datetime.fromtimestamp(start, tz=UTC) + timedelta(seconds=LAST_SEEN_RESOLUTION + 1)
    with time_machine.travel(later, tick=False):
        assert client.get(URL).status_code == 200
    assert last_seen(client) == pytest.approx(later.timestamp())


def test_idle_timeout_holds_to_within_the_resolution(verified):
    """The identity lapses 15 idle minutes after its last written use, so at most a minute
    early, never late. Catches: ``last_seen`` not advanced by a use after the resolution (the
    identity would lapse 15 minutes after verification however it is used)."""
    page, client = verified
    idle = eservices_settings.ESERVICES_IDENTITY_IDLE
    start = datetime.fromtimestamp(last_seen(client), tz=UTC)
    # A use within the minute is not written: the idle time still counts from the start.
    with time_machine.travel(start + timedelta(seconds=LAST_SEEN_RESOLUTION - 10), tick=False):
        assert verified_page(client)
    with time_machine.travel(start + timedelta(seconds=idle + 1), tick=False):
        assert not verified_page(client)


def test_a_use_after_the_resolution_extends_the_identity(verified):
    """Catches: a gated GET that no longer moves ``last_seen`` at all."""
    page, client = verified
    idle = eservices_settings.ESERVICES_IDENTITY_IDLE
    start = datetime.fromtimestamp(last_seen(client), tz=UTC)
    used = start + timedelta(seconds=LAST_SEEN_RESOLUTION + 1)
    with time_machine.travel(used, tick=False):
        assert verified_page(client)
    with time_machine.travel(used + timedelta(seconds=idle - 5), tick=False):
        assert verified_page(client)
