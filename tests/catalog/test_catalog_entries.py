"""The catalog tables write their rows from plain ``CatalogEntry`` values, not page instances
(issue 15); the site search writes the same rows from pages. Both must read alike."""

import pytest
from django.core.files.base import ContentFile
from django.test import RequestFactory
from django.utils import translation
from wagtail.documents import get_document_model

from eservices.catalog.models import MobileApp, ServicePage
from eservices.catalog.rows import RowWriter
from tests.factories import make_desk, make_group, make_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def group_with_two_services():
    """A web service with every info field, a document and its channels entered out of the
    guide's order; and a service without web, whose title opens its info."""
    app = MobileApp.objects.create(name="برق من")
    document = get_document_model().objects.create(
        title="شناسنامه", file=ContentFile(b"%PDF-1.4\n", name="identity.pdf")
    )
    desk = make_desk()
    group = make_group(desk, "13031986000")
    make_service(
        group,
        "13031986101",
        channels=(("info", ""), ("app", ""), ("phone", "021-1521"), ("counter", ""), ("web", "")),
        app=app,
        description="ثبت <شکایت> از خدمات",
        identity_document=document,
        response_time_amount=3,
        response_time_unit="working_days",
        required_documents="قبض برق\nکارت ملی",
        fee="۱۰۰۰ ریال",
        notes="فقط برای مشترکان",
    )
    make_service(group, "13031986102", channels=(("phone", "1521"), ("info", "")))
    return desk, group


@pytest.mark.parametrize("language", ["fa", "en"])
def test_an_entry_writes_the_same_row_as_its_page(group_with_two_services, language):
    """Catches: an entry that drops a column the row shows (the document's link, the info
    panel's data, the description's tooltip), keeps its channels in the editor's order instead
    of the guide's, or opens another info route than the page's."""
    desk, group = group_with_two_services
    request = RequestFactory().get("/e-services/")
    parent_url = group.get_url(request=request)
    with translation.override(language):
        entries = group.get_services()
        pages = list(ServicePage.objects.child_of(group).live().order_by("path"))
        assert [entry.pk for entry in entries] == [page.pk for page in pages]
        for number, (entry, page) in enumerate(zip(entries, pages, strict=True), start=1):
            from_entry = RowWriter(request, desk=desk).row(
                entry, number, service_url=parent_url + entry.slug + "/"
            )
            from_page = RowWriter(request, desk=desk).row(page, number)
            assert from_entry == from_page

    web_row = str(RowWriter(request, desk=desk).row(entries[0], 1, service_url="/s/"))
    assert 'download aria-describedby="tip-document"' in web_row
    assert "ثبت &lt;شکایت&gt; از خدمات" in web_row
    kinds = [part.split('"')[0] for part in web_row.split('class="tipped channel-')[1:]]
    assert kinds == ["web", "phone", "counter", "app", "info"]


def test_entries_load_their_documents_in_one_query(django_assert_num_queries):
    """Catches: a document loaded per row (one query each) instead of all at once; the other
    queries are the view restrictions (``public()``), the services and their channels."""
    group = make_group(make_desk(), "13031986000")
    for index in range(3):
        document = get_document_model().objects.create(
            title="سند %d" % index, file=ContentFile(b"%PDF-1.4\n", name="id-%d.pdf" % index)
        )
        make_service(group, "1303198610%d" % index, identity_document=document)
    with django_assert_num_queries(4):
        entries = group.get_services()
        urls = [entry.identity_document.url for entry in entries]
    assert len(set(urls)) == 3
