"""The Content-Security-Policy (docs/security.md D2): on every public and admin page, with no
'unsafe-inline' for scripts; the admin's few inline scripts carry the request's nonce; the
report-only switch; the preview's frame-ancestors; the violation-report endpoint.

The browser test (tests/browser/test_csp.py) shows that Chromium blocks nothing; these read the
headers and the HTML, so they also run where there is no browser.
"""

import json
import logging
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.test import override_settings

from eservices.catalog.models import ServicePage
from tests.backoffice.conftest import make_request, with_file

pytestmark = pytest.mark.django_db

COMPLAINT = "/e-services/13031986000/13031986101/"
PUBLIC = [
    "/",
    "/e-services/",
    "/e-services/13031986000/",
    COMPLAINT,
    COMPLAINT + "follow-up/",
    "/e-services/13031465000/bill-inquiry/follow-up/",
    "/search/?query=x",
    "/accessibility/",
    "/en/e-services/",
    "/no-such-page/",  # the 404 page in the site's frame
]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S)


def policy(response, header="Content-Security-Policy") -> dict[str, list[str]]:
    """The header's directives as {name: [values]}."""
    value = response.headers.get(header)
    assert value, "no %s header on %s" % (header, response.request["PATH_INFO"])
    directives = {}
    for part in value.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def executable_inline_scripts(html: str) -> list[tuple[str, str]]:
    """(attributes, code) of every inline <script> a browser would run: JSON data blocks
    (``type="application/json"``, Wagtail's config and telepath data) are not scripts."""
    return [
        (attrs, code)
        for attrs, code in INLINE_SCRIPT.findall(html)
        if "application/json" not in attrs and code.strip()
    ]


@pytest.mark.parametrize("path", PUBLIC)
def test_every_public_page_sends_a_strict_policy(client, demo_desk_once, path):
    """Catches: the middleware left out of MIDDLEWARE, 'unsafe-inline' (or a nonce, which no
    public page needs) added to script-src, or object-src/base-uri/frame-ancestors relaxed."""
    response = client.get(path)
    directives = policy(response)
    assert directives["script-src"][0] == "'self'"
    assert not any(
        v == "'unsafe-inline'" or v == "'unsafe-eval'" or v.startswith("'nonce-")
        for v in directives["script-src"]
    )
    assert "'unsafe-inline'" not in directives["style-src"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:"]
    assert directives["report-uri"] == ["/csp-report/"]
    assert "Content-Security-Policy-Report-Only" not in response.headers


@pytest.mark.parametrize("path", PUBLIC)
def test_public_pages_have_no_inline_script_handler_or_style(client, demo_desk_once, path):
    """Catches: an inline <script>, an on…= handler, a javascript: URL or a style attribute
    in a public template, which the policy would block (e.g. `<button onclick="…">`)."""
    html = client.get(path).content.decode()
    assert executable_inline_scripts(html) == []
    assert not re.search(r"<[^>]+\son[a-z]+\s*=", html)
    assert "javascript:" not in html.lower()
    assert not re.search(r"<[^>]+\sstyle\s*=", html)
    assert "<style" not in html


@pytest.fixture
def boss(demo_desk_once):
    return get_user_model().objects.create_superuser("boss", "boss@example.com", "pw-boss")


def admin_pages():
    service = ServicePage.objects.get(
        url_path__endswith="/13031986101/", locale__language_code="fa"
    )
    submission = make_request(service)
    desk = service.get_parent().get_parent()
    return {
        "dashboard": "/admin/",
        "explorer": "/admin/pages/%d/" % desk.pk,
        "service page edit": "/admin/pages/%d/edit/" % service.pk,
        "inbox": "/admin/eservices/requests/",
        "request detail": "/admin/eservices/requests/%d/" % submission.pk,
        "survey report": "/admin/eservices/surveys/",
        "ideas": "/admin/eservices/ideas/",
        "site history": "/admin/reports/site-history/",
        "snippets": "/admin/snippets/",
        "statuses": "/admin/snippets/eservices/requeststatus/",
        "holiday add": "/admin/snippets/eservices/holiday/add/",
        "settings": "/admin/settings/eservices/desksettings/",
        "authenticator enrol": "/admin/eservices/totp/enrol/",
        "translate": "/admin/localize/submit/page/%d/" % desk.pk,
    }


def test_admin_pages_send_the_policy_and_nonce_every_inline_script(client, boss):
    """Catches: an inline script of Wagtail's admin left without the request's nonce (a
    template override or the chooser patch in cms_site lost, e.g. `<script>new
    PageChooser(…)</script>` on the page editor), or 'unsafe-inline' for scripts in the admin."""
    client.force_login(boss)
    nonced = 0
    for name, path in admin_pages().items():
        response = client.get(path, follow=True)
        assert response.status_code == 200, name
        directives = policy(response)
        assert "'unsafe-inline'" not in directives["script-src"], name
        assert "'unsafe-eval'" not in directives["script-src"], name
        # Styles: the one documented exception, for the admin's editors (D2).
        assert "'unsafe-inline'" in directives["style-src"], name
        nonces = [v for v in directives["script-src"] if v.startswith("'nonce-")]
        scripts = executable_inline_scripts(response.content.decode())
        if not scripts:
            continue
        assert len(nonces) == 1, name
        nonce = nonces[0][len("'nonce-") : -1]
        for attrs, code in scripts:
            assert 'nonce="%s"' % nonce in attrs, (name, code[:80])
            nonced += 1
    assert nonced >= 10  # the editor's choosers, inline panels and date widgets were seen


def test_a_nonce_is_never_reused(client, boss):
    """Catches: a nonce kept between requests (a module-level value instead of the request's),
    which an attacker could read once and reuse."""
    client.force_login(boss)
    service = ServicePage.objects.get(
        url_path__endswith="/13031986101/", locale__language_code="fa"
    )
    url = "/admin/pages/%d/edit/" % service.pk
    first, second = (
        [v for v in policy(client.get(url))["script-src"] if v.startswith("'nonce-")]
        for _ in range(2)
    )
    assert first and second and first != second


def test_the_preview_may_be_framed_by_the_admin_and_nothing_else_may(client, boss):
    """Catches: frame-ancestors 'none' on Wagtail's preview (the editor's preview panel shows
    an error), or 'self' leaking to every page (clickjacking of the admin)."""
    client.force_login(boss)
    service = ServicePage.objects.get(
        url_path__endswith="/13031986101/", locale__language_code="fa"
    )
    preview = client.get("/admin/pages/%d/edit/preview/" % service.pk)
    assert preview.status_code == 200
    assert preview.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert policy(preview)["frame-ancestors"] == ["'self'"]
    editor = client.get("/admin/pages/%d/edit/" % service.pk)
    assert policy(editor)["frame-ancestors"] == ["'none'"]


def test_private_downloads_keep_their_own_stricter_policy(client, boss):
    """Catches: the site's policy overwriting the `default-src 'none'; sandbox` a private file
    download sends (R5)."""
    client.force_login(boss)
    service = ServicePage.objects.get(
        url_path__endswith="/13031986101/", locale__language_code="fa"
    )
    attachment = with_file(make_request(service))
    response = client.get("/admin/eservices/attachments/%d/" % attachment.pk)
    assert response.status_code == 200
    assert response.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_report_only_switch_sends_the_policy_under_the_other_header(client, demo_desk_once):
    """Catches: the report-only setting ignored by the middleware, or both headers sent."""
    current = django_settings.CONTENT_SECURITY_POLICY
    with override_settings(
        CONTENT_SECURITY_POLICY=None, CONTENT_SECURITY_POLICY_REPORT_ONLY=current
    ):
        response = client.get("/e-services/")
    assert "Content-Security-Policy" not in response.headers
    directives = policy(response, "Content-Security-Policy-Report-Only")
    assert directives["script-src"][0] == "'self'"
    assert directives["report-uri"] == ["/csp-report/"]


@pytest.mark.parametrize("value, enforced", [("1", False), ("", True), ("0", True)])
def test_csp_report_only_environment_variable_picks_the_setting(value, enforced):
    """Catches: CSP_REPORT_ONLY=1 not read by the settings (or read the wrong way round)."""
    code = (
        "import cms_site.settings.base as s; "
        "print(hasattr(s, 'CONTENT_SECURITY_POLICY'), "
        "hasattr(s, 'CONTENT_SECURITY_POLICY_REPORT_ONLY'))"
    )
    env = {**os.environ, "CSP_REPORT_ONLY": value}
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=django_settings.BASE_DIR,
    ).stdout.split()
    assert out == [str(enforced), str(not enforced)]


