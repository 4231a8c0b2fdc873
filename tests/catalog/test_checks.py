from django.apps import apps
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

from eservices.catalog.models import ServicePage
from eservices.checks import (
    check_base_template,
    check_installed_apps,
    check_service_page_composition,
)
from eservices.core.composition import composition_errors
from eservices.identity.mixins import IdentityGateMixin
from eservices.survey.mixins import SurveyMixin


def test_missing_base_template_is_reported(settings):
    settings.ESERVICES_BASE_TEMPLATE = "no/such/base.html"
    errors = check_base_template(None)
    assert [error.id for error in errors] == ["eservices.E001"]


def test_existing_base_template_passes(settings):
    settings.ESERVICES_BASE_TEMPLATE = "base.html"
    assert check_base_template(None) == []


def test_missing_prerequisite_app_is_reported(monkeypatch):
    is_installed = apps.is_installed
    monkeypatch.setattr(
        apps, "is_installed", lambda name: name != "wagtail_localize" and is_installed(name)
    )
    assert [error.id for error in check_installed_apps(None)] == ["eservices.E002"]


def test_installed_prerequisites_pass():
    assert check_installed_apps(None) == []


# Composition of page parts (eservices.E003, E004) -------------------------------------------
# Broken pages are abstract models, so defining them registers nothing in the app registry.


def test_the_projects_service_pages_compose_without_errors():
    """Catches: a part's ``page_requires`` naming something the desk's page lacks."""
    assert check_service_page_composition(None) == []


def test_a_part_missing_what_it_needs_is_reported():
    """Catches: the survey placed on a page without the request part (no follow-up tab to
    extend, no tracking numbers to read); the check would stay silent without E003."""

    class SurveyOnly(IdentityGateMixin, SurveyMixin, Page):
        class Meta:
            abstract = True

    errors = composition_errors(SurveyOnly)
    missing = {error.msg.split("'")[1] for error in errors if error.id == "eservices.E003"}
    assert {"follow_up_context", "render_follow_up", "issued_tracking_numbers"} <= missing
    assert all(error.obj is SurveyOnly for error in errors)


def test_the_gate_placed_after_the_routes_is_reported():
    """Catches: ``IdentityGateMixin`` after ``RoutablePageMixin`` in the bases, where the route
    would be served without the gate ever running."""

    class Ungated(RoutablePageMixin, IdentityGateMixin, Page):
        class Meta:
            abstract = True

    assert "eservices.E004" in {error.id for error in composition_errors(Ungated)}
    assert "eservices.E004" not in {error.id for error in composition_errors(ServicePage)}


def test_a_broken_page_model_fails_the_registered_check(monkeypatch):
    """The registered check looks at every page model, not only the desk's own."""

    class Ungated(RoutablePageMixin, IdentityGateMixin, Page):
        class Meta:
            abstract = True

    monkeypatch.setattr(apps, "get_models", lambda: [ServicePage, Ungated])
    assert "eservices.E004" in {error.id for error in check_service_page_composition(None)}


def test_each_part_brings_its_own_panels_to_the_editor():
    """Catches: a part's panels left out of the service page's tabs."""
    handler = ServicePage.get_edit_handler()
    content, form, follow_up = (
        {getattr(p, "field_name", getattr(p, "relation_name", None)) for p in tab.children}
        for tab in handler.children[:3]
    )
    assert {"title", "channels", "requires_identity"} <= content
    assert {"form_guide", "form_fields"} <= form
    assert {"survey_reopens_request", "survey_questions"} <= follow_up
