"""Small builders of catalog trees for the tests."""

from wagtail.models import Page, Site

from eservices.catalog.models import (
    ServiceChannel,
    ServiceDeskPage,
    ServiceGroupPage,
    ServicePage,
)


def site_root() -> Page:
    return Site.objects.get(is_default_site=True).root_page


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
