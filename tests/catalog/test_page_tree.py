import pytest

from eservices.catalog.models import ServiceDeskPage, ServiceGroupPage, ServicePage
from eservices.catalog.models import group as group_module
from tests.factories import make_desk, make_group, make_service, site_root

pytestmark = pytest.mark.django_db


def test_desk_children_are_groups_only():
    desk = make_desk()
    assert ServiceGroupPage.can_create_at(desk)
    assert not ServicePage.can_create_at(desk)
    assert not ServiceDeskPage.can_create_at(desk)
    assert ServiceDeskPage.allowed_subpage_models() == [ServiceGroupPage]


def test_group_children_are_services_only_and_groups_live_under_desks_only():
    desk = make_desk()
    group = make_group(desk, "13031986000")
    assert ServicePage.can_create_at(group)
    assert not ServiceGroupPage.can_create_at(group)
    assert not ServiceGroupPage.can_create_at(site_root())
    assert ServiceGroupPage.allowed_parent_page_models() == [ServiceDeskPage]


def test_service_has_no_children_and_lives_under_groups_only():
    desk = make_desk()
    service = make_service(make_group(desk, "13031986000"), "13031986101")
    assert ServicePage.allowed_subpage_models() == []
    assert not ServicePage.can_create_at(site_root())
    assert not ServicePage.can_create_at(desk)
    assert not ServiceGroupPage.can_create_at(service)


def test_desk_can_be_placed_under_a_site_page():
    assert ServiceDeskPage.can_create_at(site_root())


def test_a_host_sites_service_page_type_may_sit_under_a_group(monkeypatch):
    """Catches: ``subpage_types`` naming only the desk's own ``ServicePage``, which would keep
    a host site's subclass of it out of every group."""

    class HostServicePage(ServicePage):
        class Meta:
            app_label = "eservices"
            abstract = True  # stands in for a host's concrete subclass; nothing registered

    models = [ServicePage, HostServicePage, ServiceGroupPage]
    monkeypatch.setattr(group_module, "get_page_models", lambda: models)
    assert ServiceGroupPage.allowed_subpage_models() == [ServicePage, HostServicePage]
