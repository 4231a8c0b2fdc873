"""The form designer in the Wagtail admin (issue 14, item 1): each field row shows only the
options its type uses, every option explains itself, and the server empties what a type does
not use; whole numbers take Persian digits."""

import re

import pytest
from django.contrib.auth import get_user_model
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text
from wagtail.users.models import UserProfile

from eservices.catalog.models import ServicePage
from eservices.formbuilder.models import ServiceFormField
from tests.factories import make_desk, make_group, make_service

pytestmark = pytest.mark.django_db

TITLE = "ثبت شکایات مردمی در حوزه توزیع برق"


@pytest.fixture
def editor(client):
    user = get_user_model().objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(user)
    return client


@pytest.fixture
def english_editor(editor):
    user = get_user_model().objects.get(username="editor")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return editor


@pytest.fixture
def group():
    return make_group(make_desk(), "13031986000")


def row(label, field_type, **extra):
    return {
        "label": label,
        "help_text": "",
        "required": "",
        "field_type": field_type,
        "role": "",
        "choices": "",
        "default_value": "",
        "default_today": "",
        "allowed_extensions": "",
        "max_file_size_mb": "",
        "clean_name": "",
        **extra,
    }


def national_code_row():
    return row("کد ملی", "national_code", required="on", role="registrant_national_code")


def post_service(client, group, form_fields, **extra):
    data = nested_form_data(
        {
            "title": TITLE,
            "national_id": "13031986101",
            "kind": "request",
            "description": "",
            "channels": inline_formset([{"kind": "web", "phone": "", "app": ""}], min=1),
            "response_time_unit": "working_hours",
            "form_guide": rich_text(""),
            "form_fields": inline_formset(form_fields),
            "survey_questions": inline_formset([]),
            "participation_max_files": "2",
            "survey_enabled": "on",
            **extra,
        }
    )
    return client.post(f"/admin/pages/add/eservices/servicepage/{group.pk}/", data)


def option_wrapper(html: str, index: int, field: str) -> str:
    """The opening tag of the panel wrapping ``field`` in field row ``index``."""
    position = html.index(f'name="form_fields-{index}-{field}"')
    start = html.rindex('<div class="w-panel__wrapper', 0, position)
    return html[start : html.index(">", start) + 1]


def test_a_field_row_shows_only_the_options_of_its_type(english_editor, group):
    """Breaks if ``FieldOptionPanel`` stops rendering the options of other types ``hidden``
    (or the designer shows choices on a file field again)."""
    service = make_service(group, "13031986101")
    service.form_fields = [
        ServiceFormField(label="Kind", field_type="dropdown", choices="a\nb"),
        ServiceFormField(label="Scan", field_type="file", allowed_extensions="pdf"),
        ServiceFormField(label="Date", field_type="jalali_date"),
    ]
    service.save_revision().publish()
    html = english_editor.get(f"/admin/pages/{service.pk}/edit/").content.decode()
    dropdown, upload, date = 0, 1, 2

    assert "hidden" not in option_wrapper(html, dropdown, "choices")
    assert " hidden" in option_wrapper(html, dropdown, "allowed_extensions")
    assert " hidden" in option_wrapper(html, dropdown, "default_today")
    assert " hidden" in option_wrapper(html, upload, "choices")
    assert " hidden" in option_wrapper(html, upload, "default_value")
    assert "hidden" not in option_wrapper(html, upload, "allowed_extensions")
    assert "hidden" not in option_wrapper(html, upload, "max_file_size_mb")
    assert "hidden" not in option_wrapper(html, date, "default_today")
    assert " hidden" in option_wrapper(html, date, "role")
    # The browser follows the type as the editor changes it.
    assert 'data-controller="eservices-field-option"' in option_wrapper(html, dropdown, "choices")
    assert "eservices/js/admin-editor.js" in html


def test_every_option_and_the_role_explain_themselves(english_editor, group):
    """Breaks if an option of a field row, the role or the survey's "reopens" switch loses its
    help text."""
    service = make_service(group, "13031986101")
    html = english_editor.get(f"/admin/pages/{service.pk}/edit/").content.decode()
    for text in [
        "What the answer means to the desk",  # role
        "One choice per line",  # choices
        "For Jalali dates: the field starts with the day",  # default to today
        "For file uploads: comma-separated extensions",  # allowed types
        "For file uploads: at most the site",  # size
        "the options below follow the type",  # field type
        "reopens the citizen&#x27;s request",  # survey_reopens_request
        "Citizens see the survey on the Follow-up tab when this is on",  # survey on
    ]:
        assert text in html, text


def test_options_a_type_does_not_use_are_emptied_on_save(editor, group):
    """Breaks if ``AbstractServiceFormField.clean`` stops emptying hidden options (a text
    field would keep the choices, file types and role it had as another type)."""
    response = post_service(
        editor,
        group,
        [
            national_code_row(),
            row(
                "نام",
                "singleline",
                choices="الف\nب",
                allowed_extensions="pdf",
                max_file_size_mb="2",
                default_today="on",
                role="registrant_mobile",
            ),
        ],
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    text = ServicePage.objects.get(title=TITLE).form_fields.get(field_type="singleline")
    assert (text.choices, text.allowed_extensions, text.max_file_size_mb) == ("", "", None)
    assert (text.default_today, text.role) == (False, "")


def test_a_choice_field_needs_a_choice_and_distinct_values(editor, group):
    """Breaks if a dropdown without choices, or with one value twice, is saved."""
    response = post_service(editor, group, [national_code_row(), row("نوع", "dropdown")])
    assert response.status_code == 200
    assert not ServicePage.objects.filter(title=TITLE).exists()
    response = post_service(
        editor, group, [national_code_row(), row("نوع", "radio", choices="الف | A\nالف | B")]
    )
    assert response.status_code == 200
    assert not ServicePage.objects.filter(title=TITLE).exists()


def test_choices_are_stored_as_value_label_pairs(editor, group):
    """Breaks if ``value | label`` lines are not parsed into pairs (or a plain line's value
    is not its label)."""
    response = post_service(
        editor,
        group,
        [national_code_row(), row("نوع", "dropdown", choices="real | حقیقی\r\nحقوقی")],
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    field = ServicePage.objects.get(title=TITLE).form_fields.get(field_type="dropdown")
    assert field.choice_pairs == [("real", "حقیقی"), ("حقوقی", "حقوقی")]


def test_whole_numbers_take_persian_and_arabic_digits(editor, group):
    """Breaks if ``AdminIntegerField`` is no longer registered for integer model fields (the
    browser's number input refuses Persian digits) or stops normalising them."""
    response = post_service(
        editor,
        group,
        [national_code_row(), row("پیوست", "file", max_file_size_mb="٣")],
        response_time_amount="۴۸",
        participation_max_files="۲",
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    service = ServicePage.objects.get(title=TITLE)
    assert (service.response_time_amount, service.participation_max_files) == (48, 2)
    assert service.form_fields.get(field_type="file").max_file_size_mb == 3

    html = editor.get(f"/admin/pages/{service.pk}/edit/").content.decode()
    amount = re.search(r'<input[^>]*name="response_time_amount"[^>]*>', html).group(0)
    assert 'type="text"' in amount and 'inputmode="numeric"' in amount


def test_other_scripts_digits_are_refused_with_a_message(editor, group):
    """Breaks if fullwidth digits (which ``int()`` accepts) pass as a number."""
    response = post_service(editor, group, [national_code_row()], response_time_amount="４８")
    assert response.status_code == 200
    assert not ServicePage.objects.filter(title=TITLE).exists()
    assert "response_time_amount" in response.content.decode()
