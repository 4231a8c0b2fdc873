"""The bill inquiry's View tab (S11), on the demo's generated dataset."""

import pytest

from eservices.catalog.models import ServicePage
from eservices.lookups.models import Dataset
from home.management.commands.load_demo_desk import demo_bill_ids

pytestmark = pytest.mark.django_db

URL = "/e-services/13031465000/bill-inquiry/"


def bill_field(page) -> str:
    return page.get_form_fields()[0].clean_name


@pytest.fixture
def bill_page(demo_desk_once):
    return ServicePage.objects.get(national_id="13031465101", locale__language_code="fa")


def persian(text: str) -> str:
    return "".join("۰۱۲۳۴۵۶۷۸۹"[int(c)] if c.isdigit() else c for c in text)


def test_demo_dataset_has_a_thousand_bills(bill_page):
    assert Dataset.objects.get().row_count == 1000


def test_view_tab_shows_the_bill_for_a_persian_digit_bill_id(client, bill_page):
    bill_id = demo_bill_ids(5)[3]
    html = client.post(URL, {bill_field(bill_page): persian(bill_id)}).content.decode()
    assert '<table class="result-table">' in html
    assert '<th scope="row">مهلت پرداخت</th><td>۱۴۰۴/۰۴/۱۵</td>' in html
    assert persian(bill_id) in html
    assert "مبلغ قابل پرداخت (ریال)" in html and "٬" in html


def test_unknown_bill_id_says_nothing_was_found(client, bill_page):
    from eservices.formbuilder.validators import bill_id_check_digit

    body = "99999999999"
    unknown = body + str(bill_id_check_digit(body))
    html = client.post(URL, {bill_field(bill_page): unknown}).content.decode()
    assert "برای آنچه وارد کردید چیزی یافت نشد" in html
    assert "result-table" not in html


def test_malformed_bill_id_is_a_field_error(client, bill_page):
    html = client.post(URL, {bill_field(bill_page): "12345"}).content.decode()
    assert "شناسه قبض معتبر نیست" in html


def test_a_broken_source_gives_a_clear_message_not_a_500(client, bill_page):
    Dataset.objects.all().delete()
    response = client.post(URL, {bill_field(bill_page): demo_bill_ids(1)[0]})
    assert response.status_code == 200
    assert "نمایش اطلاعات در این لحظه ممکن نیست" in response.content.decode()


def test_lookups_are_rate_limited(client, bill_page, settings):
    settings.ESERVICES_VIEW_IP_LIMIT = 2
    bill_id = demo_bill_ids(1)[0]
    for _ in range(2):
        assert "result-table" in client.post(URL, {bill_field(bill_page): bill_id}).content.decode()
    html = client.post(URL, {bill_field(bill_page): bill_id}).content.decode()
    assert "تعداد جستجوها بیش از حد مجاز است" in html
    assert "result-table" not in html
