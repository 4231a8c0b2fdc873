"""The catalog costs the same number of queries however many services it lists."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from eservices.catalog.models import MobileApp
from tests.factories import add_services, make_catalog

pytestmark = pytest.mark.django_db


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_catalog_query_count_is_flat_from_2_to_20_services_per_group(
    client, django_assert_num_queries
):
    app = MobileApp.objects.create(name="برق من")
    desk = make_catalog(groups=14, services_per_group=2, app=app)
    client.get("/e-services/")  # warm the site-root cache, as on a running site
    small = count_queries(client, "/e-services/")
    assert client.get("/e-services/").content.decode().count('<tr id="service-') == 28

    add_services(desk, services_per_group=18, start=2, app=app)
    with django_assert_num_queries(small):
        response = client.get("/e-services/")
    assert response.content.decode().count('<tr id="service-') == 280


def test_group_page_query_count_is_flat(client, django_assert_num_queries):
    desk = make_catalog(groups=1, services_per_group=2)
    client.get("/e-services/13031000000/")
    small = count_queries(client, "/e-services/13031000000/")
    add_services(desk, services_per_group=18, start=2)
    with django_assert_num_queries(small):
        client.get("/e-services/13031000000/")
