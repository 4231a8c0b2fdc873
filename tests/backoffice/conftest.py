"""Two service groups with one service each, a staff member for each group, and requests."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from wagtail.models import GroupPagePermission

from eservices.requests.models import Attachment, RequestStatus, RequestSubmission, StatusChange
from tests.factories import group_id, make_desk, make_group, make_service, service_id


@pytest.fixture
def desk(db):
    desk = make_desk()
    group_a = make_group(desk, group_id(1), title="گروه الف")
    group_b = make_group(desk, group_id(2), title="گروه ب")
    return {
        "desk": desk,
        "group_a": group_a,
        "group_b": group_b,
        "service_a": make_service(group_a, service_id(1, 1), title="خدمت الف"),
        "service_b": make_service(group_b, service_id(2, 1), title="خدمت ب"),
    }


def make_staff(username: str, group_page):
    """A staff member whose Wagtail group may edit ``group_page`` and the services below it."""
    group = Group.objects.create(name="staff of %s" % group_page.title)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    GroupPagePermission.objects.create(
        group=group,
        page=group_page,
        permission=Permission.objects.get(
            content_type__app_label="wagtailcore", codename="change_page"
        ),
    )
    user = get_user_model().objects.create_user(username, password="pw-" + username)
    user.groups.add(group)
    return user


@pytest.fixture
def staff_a(desk):
    return make_staff("staff_a", desk["group_a"])


@pytest.fixture
def staff_b(desk):
    return make_staff("staff_b", desk["group_b"])


def make_request(page, national_code="0013542419", mobile="09121234567", **fields):
    status = RequestStatus.initial()
    submission = RequestSubmission(
        page=page,
        form_data=fields.pop("form_data", {"subject": "برق قطع است"}),
        registrant_national_code=national_code,
        registrant_mobile=mobile,
        status=status,
        **fields,
    )
    submission.save_with_tracking_number()
    StatusChange.objects.create(submission=submission, status=status)
    return submission


def with_file(submission, name: str = "id.pdf") -> Attachment:
    """A clean PDF attachment of ``submission`` in private storage."""
    attachment = Attachment(
        submission=submission,
        field_key="file",
        original_name=name,
        content_type="application/pdf",
        size=8,
        scan_state="clean",
    )
    attachment.file.save(name, ContentFile(b"%PDF-1.4"), save=True)
    return attachment
