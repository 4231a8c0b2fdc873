"""System checks that catch a host project wired in a way the desk cannot work with."""

from django.apps import apps
from django.core.checks import Error, register
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from wagtail.models import Page

from .conf import settings
from .core.composition import PagePart, composition_errors


@register()
def check_base_template(app_configs, **kwargs):
    """eservices.E001: the base template the desk's pages extend must exist."""
    try:
        get_template(settings.ESERVICES_BASE_TEMPLATE)
    except TemplateDoesNotExist:
        return [
            Error(
                f"ESERVICES_BASE_TEMPLATE {settings.ESERVICES_BASE_TEMPLATE!r} does not exist.",
                hint="Create it or point ESERVICES_BASE_TEMPLATE at the site's base template.",
                id="eservices.E001",
            )
        ]
    return []


@register()
def check_installed_apps(app_configs, **kwargs):
    """eservices.E002: the apps the desk builds on must be installed."""
    required = [
        "wagtail.contrib.routable_page",
        "wagtail.contrib.settings",
        "wagtail.documents",
        "wagtail_localize",
    ]
    return [
        Error(
            f"{app} must be in INSTALLED_APPS for the e-services desk.",
            id="eservices.E002",
        )
        for app in required
        if not apps.is_installed(app)
    ]


@register()
def check_service_page_composition(app_configs, **kwargs):
    """eservices.E003, E004: every page type built from the desk's parts has what each part
    needs, in the order they need (``eservices.core.composition``)."""
    errors = []
    for model in apps.get_models():
        if issubclass(model, Page) and issubclass(model, PagePart):
            errors += composition_errors(model)
    return errors
