import re

import pytest
import sms
from captcha.models import CaptchaStore

from tests.factories import make_complaint

URL = "/e-services/13031986000/13031986101/"
PREFIX = None


@pytest.fixture
def complaint(db):
    """The guide's complaint service behind the identity gate, as in the demo."""
    return make_complaint(requires_identity=True)


def prefix(page) -> str:
    return "eservices_gate_%d" % page.pk


def captcha_answer(html: str) -> tuple[str, str]:
    """The hidden key of the captcha on the page and its answer, read from the store."""
    key = re.search(r'name="mobile-captcha_0" value="([0-9a-f]+)"', html).group(1)
    return key, CaptchaStore.objects.get(hashkey=key).response


def send_code(
    client, page, mobile="09123456789", national_code="0013542419", captcha=True, **extra
):
    html = client.get(URL).content.decode()
    if 'name="mobile-captcha_0"' not in html:
        # A code is pending, so the page opens at step 2: "Send a new code" leads back.
        html = client.post(
            URL, {"%s-current_step" % prefix(page): "code", "wizard_goto_step": "mobile"}
        ).content.decode()
    key, answer = captcha_answer(html)
    data = {
        "%s-current_step" % prefix(page): "mobile",
        "mobile-mobile": mobile,
        "mobile-national_code": national_code,
        "mobile-captcha_0": key,
        "mobile-captcha_1": answer if captcha else "",
        **extra,
    }
    # A sent code redirects to the page, which opens at step 2 (POST/redirect/GET).
    return client.post(URL, data, follow=True)


def check_code(client, page, code):
    return client.post(URL, {"%s-current_step" % prefix(page): "code", "code-code": code})


def sent_code() -> str:
    return re.search(r"(\d{6})", sms.outbox[-1].body).group(1)
