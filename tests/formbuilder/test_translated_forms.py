"""Translators cannot break a service's form (issue 14): keys, types and choice values are the
source's in every translation and never offered to translators; choice labels translate one by
one; fields added, removed or reordered in the source reach the translation on sync."""

import pytest
from wagtail.models import Locale
from wagtail_localize.models import (
    OverridableSegment,
    StringSegment,
    StringTranslation,
    TranslationSource,
)

from eservices.catalog.models import ServicePage
from eservices.formbuilder.models import ServiceFormField
from tests.factories import make_desk, make_group, make_service, site_root

pytestmark = pytest.mark.django_db


@pytest.fixture
def en():
    locale = Locale.objects.create(language_code="en")
    site_root().copy_for_translation(locale)
    return locale


def translate(instance, locale, strings: dict[str, str]):
    """Translate ``instance`` with wagtail-localize as a translator does after "Sync
    translated pages": the source updated, the segments in ``strings`` translated (the others
    keep an earlier translation, else get their source text), the translation published."""
    source, _ = TranslationSource.get_or_create_from_instance(instance)
    source.update_from_db()
    for segment in source.stringsegment_set.select_related("string", "context"):
        text = segment.string.data
        lookup = {"translation_of": segment.string, "locale": locale, "context": segment.context}
        if text in strings:
            StringTranslation.objects.update_or_create(**lookup, defaults={"data": strings[text]})
        else:
            StringTranslation.objects.get_or_create(**lookup, defaults={"data": text})
    return source.create_or_update_translation(locale)[0]


def field(label, field_type="singleline", **extra):
    return ServiceFormField(label=label, field_type=field_type, required=False, **extra)


@pytest.fixture
def service(en):
    desk = make_desk()
    group = make_group(desk, "13031986000")
    translate(desk, en, {})
    translate(group, en, {})
    service = make_service(group, "13031986101", title="خدمت")
    service.form_fields = [
        field("نوع شخص", "dropdown", choices="حقیقی\nحقوقی"),
        field("نام"),
    ]
    service.save_revision().publish()
    return ServicePage.objects.get(pk=service.pk)


def english_of(service, en):
    return ServicePage.objects.get(translation_key=service.translation_key, locale=en)


def segment_paths(service) -> tuple[set[str], set[str]]:
    source, _ = TranslationSource.get_or_create_from_instance(service)
    strings = {
        s.context.path
        for s in StringSegment.objects.filter(source=source).select_related("context")
    }
    overridable = {
        s.context.path
        for s in OverridableSegment.objects.filter(source=source).select_related("context")
    }
    return strings, overridable


def test_keys_and_values_are_neither_translated_nor_overridable(service):
    """Breaks if ``clean_name`` (or the type, role, default) becomes a translatable or
    overridable field again, or if the choices are offered as one segment."""
    strings, overridable = segment_paths(service)
    assert not overridable
    form_paths = {p.split(".", 2)[2] for p in strings if p.startswith("form_fields.")}
    # Each choice's label is its own segment; the key and type are not offered at all.
    assert form_paths == {"label", "choices." + _digest("حقیقی"), "choices." + _digest("حقوقی")}


def _digest(value):
    from eservices.formbuilder.choices import segment_key

    return segment_key(value)


def test_english_choices_show_english_labels_and_store_persian_values(service, en, client):
    """Breaks if a translation's choices lose the source's values (English submissions would
    then store English words in another column's values)."""
    english = translate(
        service, en, {"خدمت": "Service", "نوع شخص": "Person", "حقیقی": "Natural", "حقوقی": "Legal"}
    )
    dropdown = english.form_fields.get(field_type="dropdown")
    source_dropdown = service.form_fields.get(field_type="dropdown")
    assert dropdown.clean_name == source_dropdown.clean_name
    assert dropdown.choice_pairs == [("حقیقی", "Natural"), ("حقوقی", "Legal")]
    form = english.get_form()
    assert list(form.fields[dropdown.clean_name].choices)[1:] == [
        ("حقیقی", "Natural"),
        ("حقوقی", "Legal"),
    ]
    bound = english.get_form({dropdown.clean_name: "حقوقی"})
    bound.is_valid()
    assert bound.cleaned_data.get(dropdown.clean_name) == "حقوقی"
    # An English word is not a value of the form.
    wrong = english.get_form({dropdown.clean_name: "Legal"})
    wrong.is_valid()
    assert dropdown.clean_name in wrong.errors


def test_reordered_choices_keep_their_translated_labels(service, en):
    """Breaks if label segments are named by position instead of by value."""
    translate(service, en, {"حقیقی": "Natural", "حقوقی": "Legal"})
    dropdown = service.form_fields.get(field_type="dropdown")
    dropdown.choices = "حقوقی\nحقیقی"
    dropdown.save()
    service.refresh_from_db()
    english = translate(ServicePage.objects.get(pk=service.pk), en, {})
    assert english.form_fields.get(field_type="dropdown").choice_pairs == [
        ("حقوقی", "Legal"),
        ("حقیقی", "Natural"),
    ]


def test_fields_added_removed_and_reordered_in_the_source_reach_the_translation(service, en):
    """Breaks if a sync leaves the translation with the fields it had (issue 14: 7 fields
    after the source had 8)."""
    translate(service, en, {"نام": "Name", "نوع شخص": "Person"})
    service = ServicePage.objects.get(pk=service.pk)
    name, kind = service.form_fields.get(label="نام"), service.form_fields.get(label="نوع شخص")
    service.form_fields = [name, field("شناسه شرکت", "legal_entity_id")]  # kind removed
    service.save_revision().publish()
    english = translate(ServicePage.objects.get(pk=service.pk), en, {"شناسه شرکت": "Company ID"})
    english = english_of(service, en)
    rows = list(english.form_fields.order_by("sort_order").values_list("label", "clean_name"))
    source_keys = list(
        ServicePage.objects.get(pk=service.pk)
        .form_fields.order_by("sort_order")
        .values_list("clean_name", flat=True)
    )
    assert rows == [("Name", source_keys[0]), ("Company ID", source_keys[1])]
    assert kind.clean_name not in {key for _label, key in rows}
