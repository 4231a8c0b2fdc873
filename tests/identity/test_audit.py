"""Every code sent and checked is in the audit log, masked, and never with the code (D4)."""

from wagtail.models import ModelLogEntry

from eservices.core import audit

from .conftest import check_code, send_code, sent_code


def entries(action):
    return list(ModelLogEntry.objects.filter(action=action).order_by("pk"))


def test_sending_and_checking_a_code_are_logged_with_masked_identifiers(client, complaint):
    send_code(client, complaint, mobile="09123456789", national_code="0013542419")
    code = sent_code()
    check_code(client, complaint, "000000" if code != "000000" else "111111")
    check_code(client, complaint, code)

    (sent,) = entries(audit.OTP_SEND)
    assert sent.data["sent"] is True
    assert sent.data["mobile"] == "0912xxxxx89"
    assert sent.data["national_code"] == "xxx-xxxxx-19"
    checks = entries(audit.OTP_CHECK)
    assert [entry.data["verified"] for entry in checks] == [False, True]
    for entry in [sent, *checks]:
        text = str(entry.data) + entry.label
        assert code not in text
        assert "09123456789" not in text and "0013542419" not in text
