"""Query counts that do not grow with the desk: the catalog, a service's form, a request's
POST, the status lookup and the staff inbox make as many queries with 20 services and 50
requests as with 2 services and 5 requests (issue 15, item 6; the times are bench/scale.py's).

Each test measures the small desk, grows it tenfold and asserts the very same count: a query
per service or per request (an N+1) breaks it, whatever the count is today."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from eservices.backoffice import keyset
from eservices.requests.issued import holder_digest
from eservices.requests.models import RequestStatus, RequestSubmission
from tests.backoffice.conftest import make_request, make_staff
from tests.factories import make_complaint, make_service, service_id
from tests.identity.conftest import check_code, send_code, sent_code

pytestmark = pytest.mark.django_db

URL = "/e-services/13031986000/13031986101/"
DESK = "/e-services/"
GROUP = "/e-services/13031986000/"
INBOX = "/admin/eservices/requests/"
NATIONAL_CODE = "0013542419"


def counted(call) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        response = call()
    assert response.status_code in {200, 302}, response.status_code
    return len(captured), response


class Desk:
    """The complaint service behind the gate, with siblings and requests added on demand;
    ``client`` is a citizen verified on it, whose session was issued the requests."""

    def __init__(self):
        self.page = make_complaint(requires_identity=True)
        self.group = self.page.get_parent().specific
        self.services = 1
        self.client = Client()
        send_code(self.client, self.page, national_code=NATIONAL_CODE)
        assert check_code(self.client, self.page, sent_code()).status_code == 302
        session = self.client.session
        self.holder = holder_digest(session, create=True)
        session.save()
        self.requests: list[RequestSubmission] = []

    def grow(self, services: int, requests: int) -> None:
        while self.services < services:
            make_service(
                self.group, service_id(990, self.services), title="خدمت %d" % self.services
            )
            self.services += 1
        while len(self.requests) < requests:
            self.requests.append(
                make_request(self.page, national_code=NATIONAL_CODE, issued_to=self.holder)
            )

    def both(self, call, small=(2, 5), large=(20, 50)) -> tuple[int, int]:
        """The queries of ``call`` on the small desk and on the large one, each after one
        unmeasured call: growing the desk adds pages, which orphans the cached routes
        (eservices/catalog/routecache.py), so the first call after it reads them again."""
        self.grow(*small)
        call()
        before, _response = counted(call)
        self.grow(*large)
        call()
        after, _response = counted(call)
        return before, after


@pytest.fixture
def desk(db, settings):
    settings.ESERVICES_LOOKUP_IP_LIMIT = 1000
    return Desk()


@pytest.mark.parametrize("url", [DESK, GROUP], ids=["desk", "group"])
def test_catalog_pages(desk, url):
    """Catches: a query per listed service (channels, apps, tooltips read row by row). The
    query string keeps the page cache out of it (eservices/catalog/pagecache.py): the page is
    rendered each time."""
    before, after = desk.both(lambda: Client().get(url + "?rendered=1"))
    assert before > 0
    assert after == before


def test_service_form_in_a_verified_session(desk):
    """Catches: a query per sibling service or per request issued to the session."""
    before, after = desk.both(lambda: desk.client.get(URL))
    assert after == before


def test_follow_up_tab_with_the_sessions_receipts(desk):
    """Catches: the session's receipts read one by one (``issued_submissions``)."""
    before, after = desk.both(lambda: desk.client.get(URL + "follow-up/"))
    assert after == before


def test_request_post(desk):
    """Catches: a query per earlier request or per service when a request is filed."""
    keys = {field.label: field.clean_name for field in desk.page.get_form_fields()}
    data = {
        keys["تاریخ ثبت درخواست"]: "1403/05/08",
        keys["موضوع شکایت"]: "قطعی برق",
        keys["شرح شکایت"]: "برق منزل هر روز قطع می‌شود.",
    }

    def post():
        response = desk.client.post(URL, data)
        assert response.status_code == 302 and "/receipt/" in response["Location"], response
        return response

    before, after = desk.both(post)
    assert after == before


def test_status_lookup(desk):
    """Catches: a query per status change of the request, or per request of the service."""
    desk.grow(2, 5)
    target = desk.requests[0]

    def lookup():
        response = Client().post(
            URL + "follow-up/",
            {"tracking_number": target.tracking_number, "national_code": NATIONAL_CODE},
        )
        return response

    # Ungated, so that a stranger may look the request up.
    desk.page.requires_identity = False
    desk.page.save(update_fields=["requires_identity"])
    before, after = desk.both(lookup)
    assert after == before
    assert 'class="status"' in lookup().content.decode()


@pytest.mark.parametrize("who", ["superuser", "staff"])
@pytest.mark.parametrize("query", ["", "status", "service", "next", "search"])
def test_inbox_page(desk, who, query):
    """Catches: a query per request listed (status names, services, assignees) or per service
    visible to the staff member (filter choices)."""
    if who == "superuser":
        user = get_user_model().objects.create_superuser("boss", password="pw")
    else:
        user = make_staff("clerk", desk.group)
    staff = Client()
    staff.force_login(user)
    initial = RequestStatus.initial()

    def params():
        if query == "status":
            return {"status": initial.pk}
        if query == "service":
            return {"service": desk.page.pk}
        if query == "search":
            return {"q": NATIONAL_CODE}
        if query == "next":
            newest = desk.requests[-1]
            return {
                keyset.AFTER: keyset.encode_cursor("-submit_time", [newest.submit_time, newest.pk])
            }
        return {}

    before, after = desk.both(lambda: staff.get(INBOX, params()), small=(2, 5), large=(20, 60))
    assert after == before
