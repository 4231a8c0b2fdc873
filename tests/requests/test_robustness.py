"""Request forms hold up under odd input, concurrency and edits (R1, S7)."""

import secrets
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.test import Client, override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import Locale

from eservices.catalog.models import ServicePage
from eservices.core import numbers
from eservices.core.numbers import is_well_formed, luhn_check_digit, new_tracking_number
from eservices.formbuilder.models import ServiceFormField
from eservices.requests.models import RequestStatus, RequestSubmission
from tests.captcha import captcha_answer
from tests.factories import make_complaint
from tests.perf.test_form_path import answers, verified  # noqa: F401 (fixture)

URL = "/e-services/13031986000/13031986101/"


@pytest.mark.django_db
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(values=st.lists(st.text(max_size=300), min_size=9, max_size=9))
def test_any_text_in_every_field_never_gives_a_500(client, complaint, values):
    page = complaint
    keys = [field.clean_name for field in page.get_form_fields() if field.field_type != "file"]
    data = dict(zip(keys, values, strict=False))
    response = client.post(URL, {**data, **captcha_answer(client)})
    assert response.status_code in (200, 302)


@pytest.mark.django_db
def test_tracking_numbers_are_random_13_digits_with_a_check_digit():
    numbers = {new_tracking_number() for _ in range(2000)}
    assert len(numbers) == 2000
    assert all(is_well_formed(n) and n[0] != "0" for n in numbers)
    assert not is_well_formed("1234567890123")  # wrong check digit
    assert luhn_check_digit("7992739871") == 3  # the textbook Luhn example


@pytest.mark.django_db
def test_a_colliding_tracking_number_is_retried(complaint, monkeypatch):
    page = complaint
    status = RequestStatus.initial()
    first = RequestSubmission(page=page, form_data={}, status=status)
    first.save_with_tracking_number()
    draws = iter([first.tracking_number, first.tracking_number, "5555555555554"])
    monkeypatch.setattr(numbers, "new_tracking_number", lambda: next(draws))
    second = RequestSubmission(page=page, form_data={}, status=status)
    second.save_with_tracking_number()
    assert second.tracking_number == "5555555555554"
    assert RequestSubmission.objects.count() == 2


@pytest.mark.django_db
def test_a_request_whose_number_collides_is_stored_once_with_its_history_and_sms(
    verified,  # noqa: F811 (the fixture imported above)
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    """Catches: the request's transaction not retried as a whole after a colliding tracking
    number (``NumberTaken`` unhandled: a 500), or retried after keeping part of the failed
    try (a second history row or SMS attempt)."""
    page, client = verified
    assert client.post(URL, answers(page)).status_code == 302
    first = RequestSubmission.objects.get()
    draws = iter([first.tracking_number, first.tracking_number, "5555555555554"])
    monkeypatch.setattr(numbers, "new_tracking_number", lambda: next(draws))
    with django_capture_on_commit_callbacks(execute=True):  # the receipt SMS is queued
        response = client.post(URL, answers(page))
    assert response.status_code == 302 and "/receipt/" in response["Location"]
    second = RequestSubmission.objects.exclude(pk=first.pk).get()
    assert second.tracking_number == "5555555555554"
    assert second.history.count() == 1 and second.sms_attempts.count() == 1
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.django_db
def test_field_keys_survive_a_label_edit(complaint):
    page = complaint
    field = page.form_fields.get(label="موضوع شکایت")
    key = field.clean_name
    field.label = "عنوان شکایت"
    field.save()
    field.refresh_from_db()
    assert field.clean_name == key
    revision = page.save_revision()
    revision.publish()
    page = ServicePage.objects.get(pk=complaint.pk)
    assert key in page.get_form_class()().fields


@pytest.mark.django_db
def test_english_translation_uses_the_same_keys(db):
    fa = make_complaint(english=True)
    en = fa.get_translation(Locale.objects.get(language_code="en"))
    assert [f.clean_name for f in fa.get_form_fields()] == [
        f.clean_name for f in en.specific.get_form_fields()
    ]
    assert en.specific.get_form_fields()[0].label == "National code of the registrant"


@pytest.mark.django_db
def test_persian_labels_get_short_ascii_keys():
    field = ServiceFormField(label="شماره ملی ثبت کننده درخواست", field_type="national_code")
    key = field.get_field_clean_name()
    assert key.startswith("field_") and key.isascii() and len(key) == 16
    assert ServiceFormField(label="First name").get_field_clean_name() == "first_name"
    assert ServiceFormField(label="کد ملی").get_field_clean_name().startswith("field_")


@pytest.mark.django_db(transaction=True)
def test_200_concurrent_submissions_get_200_distinct_numbers(complaint, monkeypatch):
    """Catches: the unique constraint on the tracking number lost, or its retry. Numbers are
    drawn from 2,000 values only, so about ten of the 200 inserts collide: without the
    constraint two requests share a number, without the retry a submission fails."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers (CI runs this on PostgreSQL)")
    pool_of_numbers = [new_tracking_number() for _ in range(2000)]
    monkeypatch.setattr(numbers, "new_tracking_number", lambda: secrets.choice(pool_of_numbers))
    page = complaint
    keys = {f.label: f.clean_name for f in page.get_form_fields()}

    def submit(index: int) -> int:
        try:
            citizen = Client()
            response = citizen.post(
                URL,
                {
                    keys["شماره ملی ثبت کننده درخواست"]: "0013542419",
                    keys["تاریخ ثبت درخواست"]: "1403/05/08",
                    keys["موضوع شکایت"]: "موضوع %d" % index,
                    keys["شرح شکایت"]: "شرح",
                    **captcha_answer(citizen),  # the service has no gate (O11)
                },
            )
            return response.status_code
        finally:
            connections.close_all()

    # 200 requests from one address: far over the open form's per-IP limit (O11).
    with (
        override_settings(ESERVICES_OPEN_REQUEST_IP_LIMIT=1000),
        ThreadPoolExecutor(max_workers=20) as pool,
    ):
        statuses = list(pool.map(submit, range(200)))
    assert statuses == [302] * 200
    issued = list(RequestSubmission.objects.values_list("tracking_number", flat=True))
    assert len(issued) == 200
    assert len(set(issued)) == 200
    assert sorted(
        RequestSubmission.objects.values_list("form_data__" + keys["موضوع شکایت"], flat=True)
    ) == sorted("موضوع %d" % i for i in range(200))
