"""Real parallel HTTP requests against pytest-django's live server (a threaded WSGI server).

The live server answers each request in its own thread with its own database connection, as
a production server's workers do; on SQLite the test database is a file (see
``cms_site/settings/test.py``), so SQLite's locking is what is tested, not a shared in-memory
connection.
"""

import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import requests
import sms
from captcha.models import CaptchaStore


@dataclass
class Answer:
    status: int
    text: str
    location: str
    cookies: dict


def csrf_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


class Browser:
    """One browser: a cookie jar (session and CSRF cookies) shared by all its requests."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.http = requests.Session()

    def get(self, path: str) -> Answer:
        return self._answer(self.http.get(self.base_url + path, allow_redirects=False))

    def post(self, path: str, data: dict, token: str) -> Answer:
        return self._answer(
            self.http.post(
                self.base_url + path,
                data={**data, "csrfmiddlewaretoken": token},
                allow_redirects=False,
            )
        )

    def burst(self, path: str, forms: list[dict], token: str) -> tuple[list[Answer], float]:
        """POST every form in ``forms`` at once, each from its own thread with this browser's
        cookies as they are now (as parallel tabs send them); returns the answers, in order,
        and the seconds the burst took. Cookies set by the answers are not kept."""
        cookies = self.http.cookies.copy()

        def post(data: dict) -> Answer:
            response = requests.post(
                self.base_url + path,
                data={**data, "csrfmiddlewaretoken": token},
                cookies=cookies,
                allow_redirects=False,
                timeout=120,
            )
            return self._answer(response)

        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=len(forms)) as pool:
            answers = list(pool.map(post, forms))
        return answers, time.monotonic() - started

    @staticmethod
    def _answer(response) -> Answer:
        return Answer(
            response.status_code,
            response.text,
            response.headers.get("Location", ""),
            response.cookies.get_dict(),
        )


def statuses(answers: list[Answer]) -> dict[int, int]:
    """How many answers had each status code."""
    counts: dict[int, int] = {}
    for answer in answers:
        counts[answer.status] = counts.get(answer.status, 0) + 1
    return counts


def gate_code_sent(browser: Browser, url: str, gate_prefix: str, mobile: str, national_code: str):
    """Open the identity gate at ``url``, pass step 1 and return (the code texted, the CSRF
    token)."""
    html = browser.get(url).text
    token = csrf_token(html)
    key = re.search(r'name="mobile-captcha_0" value="([0-9a-f]+)"', html).group(1)
    answer = browser.post(
        url,
        {
            "%s-current_step" % gate_prefix: "mobile",
            "mobile-mobile": mobile,
            "mobile-national_code": national_code,
            "mobile-captcha_0": key,
            "mobile-captcha_1": CaptchaStore.objects.get(hashkey=key).response,
        },
        token,
    )
    assert answer.status == 302, answer.text[:500]
    return re.search(r"(\d{6})", sms.outbox[-1].body).group(1), token
