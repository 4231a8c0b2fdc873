"""The HTTP SMS backends against a fake provider on 127.0.0.1: what they send, when they retry,
how they fail, and that neither the body nor the full number nor the API key leaks."""

import json
import logging
import socket
import time

import pytest
import sms
from django.core.exceptions import ImproperlyConfigured

from eservices.sms.backends import (
    GenericHttpSmsBackend,
    KavenegarSmsBackend,
    SmsSendError,
    mask_number,
)
from tests.sms.conftest import API_KEY, MASKED, NUMBER, Answer, kavenegar_answer

BODY = "Your code is 482913. Do not share it."


def send(body: str = BODY, recipients: list[str] | None = None, **kwargs) -> int:
    return sms.send_sms(body=body, recipients=recipients or [NUMBER], **kwargs)


# --- masking -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("09123456789", "0912***6789"),
        ("+989123456789", "+989***6789"),
        ("12345678", "***"),
        ("", "***"),
    ],
)
def test_mask_number_keeps_four_characters_at_each_end(number, masked):
    assert mask_number(number) == masked


def test_sms_send_error_keeps_retryable_through_pickling():
    import pickle

    error = pickle.loads(pickle.dumps(SmsSendError("boom", retryable=True)))

    assert str(error) == "boom"
    assert error.retryable is True


# --- Kavenegar ---------------------------------------------------------------------------------


def test_kavenegar_posts_the_form_to_the_path_holding_the_api_key(kavenegar):
    assert send() == 1

    [request] = kavenegar.received
    assert request.method == "POST"
    assert request.url_path == "/v1/%s/sms/send.json" % API_KEY
    assert request.headers["Content-Type"].startswith("application/x-www-form-urlencoded")
    assert request.form == {"receptor": [NUMBER], "message": [BODY], "sender": ["10004346"]}


def test_kavenegar_sends_persian_text_intact(kavenegar):
    body = "کد شما ۴۸۲۹۱۳ است & نه ="

    send(body=body)

    assert kavenegar.received[0].form["message"] == [body]


def test_kavenegar_prefers_the_message_originator_to_the_sender_setting(kavenegar):
    send(originator="3000505")

    assert kavenegar.received[0].form["sender"] == ["3000505"]


def test_kavenegar_leaves_out_the_sender_when_none_is_configured(kavenegar, settings):
    settings.ESERVICES_SMS_KAVENEGAR_SENDER = ""

    send()

    assert "sender" not in kavenegar.received[0].form


def test_kavenegar_sends_one_request_per_recipient_and_counts_them(kavenegar):
    assert send(recipients=[NUMBER, "09351112233"]) == 2

    assert [r.form["receptor"] for r in kavenegar.received] == [[NUMBER], ["09351112233"]]


@pytest.mark.parametrize("http_status", [418, 200])
def test_kavenegar_insufficient_credit_fails_at_once_without_retry(kavenegar, http_status):
    kavenegar.answer(kavenegar_answer(418, http_status=http_status))

    with pytest.raises(SmsSendError) as raised:
        send()

    assert raised.value.retryable is False
    assert "418" in str(raised.value)
    assert "credit insufficient" in str(raised.value)
    assert len(kavenegar.received) == 1


def test_kavenegar_server_error_is_retried_then_succeeds(kavenegar, sleeps):
    kavenegar.answer(Answer(status=500, body=b"oops"), kavenegar_answer())

    assert send() == 1

    assert len(kavenegar.received) == 2
    assert sleeps == [0.5]


def test_kavenegar_gives_up_after_the_configured_retries_with_a_retryable_error(kavenegar, sleeps):
    kavenegar.answer(kavenegar_answer(502, http_status=502))

    with pytest.raises(SmsSendError) as raised:
        send()

    assert raised.value.retryable is True
    assert len(kavenegar.received) == 3
    assert sleeps == [0.5, 1.0]


