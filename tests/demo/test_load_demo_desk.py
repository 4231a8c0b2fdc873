"""``load_demo_desk`` builds the demo site of DESIGN.md, and running it again changes nothing."""

import io
import json
from pathlib import Path

import jdatetime
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.documents.models import Document
from wagtail.models import Page, Revision, Site

from eservices.catalog.models import (
    CounterOffice,
    MobileApp,
    ServiceChannel,
    ServiceDeskPage,
    ServiceGroupPage,
    ServicePage,
)
from eservices.core.models import Holiday
from home.models import HomePage

pytestmark = pytest.mark.django_db

CATALOG = json.loads((Path(__file__).parents[2] / "home/demo/catalog.json").read_text("utf-8"))


def counts() -> dict[str, int]:
    models = [
        Page,
        HomePage,
        ServiceDeskPage,
        ServiceGroupPage,
        ServicePage,
        ServiceChannel,
        CounterOffice,
        MobileApp,
        Document,
        Revision,
        Site,
        Holiday,
        get_user_model(),
    ]
    return {model.__name__: model.objects.count() for model in models}


def load(**settings_overrides) -> str:
    out = io.StringIO()
    call_command("load_demo_desk", stdout=out)
    return out.getvalue()


def test_running_twice_gives_the_same_counts():
    load()
    first = counts()
    load()
    assert counts() == first
    assert first["ServiceGroupPage"] == 28  # 14 groups in Persian and English
    assert first["ServicePage"] == 10
    assert first["Site"] == 1
    assert first["Holiday"] == 20  # ten solar-calendar holidays, this year and next
    nowruz = jdatetime.date(jdatetime.date.today().year, 1, 1).togregorian()
    assert Holiday.objects.get(date=nowruz).name == "عید نوروز"


def test_groups_are_the_catalogs_fourteen_with_real_ids_and_titles():
    load()
    groups = ServiceGroupPage.objects.filter(locale__language_code="fa").order_by("path")
    assert [(g.national_id, g.title) for g in groups] == [
        (g["id"], g["title_fa"]) for g in CATALOG["groups"]
    ]
    english = ServiceGroupPage.objects.filter(locale__language_code="en").order_by("path")
    assert [g.title for g in english] == [g["title_en"] for g in CATALOG["groups"]]


def test_the_seed_services_have_the_guides_fields_and_channels():
    load()
    complaint = ServicePage.objects.get(national_id="13031986101", locale__language_code="fa")
    assert complaint.title == "ثبت شکایات مردمی در حوزه توزیع برق"
    assert complaint.get_parent().specific.national_id == "13031986000"
    assert complaint.description.startswith("در این خدمت، متقاضیان می توانند نسبت به درج شکایت")
    assert (complaint.response_time_amount, complaint.response_time_unit) == (1, "working_hours")
    assert complaint.response_time_display == "1 ساعت کاری"
    assert [c.kind for c in complaint.channel_list] == ["web", "phone", "counter", "app", "info"]
    assert complaint.channels.get(kind="phone").phone == "1521"
    assert complaint.identity_document.file.read(5) == b"%PDF-"
    letters = ServicePage.objects.get(national_id="13031986100", locale__language_code="fa")
    assert letters.title == "ثبت مکاتبات مراجعین حوزه برق"


def test_demo_adds_a_request_a_bill_inquiry_and_marks_them_as_demo():
    load()
    bill = ServicePage.objects.get(national_id="13031465101", locale__language_code="fa")
    assert bill.kind == "view"
    assert bill.get_parent().specific.national_id == "13031465000"
    assert "(نمونه)" in bill.title
    other_requests = ServicePage.objects.filter(locale__language_code="fa", kind="request").exclude(
        national_id__in=["13031986100", "13031986101"]
    )
    assert other_requests.exists()
    for service in other_requests:
        assert "(نمونه)" in service.title
    for office in CounterOffice.objects.filter(locale__language_code="fa"):
        assert "(نمونه" in office.name
    assert "(نمونه)" in MobileApp.objects.get(locale__language_code="fa").name


def test_site_root_is_the_home_page_and_the_desk_is_in_its_menu():
    load()
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    desk = ServiceDeskPage.objects.get(locale__language_code="fa")
    assert desk.url == "/e-services/"
    assert desk.show_in_menus
    assert desk.get_parent().pk == site.root_page.pk


def test_dev_settings_create_an_admin_and_print_its_credentials(settings):
    settings.ESERVICES_DEMO_ADMIN = True
    output = load()
    assert get_user_model().objects.get(username="admin").is_superuser
    assert "username 'admin', password 'admin'" in output
    output = load()
    assert get_user_model().objects.filter(username="admin").count() == 1


def test_other_settings_create_no_user(settings):
    settings.ESERVICES_DEMO_ADMIN = False
    output = load()
    assert not get_user_model().objects.exists()
    assert "password" not in output
