"""Translators cannot break a service's form (issue 14): keys, types and choice values are the
source's in every translation and never offered to translators; choice labels translate one by
one; fields added, removed or reordered in the source reach the translation on sync; the admin
warns while a translation lags behind its source."""

import pytest
from django.contrib.auth import get_user_model
from django.test import TestCase
from wagtail.models import Locale
from wagtail.users.models import UserProfile
from wagtail_localize.models import (
    OverridableSegment,
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from eservices.catalog.models import ServicePage
from eservices.catalog.translation_status import translation_lag
from eservices.formbuilder.models import ServiceFormField
from tests.factories import make_desk, make_group, make_service, site_root

pytestmark = pytest.mark.django_db


@pytest.fixture
def en():
    locale = Locale.objects.create(language_code="en")
    # The English home, live, so that /en/ addresses reach the English pages.
    site_root().copy_for_translation(locale).save_revision().publish()
    return locale


def translate(instance, locale, strings: dict[str, str]):
    """Translate ``instance`` with wagtail-localize as a translator does after "Sync
    translated pages": the source updated, the segments in ``strings`` translated (the others
    keep an earlier translation, else get their source text), the translation published."""
    source = sync(instance, locale)
    for segment in source.stringsegment_set.select_related("string", "context"):
        text = segment.string.data
        lookup = {"translation_of": segment.string, "locale": locale, "context": segment.context}
        if text in strings:
            StringTranslation.objects.update_or_create(**lookup, defaults={"data": strings[text]})
        else:
            StringTranslation.objects.get_or_create(**lookup, defaults={"data": text})
    # wagtail-localize publishes once the transaction commits (the test's never does).
    with TestCase.captureOnCommitCallbacks(execute=True):
        return source.create_or_update_translation(locale)[0]


def sync(instance, locale) -> TranslationSource:
    """What "Sync translated pages" does (without publishing): the source re-read from the
    page, and the translation into ``locale`` recorded as wanted (as "Translate" does)."""
    source, _ = TranslationSource.get_or_create_from_instance(instance)
    source.update_from_db()
    Translation.objects.get_or_create(source=source, target_locale=locale)
    return source


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
        field("نوع شخص", "dropdown", choices="حقیقی\nحقوقی", sort_order=0),
        field("نام", sort_order=1),
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
    name.sort_order = 0
    # The kind removed, the name moved first, a field added after it.
    service.form_fields = [name, field("شناسه شرکت", "legal_entity_id", sort_order=1)]
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


@pytest.fixture
def english_editor(client):
    user = get_user_model().objects.create_superuser("editor", "editor@example.com", "pw")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    return client


def warnings(client, page) -> str:
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_lagging_translation_is_announced_until_synced_translated_and_published(
    service, en, english_editor
):
    """Breaks if ``translation_lag`` misses one of the three ways a translation lags, or if
    the ``before_edit_page`` hook stops showing them (nothing warned that the English form
    had 7 fields while the Persian one had 8)."""
    translate(service, en, {"خدمت": "Service", "نوع شخص": "Person", "نام": "Name"})
    english = english_of(service, en)
    assert translation_lag(english) == []
    assert translation_lag(ServicePage.objects.get(pk=service.pk)) == []

    # The editor adds a field to the Persian form.
    service = ServicePage.objects.get(pk=service.pk)
    service.form_fields.add(ServiceFormField(label="شناسه شرکت", field_type="legal_entity_id"))
    service.save_revision().publish()
    assert "has changed since this translation was last synced" in warnings(english_editor, english)
    assert "has changed since its translations were last synced" in warnings(
        english_editor, service
    )

    # "Sync translated pages" without publishing: the new label is not translated and the
    # English page does not have the field yet.
    sync(ServicePage.objects.get(pk=service.pk), en)
    html = warnings(english_editor, english)
    assert "is not in this page yet: publish this translation" in html
    assert "1 text of this translation is not translated yet" in html
    assert "The English translation has 1 text not translated yet." in warnings(
        english_editor, ServicePage.objects.get(pk=service.pk)
    )

    # Translated and published: nothing lags any more.
    translate(ServicePage.objects.get(pk=service.pk), en, {"شناسه شرکت": "Company ID"})
    assert translation_lag(english_of(service, en)) == []
    assert translation_lag(ServicePage.objects.get(pk=service.pk)) == []
    assert english_of(service, en).form_fields.count() == 3


def test_sync_in_the_admin_brings_a_new_field_and_both_languages_store_the_same_answers(
    service, en, english_editor
):
    """The issue's journey through the admin and the public pages: the editor adds a field in
    Persian, "Sync translated pages" (publish ticked) gives it to the English form, and a
    request made on each page stores the same keys and choice values. Breaks if the sync
    leaves the English form as it was, or if the English dropdown stores English words."""
    from eservices.requests.models import RequestSubmission
    from tests.captcha import captcha_answer

    translate(service, en, {"خدمت": "Service", "نوع شخص": "Person", "حقیقی": "Natural"})
    translate(service, en, {"حقوقی": "Legal", "نام": "Name"})
    service = ServicePage.objects.get(pk=service.pk)
    service.form_fields.add(
        ServiceFormField(
            label="کد ملی",
            field_type="national_code",
            required=True,
            role="registrant_national_code",
        )
    )
    service.save_revision().publish()
    source = TranslationSource.objects.get(object_id=service.translation_key)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = english_editor.post(
            f"/admin/localize/update/{source.pk}/", {"publish_translations": "on"}
        )
    assert response.status_code == 302
    english = english_of(service, en)
    assert english.form_fields.count() == 3

    answers = []
    for page in (ServicePage.objects.get(pk=service.pk), english):
        keys = {f.field_type: f.clean_name for f in page.get_form_fields()}
        html = english_editor.get(page.url).content.decode()
        assert f'name="{keys["dropdown"]}"' in html
        data = {
            keys["dropdown"]: "حقوقی",
            keys["singleline"]: "علی",
            keys["national_code"]: "0013542419",
            **captcha_answer(english_editor),
        }
        response = english_editor.post(page.url, data)
        assert response.status_code == 302, response.content.decode()[:3000]
        assert response.url.startswith(page.url + "receipt/")
        answers.append(RequestSubmission.objects.filter(page=page).get().form_data)
    assert answers[0] == answers[1]
