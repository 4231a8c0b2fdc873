"""The identity gate (S6) and its bars O1–O9 of SECURITY.md."""

import logging
import re
from datetime import timedelta

import pytest
import sms
import time_machine
from django.test import Client
from django.utils import timezone

from eservices.identity.models import SmsChallengeDevice
from eservices.requests.models import RequestSubmission

from .conftest import URL, check_code, send_code, sent_code

pytestmark = pytest.mark.django_db


def test_gated_service_shows_step_one_with_the_guides_fields(client, complaint):
    response = client.get(URL)
    html = response.content.decode()
    assert "اعتبار سنجی کاربر" in html
    assert 'placeholder="09xxxxxxxxx"' in html
    assert "عبارت امنیتی" in html and "/captcha/image/" in html
    assert "ارسال پیامک" in html
    assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    # The form itself is not reachable, and neither is the follow-up tab.
    assert "ثبت درخواست" not in html
    assert "اعتبار سنجی کاربر" in client.get(URL + "follow-up/").content.decode()
    # The info page stays public.
    assert "اعتبار سنجی کاربر" not in client.get(URL + "info/").content.decode()


def test_empty_fields_get_the_guides_messages(client, complaint):
    key_html = client.get(URL).content.decode()
    prefix = "eservices_gate_%d" % complaint.pk
    html = client.post(URL, {"%s-current_step" % prefix: "mobile"}).content.decode()
    assert "شماره همراه نمیتواند خالی باشد." in html
    assert "کد ملی نمیتواند خالی باشد." in html
    assert "عبارت امنیتی نمیتواند خالی باشد." in html
    assert sms.outbox == []
    assert key_html


def test_send_without_a_fresh_captcha_sends_nothing(client, complaint):
    html = send_code(client, complaint, captcha=False).content.decode()
    assert sms.outbox == []
    assert "عبارت امنیتی نمیتواند خالی باشد." in html
    # A captcha is single use: replaying an answered one fails too.
    first = client.get(URL).content.decode()
    key = re.search(r'name="mobile-captcha_0" value="([0-9a-f]+)"', first).group(1)
    from captcha.models import CaptchaStore

    answer = CaptchaStore.objects.get(hashkey=key).response
    prefix = "eservices_gate_%d" % complaint.pk
    data = {
        "%s-current_step" % prefix: "mobile",
        "mobile-mobile": "09123456789",
        "mobile-national_code": "0013542419",
        "mobile-captcha_0": key,
        "mobile-captcha_1": answer,
    }
    client.post(URL, data)
    assert len(sms.outbox) == 1
    other = Client()
    other.get(URL)
    html = other.post(URL, {**data, "mobile-mobile": "09351234567"}).content.decode()
    assert len(sms.outbox) == 1
    assert "عبارت امنیتی نادرست است" in html


def test_full_gate_with_persian_digits_prefills_and_locks_the_registrant(client, complaint):
    response = send_code(client, complaint, mobile="۰۹۱۲ ۳۴۵ ۶۷۸۹", national_code="۰۰۱۳۵۴۲۴۱۹")
    html = response.content.decode()
    assert "کد با موفقیت ارسال شد" in html
    assert "۰۹۱۲۳۴۵۶۷۸۹" in html and "ویرایش شماره" in html
    assert 'autocomplete="one-time-code"' in html and 'inputmode="numeric"' in html
    assert sms.outbox[-1].recipients == ["09123456789"]
    old_session = client.cookies["sessionid"].value
    response = check_code(client, complaint, sent_code())
    assert response.status_code == 302
    assert client.cookies["sessionid"].value != old_session  # O9: key rotated
    html = client.get(URL).content.decode()
    assert "ثبت درخواست" in html
    registrant = next(
        f for f in complaint.get_form_fields() if f.role == "registrant_national_code"
    )
    assert re.search(r'name="%s" value="0013542419"[^>]*disabled' % registrant.clean_name, html)
    assert "خروج" in html
    # A forged registrant value is ignored: the verified one is stored.
    keys = {f.label: f.clean_name for f in complaint.get_form_fields()}
    client.post(
        URL,
        {
            registrant.clean_name: "0084575948",
            keys["تاریخ ثبت درخواست"]: "1403/05/08",
            keys["موضوع شکایت"]: "موضوع",
            keys["شرح شکایت"]: "شرح",
        },
    )
    submission = RequestSubmission.objects.get()
    assert submission.registrant_national_code == "0013542419"


def test_sign_out_ends_the_verified_session(client, complaint):
    send_code(client, complaint)
    check_code(client, complaint, sent_code())
    client.post(URL + "sign-out/")
    assert "اعتبار سنجی کاربر" in client.get(URL).content.decode()


def test_wrong_code_then_edit_number_keeps_values(client, complaint):
    send_code(client, complaint)
    html = check_code(client, complaint, "000000").content.decode()
    assert "کد نادرست است یا منقضی شده است" in html
    prefix = "eservices_gate_%d" % complaint.pk
    html = client.post(
        URL, {"%s-current_step" % prefix: "code", "wizard_goto_step": "mobile"}
    ).content.decode()
    assert 'value="09123456789"' in html and 'value="0013542419"' in html
    assert "عبارت امنیتی" in html


