"""The service editor fits the service (issue 14, item 1): panels of the other kind hidden, a
visible survey switch, plain menu names, national IDs in the explorer and in the URLs."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text
from wagtail.users.models import UserProfile

from eservices.catalog.models import ServiceGroupPage, ServicePage
from eservices.survey.models import SurveyQuestion
from tests.factories import make_complaint, make_desk, make_group, make_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = get_user_model().objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(user)
    return client


@pytest.fixture
def english_editor(editor):
    profile = UserProfile.get_for_user(get_user_model().objects.get(username="editor"))
    profile.preferred_language = "en"
    profile.save()
    return editor


def panel_tag(html: str, field: str) -> str:
    """The opening tag of the top-level panel (``<section class="w-panel"``) holding
    ``field``'s input."""
    position = html.index(f'name="{field}"')
    start = html.rindex('<section class="w-panel', 0, position)
    return html[start : html.index(">", start) + 1]


def test_request_services_hide_the_view_data_source_and_view_services_the_request_options(
    editor,
):
    """Breaks if ``AbstractServicePage.fit_kind`` stops marking kind-only panels (a request
    service showed the View tab's data source, issue 14)."""
    group = make_group(make_desk(), "13031986000")
    request_service = make_service(group, "13031986101", kind="request")
    view_service = make_service(group, "13031986102", kind="view")

    html = editor.get(f"/admin/pages/{request_service.pk}/edit/").content.decode()
    assert " hidden" in panel_tag(html, "lookup_source")
    assert "hidden" not in panel_tag(html, "survey_reopens_request")
    assert "hidden" not in panel_tag(html, "retention_days")
    assert 'data-controller="eservices-service-kind"' in panel_tag(html, "lookup_source")

    html = editor.get(f"/admin/pages/{view_service.pk}/edit/").content.decode()
    assert "hidden" not in panel_tag(html, "lookup_source")
    assert " hidden" in panel_tag(html, "survey_reopens_request")
    assert " hidden" in panel_tag(html, "retention_days")
    # Panels of both kinds stay as they were.
    assert "hidden" not in panel_tag(html, "participation_enabled")


def test_the_kind_posted_decides_what_is_shown_when_the_form_comes_back(editor):
    """Breaks if the hidden panels follow the saved kind rather than the posted one (an editor
    who switched to "view" and made an error would see the request panels again)."""
    group = make_group(make_desk(), "13031986000")
    data = nested_form_data(
        {
            "title": "استعلام",
            "national_id": "123",  # an error, so the form comes back
            "kind": "view",
            "description": "",
            "channels": inline_formset([{"kind": "web", "phone": "", "app": ""}], min=1),
            "response_time_unit": "working_hours",
            "form_guide": rich_text(""),
            "form_fields": inline_formset([]),
            "survey_questions": inline_formset([]),
            "participation_max_files": "2",
        }
    )
    html = editor.post(f"/admin/pages/add/eservices/servicepage/{group.pk}/", data)
    html = html.content.decode()
    assert "hidden" not in panel_tag(html, "lookup_source")
    assert " hidden" in panel_tag(html, "retention_days")


def test_the_survey_is_shown_only_when_switched_on(client):
    """Breaks if ``survey_questions_list`` ignores ``survey_enabled`` (questions alone switched
    the survey on, and nothing said so)."""
    page = make_complaint()
    SurveyQuestion.objects.create(page=page, locale=page.locale, text="از پاسخ راضی بودید؟")
    url = "/e-services/13031986000/13031986101/follow-up/"
    assert page.survey_enabled  # new and existing services start with the survey on
    assert "از پاسخ راضی بودید؟" in client.get(url).content.decode()

    ServicePage.objects.filter(pk=page.pk).update(survey_enabled=False)
    html = client.get(url).content.decode()
    assert "از پاسخ راضی بودید؟" not in html


def test_the_two_desk_menus_say_what_they_hold(english_editor):
    """Breaks if the menus go back to the look-alike names "Service desk" / "E-services"."""
    html = english_editor.get("/admin/").content.decode()
    assert "Requests and reports" in html
    assert "E-services lists" in html
    assert '"Service desk"' not in html and '"E-services"' not in html


def test_the_explorer_lists_national_ids(editor):
    """Breaks if ``get_admin_display_title`` stops adding the national ID (Persian digits in
    the Persian admin)."""
    desk = make_desk()
    make_group(desk, "13031986000", title="گروه برق")
    html = editor.get(f"/admin/pages/{desk.pk}/").content.decode()
    assert "گروه برق (۱۳۰۳۱۹۸۶۰۰۰)" in html


def test_a_persian_title_gives_the_national_id_as_slug(editor):
    """Breaks if a new group or service takes its slug from its title (percent-encoded URLs)
    rather than its national ID."""
    desk = make_desk()
    data = nested_form_data(
        {"title": "گروه خدمات برق", "national_id": "۱۳۰۳۱۹۸۶۰۰۰", "icon": "bolt", "intro": ""}
    )
    response = editor.post(f"/admin/pages/add/eservices/servicegrouppage/{desk.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    group = ServiceGroupPage.objects.get(national_id="13031986000")
    assert group.slug == "13031986000"
    assert group.url == "/e-services/13031986000/"
    # A Persian slug set in code is replaced too; an ASCII one (the demo's) is kept.
    service = make_service(group, "13031986101", slug="ثبت-شکایت")
    assert service.slug == "13031986101"
    kept = make_service(group, "13031986102", slug="bill-inquiry")
    assert kept.slug == "bill-inquiry"


def test_the_demo_complaint_keeps_its_address(client):
    """Breaks if the existing demo URL of the complaint service stops answering."""
    make_complaint()
    assert client.get("/e-services/13031986000/13031986101/").status_code == 200
