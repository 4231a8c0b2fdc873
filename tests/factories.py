"""Small builders of catalog trees for the tests."""

from wagtail.models import Locale, Page, Site

from eservices.catalog.models import (
    ServiceChannel,
    ServiceDeskPage,
    ServiceGroupPage,
    ServicePage,
)
from home.demo import content
from home.management.commands.load_demo_desk import Command as DemoLoader
from home.management.commands.load_demo_desk import ensure_form_fields, ensure_translation

COMPLAINT_GROUP = "13031986000"
COMPLAINT_SERVICE = "13031986101"


def site_root() -> Page:
    """The default site's root page, made again when a transactional test flushed the
    database (and with it the page tree and site Wagtail's migrations create)."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is not None:
        return site.root_page
    locale, _ = Locale.objects.get_or_create(language_code="fa")
    tree = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=locale)
    )
    home = tree.add_child(instance=Page(title="Home", slug="home", locale=locale))
    Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    return home


def make_desk(parent: Page | None = None, **fields) -> ServiceDeskPage:
    fields.setdefault("title", "میز خدمات الکترونیک")
    fields.setdefault("slug", "e-services")
    desk = ServiceDeskPage(**fields)
    (parent or site_root()).add_child(instance=desk)
    return desk


def make_group(desk: ServiceDeskPage, national_id: str, **fields) -> ServiceGroupPage:
    fields.setdefault("title", "گروه %s" % national_id)
    fields.setdefault("slug", national_id)
    group = ServiceGroupPage(national_id=national_id, **fields)
    desk.add_child(instance=group)
    return group


def make_service(
    group: ServiceGroupPage,
    national_id: str,
    channels=(("web", ""),),
    app=None,
    **fields,
) -> ServicePage:
    fields.setdefault("title", "خدمت %s" % national_id)
    fields.setdefault("slug", national_id)
    service = ServicePage(
        national_id=national_id,
        channels=[
            ServiceChannel(kind=kind, phone=phone, app=app if kind == "app" else None)
            for kind, phone in channels
        ],
        **fields,
    )
    group.add_child(instance=service)
    return service


def group_id(index: int) -> str:
    return str(13031000000 + index * 1000)


def service_id(group_index: int, index: int) -> str:
    return str(13031000000 + group_index * 1000 + 100 + index)


def make_catalog(groups: int, services_per_group: int, desk=None, app=None) -> ServiceDeskPage:
    """A desk of ``groups`` groups with ``services_per_group`` services on every channel."""
    desk = desk or make_desk()
    all_channels = (("web", ""), ("phone", "1521"), ("counter", ""), ("info", ""))
    if app is not None:
        all_channels += (("app", ""),)
    for g in range(groups):
        group = make_group(desk, group_id(g))
        for s in range(services_per_group):
            make_service(group, service_id(g, s), channels=all_channels, app=app)
    return desk


def add_services(desk: ServiceDeskPage, services_per_group: int, start: int, app=None) -> None:
    all_channels = (("web", ""), ("phone", "1521"), ("counter", ""), ("info", ""))
    if app is not None:
        all_channels += (("app", ""),)
    for g, group in enumerate(ServiceGroupPage.objects.child_of(desk).order_by("path")):
        for s in range(start, start + services_per_group):
            make_service(group, service_id(g, s), channels=all_channels, app=app)


def make_complaint(requires_identity: bool = False, english: bool = False) -> ServicePage:
    """The guide's complaint service (13031986101) with the demo's form, at the demo's URL
    ``/e-services/13031986000/13031986101/``, without the rest of the demo desk.

    The form comes from the demo loader's own definition, so the fields, labels, types and
    roles are the demo's. ``english`` adds the English translations of the desk, group and
    service with their fields (keys shared, as wagtail-localize makes them).
    """
    catalog_group = next(g for g in content.CATALOG["groups"] if g["id"] == COMPLAINT_GROUP)
    data = next(s for s in catalog_group["services"] if s["id"] == COMPLAINT_SERVICE)
    desk = make_desk()
    group = make_group(desk, COMPLAINT_GROUP, title=catalog_group["title_fa"])
    service = make_service(
        group,
        COMPLAINT_SERVICE,
        channels=(("web", ""), ("phone", "1521"), ("counter", ""), ("info", "")),
        title=data["title_fa"],
        description=data["description_fa"],
        form_guide=content.SEED_GUIDE_FA,
        requires_identity=requires_identity,
        response_time_amount=1,
        response_time_unit="working_hours",
    )
    en, _ = Locale.objects.get_or_create(language_code="en")
    if english:
        ensure_translation(site_root(), en, {})
        for page, title in [
            (desk, "E-services desk"),
            (group, catalog_group["title_en"]),
            (service, data["title_en"]),
        ]:
            ensure_translation(page, en, {"title": title})
    fields, labels_en = DemoLoader().seed_form(data)
    ensure_form_fields(service, fields, labels_en)
    return ServicePage.objects.get(pk=service.pk)
