"""Translators localise the catalog with wagtail-localize."""

import pytest
from wagtail.models import Locale
from wagtail_localize.models import StringTranslation, TranslationSource

from eservices.catalog.models import CounterOffice, ServicePage
from tests.factories import make_desk, make_group, make_service, site_root

pytestmark = pytest.mark.django_db


@pytest.fixture
def en():
    locale = Locale.objects.create(language_code="en")
    site_root().copy_for_translation(locale)
    return locale


def translate(instance, locale, strings: dict[str, str]):
    source, _ = TranslationSource.get_or_create_from_instance(instance)
    # A translator must give every segment; those not in ``strings`` keep their source text.
    for segment in source.stringsegment_set.select_related("string"):
        text = segment.string.data
        StringTranslation.objects.get_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={"data": strings.get(text, text)},
        )
    return source.create_or_update_translation(locale)[0]


def test_service_translation_keeps_id_and_channels_and_translates_texts(en):
    desk = make_desk()
    group = make_group(desk, "13031986000")
    service = make_service(
        group,
        "13031986101",
        channels=(("web", ""), ("phone", "1521")),
        title="ثبت شکایات",
        description="شرح خدمت",
        fee="رایگان",
    )
    translate(desk, en, {"میز خدمات الکترونیک": "E-Services Desk"})
    translate(group, en, {"گروه 13031986000": "Group"})
    translated = translate(
        service, en, {"ثبت شکایات": "Complaints", "شرح خدمت": "About", "رایگان": "Free"}
    )
    translated = ServicePage.objects.get(pk=translated.pk)
    assert translated.locale == en
    assert (translated.title, translated.description, translated.fee) == (
        "Complaints",
        "About",
        "Free",
    )
    assert translated.national_id == "13031986101"
    assert [(c.kind, c.phone) for c in translated.channel_list] == [("web", ""), ("phone", "1521")]


def test_national_id_and_phone_are_not_offered_for_translation(en):
    desk = make_desk()
    service = make_service(
        make_group(desk, "13031986000"), "13031986101", channels=(("phone", "1521"),)
    )
    source, _ = TranslationSource.get_or_create_from_instance(service)
    paths = {segment.context.path for segment in source.stringsegment_set.select_related("context")}
    assert "title" in paths
    assert "national_id" not in paths
    assert not any(path.startswith("channels") for path in paths)


def test_counter_office_is_translatable_with_its_phone_synchronised(en):
    office = CounterOffice.objects.create(
        name="دفتر ۱۰۱", province="tehran", city="تهران", address="خیابان آزادی", phone="021-6600"
    )
    translated = translate(office, en, {"دفتر ۱۰۱": "Office 101", "تهران": "Tehran"})
    assert (translated.name, translated.city, translated.phone) == (
        "Office 101",
        "Tehran",
        "021-6600",
    )
