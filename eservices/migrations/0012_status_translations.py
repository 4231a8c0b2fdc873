"""Request statuses become translatable (2 of 3): every existing status becomes a status of the
default locale, named from its Persian columns (its English ones if the default language is
English); where the other of the two languages has a locale, its columns become a translation
(same translation key, code and flags). Requests and history keep pointing at the same rows.

Undone, the default locale's rows get their Persian columns back and the English translations'
texts return to the English columns; other translations are dropped.
"""

import uuid

from django.conf import settings
from django.db import migrations
from wagtail.coreutils import get_supported_content_language_variant

SYNCHRONISED = ("code", "is_initial", "is_final", "is_answer", "sort_order")


def default_locale(apps):
    locale_model = apps.get_model("wagtailcore", "Locale")
    code = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    return locale_model.objects.get_or_create(language_code=code)[0]


def other_locale(apps, default, language: str):
    """The locale of ``language`` ("fa" or "en", or a variant such as "en-gb") unless it is the
    default one."""
    locale_model = apps.get_model("wagtailcore", "Locale")
    for locale in locale_model.objects.exclude(pk=default.pk).order_by("language_code"):
        if locale.language_code.split("-")[0] == language:
            return locale
    return None


def texts(status, language: str) -> dict:
    return {
        "name": getattr(status, "name_" + language),
        "public_name": getattr(status, "public_name_" + language),
        "sms_template": getattr(status, "sms_template_" + language),
    }


def to_translations(apps, schema_editor):
    status_model = apps.get_model("eservices", "RequestStatus")
    default = default_locale(apps)
    source_language = "en" if default.language_code.split("-")[0] == "en" else "fa"
    other_language = "fa" if source_language == "en" else "en"
    other = other_locale(apps, default, other_language)
    for status in status_model.objects.filter(locale__isnull=True).order_by("pk"):
        status.translation_key = uuid.uuid4()
        status.locale = default
        for name, value in texts(status, source_language).items():
            setattr(status, name, value)
        status.name = status.name or status.name_en or status.name_fa or status.code
        status.save()
        if other is None:
            continue
        translated = texts(status, other_language)
        if not translated["name"]:
            continue
        status_model.objects.create(
            translation_key=status.translation_key,
            locale=other,
            name_fa=status.name_fa,
            name_en=status.name_en,
            **{name: getattr(status, name) for name in SYNCHRONISED},
            **translated,
        )


def to_columns(apps, schema_editor):
    status_model = apps.get_model("eservices", "RequestStatus")
    default = default_locale(apps)
    source_language = "en" if default.language_code.split("-")[0] == "en" else "fa"
    other_language = "fa" if source_language == "en" else "en"
    other = other_locale(apps, default, other_language)
    for status in status_model.objects.filter(locale=default):
        translation = None
        if other is not None:
            translation = status_model.objects.filter(
                translation_key=status.translation_key, locale=other
            ).first()
        for field in ("name", "public_name", "sms_template"):
            setattr(status, "%s_%s" % (field, source_language), getattr(status, field))
            value = getattr(translation, field) if translation else ""
            setattr(status, "%s_%s" % (field, other_language), value)
        if not status.name_en:
            status.name_en = status.name_fa
        if not status.name_fa:
            status.name_fa = status.name_en
        status.save()
    status_model.objects.exclude(locale=default).delete()
    status_model.objects.update(locale=None, translation_key=None)


class Migration(migrations.Migration):
    dependencies = [("eservices", "0011_status_translation_fields")]

    operations = [migrations.RunPython(to_translations, to_columns)]