def test_no_retries_setting_means_a_single_attempt(kavenegar, settings):
    settings.ESERVICES_SMS_RETRIES = 0
    kavenegar.answer(Answer(status=503))

    with pytest.raises(SmsSendError):
        send()

    assert len(kavenegar.received) == 1


def test_kavenegar_malformed_answer_is_an_error_and_not_retried(kavenegar):
    kavenegar.answer(Answer(status=200, body=b"<html>not json</html>"))

    with pytest.raises(SmsSendError) as raised:
        send()

    assert raised.value.retryable is False
    assert "unreadable" in str(raised.value)
    assert len(kavenegar.received) == 1


def test_a_slow_provider_times_out_and_is_retried(kavenegar, settings):
    settings.ESERVICES_SMS_TIMEOUT = 0.3
    settings.ESERVICES_SMS_RETRIES = 1
    kavenegar.answer(Answer(delay=5))

    started = time.monotonic()
    with pytest.raises(SmsSendError) as raised:
        send()

    assert time.monotonic() - started < 3
    assert raised.value.retryable is True
    assert "did not answer within 0.3 s" in str(raised.value)
    assert len(kavenegar.received) == 2


def test_an_unreachable_provider_is_a_retryable_error(kavenegar, settings):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    settings.ESERVICES_SMS_KAVENEGAR_URL = "http://127.0.0.1:%d" % port

    with pytest.raises(SmsSendError) as raised:
        send()

    assert raised.value.retryable is True
    assert "could not be reached" in str(raised.value)


def test_a_redirect_is_not_followed(kavenegar):
    kavenegar.answer(Answer(status=302, headers={"Location": kavenegar.url + "/elsewhere"}))

    with pytest.raises(SmsSendError) as raised:
        send()

    assert raised.value.retryable is False
    assert [r.url_path for r in kavenegar.received] == ["/v1/%s/sms/send.json" % API_KEY]


def test_fail_silently_returns_zero_without_raising(kavenegar):
    kavenegar.answer(kavenegar_answer(418, http_status=418))

    assert send(fail_silently=True) == 0
    assert len(kavenegar.received) == 1


def test_fail_silently_still_counts_the_copies_that_went_out(kavenegar):
    kavenegar.answer(kavenegar_answer(), kavenegar_answer(418, http_status=418))

    assert send(recipients=[NUMBER, "09351112233"], fail_silently=True) == 1


@pytest.mark.parametrize(
    "answers",
    [
        [kavenegar_answer()],
        [Answer(status=500)],
        [kavenegar_answer(418, http_status=418)],
        [Answer(status=200, body=b"{bad")],
    ],
    ids=["sent", "server-error", "refused", "malformed"],
)
def test_logs_and_errors_never_hold_the_body_the_full_number_or_the_api_key(
    kavenegar, caplog, answers
):
    kavenegar.answer(*answers)
    caplog.set_level(logging.DEBUG)

    error = ""
    try:
        send()
    except SmsSendError as raised:
        error = str(raised)

    assert MASKED in caplog.text
    for secret in (BODY, "482913", NUMBER, "9123456789", API_KEY):
        assert secret not in caplog.text
        assert secret not in error
    assert all(r.name == "eservices.sms" for r in caplog.records if MASKED in r.getMessage())


def test_kavenegar_without_an_api_key_is_improperly_configured(kavenegar, settings):
    settings.ESERVICES_SMS_KAVENEGAR_API_KEY = ""

    with pytest.raises(ImproperlyConfigured):
        KavenegarSmsBackend()


def test_kavenegar_url_must_be_http(kavenegar, settings):
    settings.ESERVICES_SMS_KAVENEGAR_URL = "file:///etc"

    with pytest.raises(ImproperlyConfigured):
        KavenegarSmsBackend()


def test_connection_arguments_override_the_settings(kavenegar):
    backend = sms.get_connection(timeout=2.5, retries=0, backoff=0)

    assert (backend.timeout, backend.retries, backend.backoff) == (2.5, 0, 0.0)


# --- generic HTTP ------------------------------------------------------------------------------


