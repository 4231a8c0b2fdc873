"""Editors build the catalog in the Wagtail admin (S14 checks on the service form)."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from eservices.catalog.models import MobileApp, ServicePage
from tests.factories import make_desk, make_group

pytestmark = pytest.mark.django_db

TITLE = "ثبت شکایات مردمی در حوزه توزیع برق"


@pytest.fixture
def editor_client(client):
    user = get_user_model().objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(user)
    return client


@pytest.fixture
def group():
    return make_group(make_desk(), "13031986000")


def post_service(client, group, national_id="۱۳۰۳۱۹۸۶۱۰۱", channels=None, **extra):
    channels = channels if channels is not None else [{"kind": "web", "phone": "", "app": ""}]
    data = nested_form_data(
        {
            "title": TITLE,
            "slug": "complaint",
            "national_id": national_id,
            "kind": "request",
            "description": "",
            "channels": inline_formset(channels, min=1),
            "response_time_unit": "working_hours",
            "form_guide": rich_text(""),
            "form_fields": inline_formset(extra.pop("form_fields", [])),
            "survey_questions": inline_formset([]),
            "participation_enabled": "on",
            "participation_max_files": "2",
            **extra,
        }
    )
    return client.post(f"/admin/pages/add/eservices/servicepage/{group.pk}/", data)


def test_editor_creates_a_service_with_persian_digits(editor_client, group):
    response = post_service(
        editor_client,
        group,
        channels=[
            {"kind": "web", "phone": "", "app": ""},
            {"kind": "phone", "phone": "۱۵۲۱", "app": ""},
        ],
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    service = ServicePage.objects.get(national_id="13031986101")
    assert service.national_id == "13031986101"
    assert sorted((c.kind, c.phone) for c in service.channels.all()) == [
        ("phone", "1521"),
        ("web", ""),
    ]


def test_service_needs_at_least_one_channel(editor_client, group):
    response = post_service(
        editor_client, group, channels=[{"kind": "web", "phone": "", "app": "", "DELETE": "1"}]
    )
    assert response.status_code == 200
    assert "دست‌کم یک بستر ارائه خدمت تعیین کنید." in response.content.decode()
    assert not ServicePage.objects.filter(title=TITLE).exists()


def test_a_channel_kind_is_given_once(editor_client, group):
    response = post_service(
        editor_client,
        group,
        channels=[{"kind": "web", "phone": "", "app": ""}, {"kind": "web", "phone": "", "app": ""}],
    )
    assert response.status_code == 200
    assert "هر بستر فقط یک بار می‌تواند آمده باشد" in response.content.decode()


def test_phone_channel_needs_its_number_and_app_channel_its_app(editor_client, group):
    response = post_service(
        editor_client,
        group,
        channels=[
            {"kind": "phone", "phone": "", "app": ""},
            {"kind": "app", "phone": "", "app": ""},
        ],
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "شماره تلفن بستر تلفن را وارد کنید." in html
    assert "اپلیکیشن بستر اپلیکیشن موبایل را انتخاب کنید." in html


def test_app_channel_with_an_app_is_saved(editor_client, group):
    app = MobileApp.objects.create(name="برق من")
    response = post_service(
        editor_client, group, channels=[{"kind": "app", "phone": "", "app": str(app.pk)}]
    )
    assert response.status_code == 302
    assert ServicePage.objects.get(national_id="13031986101").channels.get().app == app


@pytest.mark.parametrize("national_id", ["1303198610", "۱۳۰۳۱۹۸۶۱۰a", "13031986000"])
def test_bad_or_taken_national_id_is_a_form_error(editor_client, group, national_id):
    response = post_service(editor_client, group, national_id=national_id)
    assert response.status_code == 200
    assert not ServicePage.objects.filter(title=TITLE).exists()
    html = response.content.decode()
    assert "شناسه ملی باید دقیقاً ۱۱ رقم باشد." in html or "پیش‌تر برای" in html


def test_snippet_admin_lists_offices_and_apps(editor_client, demo_desk):
    assert editor_client.get("/admin/snippets/eservices/counteroffice/").status_code == 200
    assert editor_client.get("/admin/snippets/eservices/mobileapp/").status_code == 200
    assert editor_client.get("/admin/settings/eservices/desksettings/").status_code in (200, 302)


def field_row(label, field_type, role="", required=True):
    return {
        "label": label,
        "help_text": "",
        "required": "on" if required else "",
        "field_type": field_type,
        "role": role,
        "choices": "",
        "default_value": "",
        "allowed_extensions": "",
        "max_file_size_mb": "",
        "clean_name": "",
    }


def test_request_form_needs_the_registrants_national_code(editor_client, group):
    response = post_service(editor_client, group, form_fields=[field_row("موضوع", "singleline")])
    assert response.status_code == 200
    assert "فرم درخواست باید دقیقاً یک فیلد از نوع «کد ملی»" in response.content.decode()
    assert not ServicePage.objects.filter(title=TITLE).exists()


def test_request_form_with_the_registrant_field_is_saved_with_fixed_keys(editor_client, group):
    response = post_service(
        editor_client,
        group,
        form_fields=[
            field_row("کد ملی", "national_code", role="registrant_national_code"),
            field_row("پیوست", "file", required=False),
        ],
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    service = ServicePage.objects.get(national_id="13031986101")
    keys = [field.clean_name for field in service.form_fields.all()]
    assert all(key.startswith("field_") for key in keys) and len(set(keys)) == 2
