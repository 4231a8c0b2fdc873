"""Staff read the statuses in their admin language: inbox, filter, request page, history."""

import re

import pytest
from django.urls import reverse
from wagtail.models import Locale
from wagtail.users.models import UserProfile

from eservices.requests.models import RequestStatus
from eservices.requests.statuses import ensure_default_statuses
from eservices.requests.workflow import change_status

from .conftest import make_request

INBOX = "/admin/eservices/requests/"


@pytest.fixture
def translated(desk):
    """English translations of the default statuses, listed before their sources."""
    en, _ = Locale.objects.get_or_create(language_code="en")
    ensure_default_statuses(RequestStatus)
    RequestStatus.objects.filter(locale=en).update(sort_order=0)
    return en


def status(code: str) -> RequestStatus:
    return RequestStatus.objects.workflow().get(code=code)


def speaks(user, language: str) -> None:
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()


def options(html: str, name: str) -> list[str]:
    select = re.search(r'<select name="%s"[^>]*>(.*?)</select>' % name, html, re.S).group(1)
    return [label.strip() for label in re.findall(r"<option[^>]*>([^<]*)</option>", select)]


def test_english_staff_read_english_status_names(client, staff_a, desk, translated):
    """Catches: staff pages naming statuses from the source rows, or listing every language's
    row of a status in the status filter and the status change form."""
    mine = make_request(desk["service_a"])
    change_status(mine, staff_a, status("in_review"))
    speaks(staff_a, "en")
    client.force_login(staff_a)

    inbox = client.get(INBOX).content.decode()
    assert '<span class="w-status">In review</span>' in inbox
    assert options(inbox, "status")[1:] == [
        "Registered",
        "In review",
        "Referred",
        "Answered",
        "Rejected",
        "Closed",
    ]
    detail = client.get(reverse("eservices_requests:detail", args=[mine.pk])).content.decode()
    assert '<span class="w-status">In review</span>' in detail
    assert "<td>Registered</td>" in detail and "<td>In review</td>" in detail
    assert options(detail, "status")[1:] == ["Referred", "Answered", "Rejected"]
    history = client.get(reverse("eservices_requests:history", args=[mine.pk])).content.decode()
    assert "“Registered” to “In review”" in history
    assert "ثبت شده" not in inbox + detail + history


def test_persian_staff_read_persian_status_names(client, staff_a, desk, translated):
    """Catches: a Persian reader given a translation's name because it sorts first."""
    mine = make_request(desk["service_a"])
    change_status(mine, staff_a, status("in_review"))
    client.force_login(staff_a)
    inbox = client.get(INBOX).content.decode()
    assert options(inbox, "status")[1:3] == ["ثبت شده", "در حال بررسی"]
    assert "In review" not in inbox
    history = client.get(reverse("eservices_requests:history", args=[mine.pk])).content.decode()
    assert "از «ثبت شده» به «در حال بررسی» تغییر کرد" in history
