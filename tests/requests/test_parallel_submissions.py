"""R3 under concurrency: requests posted at once from one session are all stored, and all
their receipts stay open to that session (and to no other), on SQLite as on PostgreSQL.

The session is a verified citizen's (the demo's services are behind the identity gate)."""

import re

import pytest
from django.test import Client

from eservices.requests.models import RequestSubmission
from tests.factories import make_complaint
from tests.identity.conftest import check_code, prefix, send_code, sent_code
from tests.parallel_http import Browser, csrf_token, gate_code_sent, statuses

URL = "/e-services/13031986000/13031986101/"


def request_form(page, subject: str) -> dict:
    keys = {f.label: f.clean_name for f in page.get_form_fields()}
    return {
        keys["تاریخ ثبت درخواست"]: "1403/05/08",
        keys["موضوع شکایت"]: subject,
        keys["شرح شکایت"]: "شرح",
    }


def receipt_number(location: str) -> str:
    return re.search(r"/receipt/(\d+)/$", location).group(1)


def verified(client: Client, page, mobile="09123456789", national_code="0013542419") -> Client:
    send_code(client, page, mobile=mobile, national_code=national_code)
    assert check_code(client, page, sent_code()).status_code == 302
    return client


@pytest.mark.django_db(transaction=True)
def test_fifty_parallel_submissions_in_one_session_are_all_stored_and_all_receipts_open(
    live_server, settings
):
    """Catches: the issued receipts kept back in the session blob (the last of the parallel
    requests to save the session wins: only a handful of receipts stay open), and SQLite
    transactions back to DEFERRED or without a busy timeout (500s)."""
    settings.ESERVICES_SESSION_ISSUED_MAX = 100
    page = make_complaint(requires_identity=True)
    browser = Browser(live_server.url)
    code, token = gate_code_sent(browser, URL, prefix(page), "09123456789", "0013542419")
    verify = browser.post(URL, {"%s-current_step" % prefix(page): "code", "code-code": code}, token)
    assert verify.status == 302
    token = csrf_token(browser.get(URL).text)

    answers, seconds = browser.burst(
        URL, [request_form(page, "موضوع %d" % i) for i in range(50)], token
    )

    print("50 parallel submissions: %s in %.2f s" % (statuses(answers), seconds))
    assert statuses(answers) == {302: 50}
    numbers = [receipt_number(a.location) for a in answers]
    assert RequestSubmission.objects.filter(tracking_number__in=numbers).count() == 50
    assert [browser.get(URL + "receipt/%s/" % n).status for n in numbers] == [200] * 50
    follow_up = browser.get(URL + "follow-up/").text
    assert all("receipt/%s/" % n in follow_up for n in numbers)


def test_a_session_sees_its_newest_receipts_up_to_the_cap(client, settings, db):
    """Catches: ESERVICES_SESSION_ISSUED_MAX no longer applied (all 5 receipts open) or the
    wrong end of the list dropped (the newest receipt closed)."""
    settings.ESERVICES_SESSION_ISSUED_MAX = 3
    page = make_complaint(requires_identity=True)
    verified(client, page)
    numbers = [
        receipt_number(client.post(URL, request_form(page, "موضوع %d" % i))["Location"])
        for i in range(5)
    ]
    opened = [client.get(URL + "receipt/%s/" % n).status_code for n in numbers]
    assert opened == [404, 404, 200, 200, 200]
    follow_up = client.get(URL + "follow-up/").content.decode()
    assert [n for n in numbers if "receipt/%s/" % n in follow_up] == numbers[2:]


def test_receipts_stay_open_to_their_session_when_its_key_changes_and_to_no_other(
    client, settings, db
):
    """Catches: receipts tied to the session key itself, which verifying again replaces
    (``set_identity`` cycles it): the receipt would be a 404 after; and receipts open to
    another browser."""
    settings.ESERVICES_OTP_COOLDOWN = 0  # verify twice in a row
    page = make_complaint(requires_identity=True)
    verified(client, page)
    receipt = client.post(URL, request_form(page, "پیش از تایید دوباره"))["Location"]
    key_before = client.session.session_key
    client.post(URL + "sign-out/")
    verified(client, page)
    assert client.session.session_key != key_before
    answer = client.get(receipt)
    assert answer.status_code == 200 and receipt_number(receipt) in answer.content.decode()
    stranger = verified(Client(), page, mobile="09351234567", national_code="0084575948")
    assert stranger.get(receipt).status_code == 404


def test_a_request_is_never_stored_without_being_issued_to_its_session(client, db, monkeypatch):
    """Catches: the issue written after the request's transaction (``submit`` without its
    ``atomic``): a failure in between would keep a request its sender cannot open."""
    from eservices.requests import mixins

    page = make_complaint(requires_identity=True)
    verified(client, page)

    def fails(*args, **kwargs):
        raise RuntimeError("the issue could not be written")

    monkeypatch.setattr(mixins, "holder_digest", fails)
    with pytest.raises(RuntimeError):
        client.post(URL, request_form(page, "بی رسید"))
    assert not RequestSubmission.objects.exists()


def test_anonymising_a_request_forgets_the_session_it_was_issued_to(client, db):
    """Catches: ``anonymise`` keeping ``issued_to``, which still ties the request to a
    browser session."""
    from django.utils import timezone

    from eservices.requests.retention import anonymise

    page = make_complaint(requires_identity=True)
    verified(client, page)
    receipt = client.post(URL, request_form(page, "کهنه"))["Location"]
    anonymise(RequestSubmission.objects.get(), timezone.now())
    assert RequestSubmission.objects.get().issued_to == ""
    assert client.get(receipt).status_code == 404