def test_code_dies_after_five_wrong_tries(client, complaint):
    send_code(client, complaint)
    code = sent_code()
    wrong = "%06d" % ((int(code) + 1) % 10**6)
    for _ in range(5):
        check_code(client, complaint, wrong)
    assert check_code(client, complaint, code).status_code == 200  # still the form: refused
    assert SmsChallengeDevice.objects.get().attempts == 5


def test_code_expires_after_120_seconds(client, complaint):
    send_code(client, complaint)
    code = sent_code()
    with time_machine.travel(timezone.now() + timedelta(seconds=121)):
        assert check_code(client, complaint, code).status_code == 200


def test_code_is_bound_to_its_session(client, complaint):
    send_code(client, complaint)
    code = sent_code()
    device = SmsChallengeDevice.objects.get()
    assert not device.verify_bound_token(
        code, session_key="another-session", mobile="09123456789", national_code="0013542419"
    )
    assert not device.verify_bound_token(
        code,
        session_key=client.session.session_key,
        mobile="09123456789",
        national_code="0084575948",
    )


def test_code_is_never_stored_nor_logged(client, complaint, caplog):
    caplog.set_level(logging.DEBUG)
    send_code(client, complaint)
    code = sent_code()
    device = SmsChallengeDevice.objects.get()
    stored = " ".join(str(getattr(device, f.attname)) for f in device._meta.concrete_fields)
    assert code not in stored
    assert code not in caplog.text
    check_code(client, complaint, code)
    assert code not in caplog.text


def test_resend_cooldown_grows(client, complaint):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        send_code(client, complaint)
        html = send_code(client, complaint).content.decode()
        assert len(sms.outbox) == 1
        assert "ثانیه دیگر می‌توانید کد تازه بخواهید" in html
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        send_code(client, complaint)
        assert len(sms.outbox) == 2
    with time_machine.travel(start + timedelta(seconds=61 + 100), tick=False):
        send_code(client, complaint)
        assert len(sms.outbox) == 2  # the second wait is 120 s
    with time_machine.travel(start + timedelta(seconds=61 + 121), tick=False):
        send_code(client, complaint)
        assert len(sms.outbox) == 3


def test_at_most_five_sms_per_mobile_per_hour(client, complaint, settings):
    settings.ESERVICES_OTP_COOLDOWN = 0
    settings.ESERVICES_OTP_IP_PER_HOUR = 100
    for index in range(7):
        send_code(Client(REMOTE_ADDR="10.1.0.%d" % index), complaint)
    assert len(sms.outbox) == 5


def test_at_most_ten_send_requests_per_ip_per_hour(complaint, settings):
    settings.ESERVICES_OTP_COOLDOWN = 0
    for index in range(12):
        send_code(Client(REMOTE_ADDR="10.2.0.1"), complaint, mobile="0912000%04d" % index)
    assert len(sms.outbox) == 10


def test_at_most_three_mobiles_per_session(client, complaint, settings):
    settings.ESERVICES_OTP_COOLDOWN = 0
    for index in range(5):
        send_code(client, complaint, mobile="0935000%04d" % index)
    assert len(sms.outbox) == 3


def test_daily_budget_stops_sending(client, complaint, settings):
    settings.ESERVICES_SMS_DAILY_BUDGET = 2
    settings.ESERVICES_OTP_COOLDOWN = 0
    for index in range(3):
        send_code(Client(REMOTE_ADDR="10.3.0.%d" % index), complaint, mobile="0939000%04d" % index)
    assert len(sms.outbox) == 2


def test_refusals_look_the_same_for_any_number(complaint, settings):
    settings.ESERVICES_OTP_COOLDOWN = 0
    settings.ESERVICES_OTP_SMS_PER_HOUR = 1
    first = Client(REMOTE_ADDR="10.4.0.1")
    send_code(first, complaint, mobile="09121111111")
    again = send_code(Client(REMOTE_ADDR="10.4.0.2"), complaint, mobile="09121111111")
    settings.ESERVICES_OTP_IP_PER_HOUR = 1
    ip_limited = send_code(first, complaint, mobile="09122222222")

    def message(response):
        return re.search(
            r'<div class="error-summary".*?</div>', response.content.decode(), re.S
        ).group(0)

    assert message(again) == message(ip_limited)


def test_failures_lock_the_mobile_and_code_for_fifteen_minutes(client, complaint, settings):
    settings.ESERVICES_OTP_COOLDOWN = 0
    settings.ESERVICES_OTP_SMS_PER_HOUR = 100
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            send_code(client, complaint)
            check_code(client, complaint, "000000")
        html = send_code(Client(REMOTE_ADDR="10.5.0.1"), complaint).content.decode()
        assert "تعداد تلاش‌ها بیش از حد مجاز است" in html
    with time_machine.travel(start + timedelta(minutes=16), tick=False):
        sent = len(sms.outbox)
        send_code(Client(REMOTE_ADDR="10.5.0.2"), complaint)
        assert len(sms.outbox) == sent + 1


def test_verified_identity_lapses_after_fifteen_idle_minutes(client, complaint):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        send_code(client, complaint)
        check_code(client, complaint, sent_code())
        assert "ثبت درخواست" in client.get(URL).content.decode()
    with time_machine.travel(start + timedelta(minutes=16), tick=False):
        assert "اعتبار سنجی کاربر" in client.get(URL).content.decode()