def test_generic_posts_a_form_with_the_authorization_header(generic, settings):
    settings.ESERVICES_SMS_HTTP_FROM_FIELD = "from"

    assert send(originator="5000") == 1

    [request] = generic.received
    assert request.method == "POST"
    assert request.url_path == "/api/send"
    assert request.headers["Authorization"] == "Bearer secret-token-77"
    assert request.form == {"to": [NUMBER], "text": [BODY], "from": ["5000"]}


def test_generic_posts_json_with_configured_field_names(generic, settings):
    settings.ESERVICES_SMS_HTTP_BODY = "json"
    settings.ESERVICES_SMS_HTTP_TO_FIELD = "mobile"
    settings.ESERVICES_SMS_HTTP_TEXT_FIELD = "message"
    body = "کد: ۱۲۳"

    send(body=body)

    [request] = generic.received
    assert request.headers["Content-Type"].startswith("application/json")
    assert request.json == {"mobile": NUMBER, "message": body}


def test_generic_get_fills_the_url_template_quoted(generic, settings):
    settings.ESERVICES_SMS_HTTP_METHOD = "GET"
    settings.ESERVICES_SMS_HTTP_URL = generic.url + "/send?key=k1&to={to}&text={text}"
    settings.ESERVICES_SMS_HTTP_AUTH_HEADER = ""
    body = "A&B=C ?#/ سلام"

    send(body=body, recipients=["+989123456789"])

    [request] = generic.received
    assert request.method == "GET"
    assert request.url_path == "/send"
    assert request.query == {"key": ["k1"], "to": ["+989123456789"], "text": [body]}
    assert "Authorization" not in request.headers


def test_generic_accepts_any_2xx(generic):
    generic.answer(Answer(status=204))

    assert send() == 1


def test_generic_unauthorized_is_not_retried(generic):
    generic.answer(Answer(status=401, body=b"bad token"))

    with pytest.raises(SmsSendError) as raised:
        send()

    assert raised.value.retryable is False
    assert "401" in str(raised.value)
    assert MASKED in str(raised.value)
    assert len(generic.received) == 1


def test_generic_server_error_is_retried(generic, sleeps):
    generic.answer(Answer(status=503), Answer(status=503), Answer(status=200))

    assert send() == 1
    assert len(generic.received) == 3
    assert sleeps == [0.5, 1.0]


def test_generic_logs_never_hold_the_url_or_the_auth_header(generic, settings, caplog):
    settings.ESERVICES_SMS_HTTP_METHOD = "GET"
    settings.ESERVICES_SMS_HTTP_URL = generic.url + "/send?key=url-key-91&to={to}&text={text}"
    generic.answer(Answer(status=500), Answer(status=200))
    caplog.set_level(logging.DEBUG)

    send()

    assert MASKED in caplog.text
    for secret in ("url-key-91", "secret-token-77", NUMBER, "482913", "/send"):
        assert secret not in caplog.text


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ESERVICES_SMS_HTTP_URL", ""),
        ("ESERVICES_SMS_HTTP_URL", "ftp://example.invalid/send"),
        ("ESERVICES_SMS_HTTP_METHOD", "PUT"),
        ("ESERVICES_SMS_HTTP_BODY", "xml"),
    ],
)
def test_generic_rejects_a_wrong_configuration(generic, settings, name, value):
    setattr(settings, name, value)

    with pytest.raises(ImproperlyConfigured):
        GenericHttpSmsBackend()


def test_generic_get_needs_both_placeholders(generic, settings):
    settings.ESERVICES_SMS_HTTP_METHOD = "GET"
    settings.ESERVICES_SMS_HTTP_URL = generic.url + "/send?to={to}"

    with pytest.raises(ImproperlyConfigured):
        GenericHttpSmsBackend()


def test_generic_json_body_is_a_json_object_not_a_form(generic, settings):
    settings.ESERVICES_SMS_HTTP_BODY = "json"

    send()

    assert json.loads(generic.received[0].body) == {"to": NUMBER, "text": BODY}
