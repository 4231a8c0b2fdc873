"""Answers read as typed (issue 14, item 4): a Jalali date answer is Jalali in the Persian
admin and Gregorian in the English one; a choice reads by its label in the admin's language;
the demo admin can switch the admin's language at once."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from wagtail.users.models import UserProfile

from eservices.formbuilder.models import ServiceFormField
from tests.backoffice.conftest import make_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(desk):
    service = desk["service_a"]
    service.form_fields = [
        ServiceFormField(label="تاریخ قطعی", field_type="jalali_date", clean_name="outage_day"),
        ServiceFormField(
            label="نوع شخص",
            field_type="dropdown",
            clean_name="person",
            choices="حقوقی | شخص حقوقی",
        ),
        ServiceFormField(
            label="روزها", field_type="checkboxes", clean_name="days", choices="شنبه\nیکشنبه"
        ),
    ]
    service.save_revision().publish()
    return make_request(
        service,
        form_data={"outage_day": "2026-11-29", "person": "حقوقی", "days": ["شنبه", "یکشنبه"]},
    )


def detail(client, submission) -> str:
    response = client.get(reverse("eservices_requests:detail", args=[submission.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_jalali_date_answer_is_jalali_in_persian_and_gregorian_in_english(admin_client, answered):
    """Breaks if ``shown_answer`` stops formatting date answers with ``local_date`` (staff
    read the Jalali date a citizen typed as ``۲۰۲۶-۱۱-۲۹``)."""
    html = detail(admin_client, answered)
    assert "۱۴۰۵/۰۹/۰۸" in html
    assert "۲۰۲۶-۱۱-۲۹" not in html
    # Choices by their labels, several joined with the Persian comma.
    assert "شخص حقوقی" in html
    assert "شنبه، یکشنبه" in html

    admin = get_user_model().objects.get(username="admin")
    profile = UserProfile.get_for_user(admin)
    profile.preferred_language = "en"
    profile.save()
    html = detail(admin_client, answered)
    assert "2026-11-29" in html
    assert "1405/09/08" not in html


def test_the_demo_admin_has_a_name_and_can_switch_language(client, settings):
    """Breaks if the demo loader's admin has no first or last name again: Wagtail's account
    form then refuses to save, so the admin's language could not be changed."""
    settings.ESERVICES_DEMO_ADMIN = True
    call_command("load_demo_desk", stdout=io.StringIO())
    admin = get_user_model().objects.get(username="admin")
    assert admin.first_name and admin.last_name
    client.force_login(admin)
    response = client.post(
        "/admin/account/",
        {
            "name_email-first_name": admin.first_name,
            "name_email-last_name": admin.last_name,
            "name_email-email": admin.email,
            "locale-preferred_language": "en",
            "locale-current_time_zone": "",
            "theme-theme": "system",
            "theme-contrast": "system",
            "theme-density": "default",
            "theme-keyboard_shortcuts": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert UserProfile.get_for_user(admin).preferred_language == "en"
