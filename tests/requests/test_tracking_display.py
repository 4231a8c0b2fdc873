"""The tracking number is shown grouped 4-4-5 (Persian digits in Persian) on the receipt and
the follow-up tab, with the plain number beside it for copying; the lookup takes it back in
either form (issue 11)."""

import pytest
from django.test import Client

from eservices.core.numbers import group_tracking_number, ungroup_number
from eservices.requests.models import RequestSubmission

from .test_request_flow import NATIONAL_CODE, URL, lookup, result_block, submit

pytestmark = pytest.mark.django_db

PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def test_grouping_and_its_inverse():
    assert group_tracking_number("1234567890123") == "1234-5678-90123"
    assert group_tracking_number("12345") == "12345"
    assert ungroup_number("۱۲۳۴-۵۶۷۸-۹۰۱۲۳") == "1234567890123"
    assert ungroup_number(" 1234 5678 90123 ") == "1234567890123"


def test_receipt_and_follow_up_show_the_number_grouped_with_the_plain_number(client, complaint):
    response = submit(client, complaint)
    number = RequestSubmission.objects.get().tracking_number
    shown = group_tracking_number(number).translate(PERSIAN)
    plain = 'dir="ltr" data-tracking-number="%s"' % number
    receipt = client.get(response["Location"]).content.decode()
    assert plain + ">%s</p>" % shown in receipt
    follow_up = client.get(URL + "follow-up/").content.decode()
    assert plain + ">%s</span>" % shown in follow_up


def test_the_lookup_takes_the_grouped_number_and_shows_it_grouped(client, complaint):
    submit(client, complaint)
    number = RequestSubmission.objects.get().tracking_number
    grouped_fa = group_tracking_number(number).translate(PERSIAN)
    block = result_block(lookup(Client(), grouped_fa, NATIONAL_CODE).content.decode())
    assert 'data-tracking-number="%s">%s</dd>' % (number, grouped_fa) in block
