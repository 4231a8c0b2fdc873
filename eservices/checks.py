"""System checks that catch a host project wired in a way the desk cannot work with."""

from django.apps import apps
from django.conf import settings as django_settings
from django.core.checks import Error, Tags, Warning, register
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils.module_loading import import_string
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


#: Cache backends whose counts are not shared by the processes serving the site: each process
#: keeps its own (local memory), or nothing is kept at all (dummy).
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache": "keeps its counts in each process's memory",
    "django.core.cache.backends.dummy.DummyCache": "keeps no counts at all",
}


@register(Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    """eservices.W001 (``check --deploy``, DEBUG off): the default cache must be shared by all
    processes, for the desk counts its rate limits, lockouts and gate counters there (O10)."""
    if django_settings.DEBUG:
        return []
    backend = django_settings.CACHES.get("default", {}).get("BACKEND", "")
    try:
        backend_class = import_string(backend)
    except ImportError:
        return []  # Django's own checks report a cache that cannot be loaded
    why = next(
        (
            why
            for path, why in PER_PROCESS_CACHES.items()
            if issubclass(backend_class, import_string(path))
        ),
        None,
    )
    if why is None:
        return []
    return [
        Warning(
            f"The default cache ({backend}) {why}: rate limits, "
            "lockouts and the identity gate's counters then hold per process, not for the site.",
            hint="Use a cache shared by every process, such as Redis (set REDIS_URL).",
            id="eservices.W001",
        )
    ]
