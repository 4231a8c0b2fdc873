"""Staff open attachments only through the checked download (R5, R6)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import GroupPagePermission

from eservices.requests.models import Attachment, RequestSubmission
from tests.captcha import captcha_answer
from tests.factories import group_id, make_group

pytestmark = pytest.mark.django_db

URL = "/e-services/13031986000/13031986101/"


@pytest.fixture
def submission(client, complaint):
    page = complaint
    keys = {f.label: f.clean_name for f in page.get_form_fields()}
    client.post(
        URL,
        {
            keys["شماره ملی ثبت کننده درخواست"]: "0013542419",
            keys["تاریخ ثبت درخواست"]: "1403/05/08",
            keys["موضوع شکایت"]: "موضوع",
            keys["شرح شکایت"]: "شرح",
            keys["پیوست"]: SimpleUploadedFile(
                "نامه.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"
            ),
            **captcha_answer(client),  # the service has no gate (O11)
        },
    )
    return RequestSubmission.objects.get()


def staff(username: str, page=None):
    user = get_user_model().objects.create_user(username, password="pw")
    group = Group.objects.create(name=username)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    if page is not None:
        GroupPagePermission.objects.create(group=group, page=page, permission_type="change")
    user.groups.add(group)
    return user


def test_staff_of_the_service_download_with_safe_headers(client, submission):
    attachment = Attachment.objects.get()
    group_page = submission.page.get_parent()
    client.force_login(staff("clerk", page=group_page))
    response = client.get("/admin/eservices/attachments/%d/" % attachment.pk)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_staff_of_another_group_get_404(client, submission):
    attachment = Attachment.objects.get()
    other_group = make_group(submission.page.get_parent().get_parent().specific, group_id(2))
    client.force_login(staff("other", page=other_group))
    assert client.get("/admin/eservices/attachments/%d/" % attachment.pk).status_code == 404


def test_anonymous_users_are_sent_to_the_login(client, submission):
    attachment = Attachment.objects.get()
    response = client.get("/admin/eservices/attachments/%d/" % attachment.pk)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize("state", ["pending", "infected"])
def test_files_not_cleared_by_the_scanner_cannot_be_opened(client, submission, state):
    attachment = Attachment.objects.get()
    attachment.scan_state = state
    attachment.save()
    client.force_login(staff("clerk", page=submission.page.get_parent()))
    response = client.get("/admin/eservices/attachments/%d/" % attachment.pk)
    assert response.status_code == 302
    assert response["Location"] == "/admin/eservices/requests/%d/" % submission.pk
    assert not hasattr(response, "streaming_content")


def test_the_inbox_links_attachments_with_their_scan_state(client, submission):
    """The request's page in the inbox is where staff reach its files (Wagtail's Forms menu
    no longer lists service pages)."""
    client.force_login(get_user_model().objects.create_superuser("admin", "a@example.com", "pw"))
    response = client.get("/admin/eservices/requests/%d/" % submission.pk)
    html = response.content.decode()
    assert response.status_code == 200
    attachment = Attachment.objects.get()
    assert 'href="/admin/eservices/attachments/%d/"' % attachment.pk in html
    assert "نامه.pdf" in html
    assert "بررسی نشده (ویروس‌یاب تنظیم نشده است)" in html
