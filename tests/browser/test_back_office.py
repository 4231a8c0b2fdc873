"""Staff work a citizen's request in Chromium, as the back-office issue is checked: find it by
tracking number, answer it, and the citizen sees the answer; another group's staff cannot."""

import io

import openpyxl
import pytest
from django.core.management import call_command

from eservices.catalog.models import ServiceGroupPage, ServicePage
from tests.backoffice.conftest import make_request, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SERVICE = "/e-services/13031986000/13031986101/"


@pytest.fixture
def site(live_server):
    call_command("load_demo_desk", stdout=open("/dev/null", "w"))  # noqa: SIM115
    ServicePage.objects.update(requires_identity=False)
    return live_server.url


def log_in(page, site, username, password):
    page.goto(site + "/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("button[type=submit]").click()
    page.wait_for_url(site + "/admin/")


def test_staff_answer_a_request_and_the_citizen_reads_the_answer(site, browser):
    service = ServicePage.objects.get(
        url_path__endswith="/13031986101/", locale__language_code="fa"
    )
    other_group = ServiceGroupPage.objects.exclude(pk=service.get_parent().pk).first()
    submission = make_request(
        service,
        national_code="0013542419",
        form_data={"subject": '<script>alert("x")</script>', "detail": '=HYPERLINK("http://e")'},
    )
    make_staff("clerk", service.get_parent())
    make_staff("outsider", other_group.specific)

    staff = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = staff.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    log_in(page, site, "clerk", "pw-clerk")
    page.get_by_role("button", name="کارتابل درخواست‌ها و گزارش‌ها").click()
    page.get_by_role("link", name="درخواست‌ها").click()
    persian = submission.tracking_number.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    page.wait_for_url(site + "/admin/eservices/requests/")
    search = page.locator("main input[name=q]")
    search.fill(persian)
    search.press("Enter")
    page.get_by_role("link", name=persian).click()
    page.get_by_label("وضعیت جدید").wait_for()
    assert '<script>alert("x")</script>' in page.locator(".eservices-request").inner_text()

    page.get_by_label("وضعیت جدید").select_option(label="پاسخ داده شده")
    page.get_by_label("پاسخ به متقاضی").fill("کنتور شما روز شنبه تعویض می‌شود.")
    page.get_by_label("یادداشت داخلی").fill("اکیپ ۲")
    page.get_by_role("button", name="ذخیره").click()
    page.get_by_text("درخواست به‌روز شد.").wait_for()
    assert "پاسخ داده شده" in page.locator(".eservices-facts").first.inner_text()

    with page.expect_download() as download:
        page.evaluate("location.href = location.origin + '/admin/eservices/requests/?export=xlsx'")
    # Playwright saves downloads without an extension, which openpyxl refuses as a path.
    sheet = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == submission.tracking_number
    assert "'=HYPERLINK" not in str(rows[1])  # inside the answers text, not a cell of its own
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    assert dialogs == []
    staff.close()

    citizen = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    phone = citizen.new_page()
    phone.goto(site + SERVICE + "follow-up/")
    phone.locator("#id_tracking_number").fill(persian)
    phone.locator("#id_national_code").fill("۰۰۱۳۵۴۲۴۱۹")
    phone.get_by_role("button", name="جستجوی شماره رهگیری").click()
    phone.locator(".lookup-result .status").wait_for()
    result = phone.locator(".lookup-result").inner_text()
    assert "پاسخ داده شده" in result
    assert "کنتور شما روز شنبه تعویض می‌شود." in result
    assert "اکیپ" not in result  # the internal note stays inside
    citizen.close()

    outsider = browser.new_context()
    page = outsider.new_page()
    log_in(page, site, "outsider", "pw-outsider")
    response = page.goto(site + "/admin/eservices/requests/%d/" % submission.pk)
    assert response.status == 404
    page.goto(site + "/admin/eservices/requests/")
    assert persian not in page.content()
    outsider.close()
