"""Migration 0018's data step: earlier choices become value/label pairs, a translation keeps
its source's values with its own words as labels, and answers stored on the translated page
are rewritten to the source's values (issue 14)."""

import importlib

import pytest
from django.apps import apps
from wagtail.models import Locale

from eservices.formbuilder.models import ServiceFormField
from eservices.requests.models import RequestStatus, RequestSubmission
from tests.factories import make_complaint

pytestmark = pytest.mark.django_db

migration = importlib.import_module("eservices.migrations.0018_editor_options_and_choice_pairs")


def test_translated_choices_and_their_stored_answers_take_the_sources_values():
    """Breaks if the data step leaves a translation's own words as its values, or leaves the
    English answers stored before it under English words (two columns' worth of values for
    one question)."""
    persian = make_complaint(english=True)
    english = persian.get_translation(Locale.objects.get(language_code="en")).specific
    ServiceFormField.objects.filter(page__in=[persian, english]).delete()
    source = ServiceFormField.objects.create(
        page=persian,
        locale=persian.locale,
        label="نوع",
        field_type="dropdown",
        clean_name="person",
        choices="حقیقی, حقوقی",  # Wagtail's old comma-separated form
    )
    ServiceFormField.objects.create(
        page=english,
        locale=english.locale,
        translation_key=source.translation_key,
        label="Kind",
        field_type="dropdown",
        clean_name="person",
        choices="Natural\nLegal",
    )
    answer = RequestSubmission(
        page=english, form_data={"person": "Legal"}, status=RequestStatus.initial()
    )
    answer.save_with_tracking_number()

    migration.choices_as_pairs(apps, None)

    assert ServiceFormField.objects.get(pk=source.pk).choices == "حقیقی\nحقوقی"
    translated = ServiceFormField.objects.get(page=english)
    assert translated.choice_pairs == [("حقیقی", "Natural"), ("حقوقی", "Legal")]
    answer.refresh_from_db()
    assert answer.form_data == {"person": "حقوقی"}
