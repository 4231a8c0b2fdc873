"""A citizen files a request, gets a tracking number and a receipt, and looks it up (S7, S8)."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from eservices.core.numbers import is_well_formed
from eservices.requests.models import Attachment, RequestSubmission, StatusChange
from tests.captcha import captcha_answer

pytestmark = pytest.mark.django_db

URL = "/e-services/13031986000/13031986101/"
NATIONAL_CODE = "0013542419"
NATIONAL_CODE_FA = "۰۰۱۳۵۴۲۴۱۹"


def fields_by_label(page):
    return {field.label: field.clean_name for field in page.get_form_fields()}


def pdf_file(name="letter.pdf", size=None):
    body = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    if size:
        body = body + b"0" * (size - len(body))
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def valid_data(page, **overrides):
    keys = fields_by_label(page)
    data = {
        keys["شماره ملی ثبت کننده درخواست"]: NATIONAL_CODE_FA,
        keys["شماره ملی درخواست کننده"]: "",
        keys["شماره تلفن همراه درخواست کننده"]: "۰۹۱۲ ۳۴۵ ۶۷۸۹",
        keys["تاریخ ثبت درخواست"]: "۱۴۰۳/۰۵/۰۸",
        keys["نام"]: "علي",
        keys["نام خانوادگی"]: "رضايي",
        keys["موضوع شکایت"]: "قطعی مکرر برق",
        keys["شرح شکایت"]: "برق منزل ما هر روز ساعت ۸ قطع می‌شود.",
    }
    data.update(overrides)
    return data


def submit(client, page, files=None, **overrides):
    data = valid_data(page, **overrides)
    if files:
        data.update(files)
    data.update(captcha_answer(client))  # the service has no gate: a captcha (O11)
    return client.post(URL, data)


def test_register_tab_shows_the_form_with_required_fields_starred(client, complaint):
    html = client.get(URL).content.decode()
    assert 'aria-current="page">ثبت</a>' in html
    assert 'href="/e-services/13031986000/13031986101/follow-up/">پیگیری</a>' in html
    assert "فیلدهای ستاره‌دار الزامی هستند." in html
    # Four of the editor's fields, and the captcha of a service without the gate (O11).
    assert html.count('<span class="star" aria-hidden="true">*</span><span') == 5
    assert 'enctype="multipart/form-data"' in html
    assert 'placeholder="09xxxxxxxxx"' in html
    assert "راهنما" in html


def test_missing_required_field_is_reported_and_values_are_kept(client, complaint):
    keys = fields_by_label(complaint)
    response = submit(client, complaint, **{keys["موضوع شکایت"]: ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert RequestSubmission.objects.count() == 0
    assert 'class="error-summary"' in html
    subject = keys["موضوع شکایت"]
    empty = "این فیلد نمیتواند خالی باشد."
    assert '<a href="#id_%s">موضوع شکایت: %s</a>' % (subject, empty) in html
    assert '<p class="field-error" id="id_%s_error">%s</p>' % (subject, empty) in html
    # What the user typed is kept, Persian digits included.
    assert 'value="قطعی مکرر برق"' not in html  # the emptied field stays empty
    assert "برق منزل ما هر روز ساعت ۸ قطع می‌شود." in html
    assert 'value="۱۴۰۳/۰۵/۰۸"' in html
    assert 'aria-invalid="true"' in html


def test_invalid_national_code_is_a_persian_error_beside_the_field(client, complaint):
    keys = fields_by_label(complaint)
    response = submit(client, complaint, **{keys["شماره ملی ثبت کننده درخواست"]: "۱۱۱۱۱۱۱۱۱۱"})
    html = response.content.decode()
    assert RequestSubmission.objects.count() == 0
    assert "کد ملی معتبر نیست" in html
    assert 'value="۱۱۱۱۱۱۱۱۱۱"' in html


def test_valid_submission_is_stored_with_a_tracking_number_and_a_receipt(client, complaint):
    keys = fields_by_label(complaint)
    response = submit(client, complaint, files={keys["پیوست"]: pdf_file()})
    assert response.status_code == 302
    submission = RequestSubmission.objects.get()
    assert is_well_formed(submission.tracking_number)
    assert response["Location"] == URL + "receipt/%s/" % submission.tracking_number
    assert submission.registrant_national_code == NATIONAL_CODE
    assert submission.status.code == "registered"
    assert submission.form_data[keys["تاریخ ثبت درخواست"]] == "2024-07-29"
    assert submission.form_data[keys["شماره تلفن همراه درخواست کننده"]] == "09123456789"
    assert submission.form_data[keys["نام"]] == "علی"  # Arabic yeh normalised
    assert StatusChange.objects.filter(submission=submission).count() == 1
    attachment = Attachment.objects.get(submission=submission)
    assert attachment.original_name == "letter.pdf"
    assert attachment.scan_state == "unscanned"
    assert attachment.file.read(5) == b"%PDF-"

    receipt = client.get(response["Location"]).content.decode()
    number = submission.tracking_number
    tracking_fa = re.sub(
        r"\d",
        lambda m: "۰۱۲۳۴۵۶۷۸۹"[int(m.group())],
        "-".join([number[:4], number[4:8], number[8:]]),
    )
    assert (
        '<p class="tracking-number" dir="ltr" data-tracking-number="%s">%s</p>'
        % (number, tracking_fa)
        in receipt
    )
    assert "ثبت شکایات مردمی در حوزه توزیع برق" in receipt
    assert "۱۳۰۳۱۹۸۶۱۰۱" in receipt
    assert "۱ ساعت کاری" in receipt
    assert "<svg" in receipt  # QR code
    assert "data-print" in receipt and "print.css" in receipt
    assert 'href="/e-services/13031986000/13031986101/follow-up/"' in receipt


def test_receipt_of_another_session_is_404(client, complaint, django_user_model):
    from django.test import Client

    submit(client, complaint)
    number = RequestSubmission.objects.get().tracking_number
    assert client.get(URL + "receipt/%s/" % number).status_code == 200
    stranger = Client()
    assert stranger.get(URL + "receipt/%s/" % number).status_code == 404


def test_follow_up_shows_this_sessions_numbers(client, complaint):
    submit(client, complaint)
    number = RequestSubmission.objects.get().tracking_number
    html = client.get(URL + "follow-up/").content.decode()
    assert "receipt/%s/" % number in html
    assert "کاربر گرامی، شما می توانید در این بخش با استفاده از شماره رهگیری" in html


def lookup(client, number, code):
    return client.post(URL + "follow-up/", {"tracking_number": number, "national_code": code})


def result_block(html: str) -> str:
    return re.search(
        r'<div class="lookup-result" aria-live="polite">(.*?)</div>\s*</section>', html, re.S
    ).group(1)


def test_lookup_with_the_right_pair_shows_status_dates_and_expected_completion(client, complaint):
    submit(client, complaint)
    submission = RequestSubmission.objects.get()
    from django.test import Client

    html = lookup(Client(), submission.tracking_number, NATIONAL_CODE_FA).content.decode()
    block = result_block(html)
    assert '<dd class="status">ثبت شده</dd>' in block
    assert "<dt>موعد پاسخ</dt>" in block
    # Registration date, expected completion and the history row: Jalali, Persian digits.
    assert len(re.findall(r"۱۴[۰-۹]{2}/[۰-۹]{2}/[۰-۹]{2}", block)) >= 3


def test_wrong_national_code_answers_exactly_as_an_unknown_number(client, complaint):
    from django.test import Client

    submit(client, complaint)
    number = RequestSubmission.objects.get().tracking_number
    wrong_code = lookup(Client(), number, "0084575948").content.decode()
    unknown = "1234567890128"
    assert is_well_formed(unknown)
    unknown_number = lookup(Client(), unknown, NATIONAL_CODE).content.decode()
    assert result_block(wrong_code) == result_block(unknown_number)
    assert "هیچ درخواستی با این شماره رهگیری و کد ملی یافت نشد" in result_block(wrong_code)


def test_lookups_are_limited_per_ip(client, complaint, settings):
    settings.ESERVICES_LOOKUP_IP_LIMIT = 3
    submit(client, complaint)
    number = RequestSubmission.objects.get().tracking_number
    for _ in range(3):
        assert "ثبت شده" in result_block(lookup(client, number, NATIONAL_CODE).content.decode())
    throttled = result_block(lookup(client, number, NATIONAL_CODE).content.decode())
    assert "تعداد جستجوها بیش از حد مجاز است" in throttled
    assert "ثبت شده" not in throttled


def test_failures_per_tracking_number_lock_that_number(complaint, client, settings):
    from django.test import Client

    settings.ESERVICES_LOOKUP_FAILURE_LIMIT = 5
    submit(client, complaint)
    number = RequestSubmission.objects.get().tracking_number
    for index in range(5):
        other_ip = Client(REMOTE_ADDR="10.0.0.%d" % index)
        lookup(other_ip, number, "0084575948")
    blocked = result_block(
        lookup(Client(REMOTE_ADDR="10.0.1.1"), number, NATIONAL_CODE).content.decode()
    )
    assert "ثبت شده" not in blocked
    assert "تعداد جستجوها بیش از حد مجاز است" in blocked


def test_malformed_tracking_number_is_a_field_error(client, complaint):
    html = lookup(client, "12345", NATIONAL_CODE).content.decode()
    assert "شماره رهگیری ۱۳ رقم است" in html


def test_markup_typed_by_a_citizen_is_inert_on_receipt_and_lookup(client, complaint):
    keys = fields_by_label(complaint)
    payload = '<script>alert(1)</script>"><svg onload=alert(1)>'
    submit(client, complaint, **{keys["موضوع شکایت"]: payload, keys["نام"]: payload})
    submission = RequestSubmission.objects.get()
    submission.public_reply = payload
    submission.save()
    receipt = client.get(URL + "receipt/%s/" % submission.tracking_number).content.decode()
    found = lookup(client, submission.tracking_number, NATIONAL_CODE).content.decode()
    for html in (receipt, found):
        assert "<script>alert(1)</script>" not in html
        assert "<svg onload" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in found


# Uploads through the form (R4) ---------------------------------------------------------------


def upload_error(client, complaint, uploaded) -> str:
    keys = fields_by_label(complaint)
    response = submit(client, complaint, files={keys["پیوست"]: uploaded})
    assert response.status_code == 200
    assert RequestSubmission.objects.count() == 0
    html = response.content.decode()
    errors = re.findall(
        r'<p class="field-error" id="id_%s_error">([^<]+)</p>' % keys["پیوست"], html
    )
    assert errors, html[:3000]
    assert "موضوع شکایت" not in " ".join(errors)
    return errors[0]


def test_renamed_exe_is_rejected(client, complaint):
    upload_error(client, complaint, SimpleUploadedFile("bill.pdf", b"MZ\x90\x00" + b"\x00" * 200))


def test_svg_is_rejected(client, complaint):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'
    upload_error(client, complaint, SimpleUploadedFile("photo.png", svg))
    upload_error(client, complaint, SimpleUploadedFile("photo.svg", svg))


def test_html_png_polyglot_never_reaches_storage_with_its_payload(client, complaint):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    polyglot = buffer.getvalue() + b"<html><script>alert(1)</script></html>"
    keys = fields_by_label(complaint)
    response = submit(
        client, complaint, files={keys["پیوست"]: SimpleUploadedFile("a.png", polyglot)}
    )
    if response.status_code == 302:
        stored = Attachment.objects.get().file.read()
        assert b"<script" not in stored
        assert stored.startswith(b"\x89PNG")
    else:
        assert RequestSubmission.objects.count() == 0


def test_file_one_byte_over_the_limit_is_a_form_error(client, complaint, settings):
    settings.ESERVICES_UPLOAD_MAX_FILE_SIZE = 2000
    error = upload_error(client, complaint, pdf_file(size=2001))
    assert "بیشتر از" in error and "مگابایت" in error
    keys = fields_by_label(complaint)
    response = submit(client, complaint, files={keys["پیوست"]: pdf_file(size=2000)})
    assert response.status_code == 302


def test_file_over_the_real_5_mb_limit_is_a_form_error_not_a_500(client, complaint):
    upload_error(client, complaint, pdf_file(size=5 * 1024 * 1024 + 1))


def test_submission_survives_a_database_without_statuses(client, complaint):
    from eservices.requests.models import RequestStatus

    RequestStatus.objects.all().delete()
    assert submit(client, complaint).status_code == 302
    assert RequestSubmission.objects.get().status.code == "registered"
    assert RequestStatus.objects.workflow().count() == 6


def test_a_view_service_follow_up_has_no_tracking(client, demo_desk):
    html = client.get("/e-services/13031465000/bill-inquiry/follow-up/").content.decode()
    assert ">مشاهده</a>" in html and ">پیگیری</a>" in html
    assert "جستجوی شماره رهگیری" not in html
    assert "مشارکت" in html
    assert client.get("/e-services/13031980000/report-outage/follow-up/").status_code == 404


def test_statuses_have_their_transitions(demo_desk):
    from eservices.requests.models import RequestStatus

    registered = RequestStatus.objects.workflow().get(code="registered")
    assert registered.is_initial
    assert set(registered.next_statuses.values_list("code", flat=True)) == {
        "in_review",
        "referred",
        "answered",
        "rejected",
    }
    assert RequestStatus.objects.workflow().get(code="closed").is_final