REPORT = {
    "csp-report": {
        "document-uri": "https://desk.example/e-services/",
        "violated-directive": "script-src-elem",
        "effective-directive": "script-src-elem",
        "blocked-uri": "inline",
        "source-file": "https://desk.example/e-services/",
        "line-number": 12,
        "disposition": "enforce",
    }
}


def test_a_violation_report_is_logged(client, caplog):
    """Catches: reports dropped silently (the endpoint answering without logging)."""
    with caplog.at_level(logging.WARNING, logger="cms_site.csp"):
        response = client.post(
            "/csp-report/", json.dumps(REPORT), content_type="application/csp-report"
        )
    assert response.status_code == 204
    (record,) = [r for r in caplog.records if r.name == "cms_site.csp"]
    assert '"violated-directive": "script-src-elem"' in record.getMessage()
    assert '"blocked-uri": "inline"' in record.getMessage()


@pytest.mark.parametrize(
    "body",
    [b"", b"not json", b"[1, 2]", b'{"csp-report": "x"}', b"\xff\xfe", b"{" * 20000],
)
def test_junk_posted_as_a_report_is_answered_quietly(client, caplog, body):
    """Catches: a 500 (or a log line) for a body that is not a report."""
    with caplog.at_level(logging.WARNING, logger="cms_site.csp"):
        response = client.post("/csp-report/", body, content_type="application/csp-report")
    assert response.status_code == 204
    assert [r for r in caplog.records if r.name == "cms_site.csp"] == []


def test_reports_are_get_only_refused_and_rate_limited(client, caplog):
    """Catches: a GET that logs, or an address that can fill the log without limit."""
    assert client.get("/csp-report/").status_code == 405
    with caplog.at_level(logging.WARNING, logger="cms_site.csp"):
        for _ in range(40):
            response = client.post(
                "/csp-report/", json.dumps(REPORT), content_type="application/csp-report"
            )
            assert response.status_code == 204
    assert len([r for r in caplog.records if r.name == "cms_site.csp"]) == 30
