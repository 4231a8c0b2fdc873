"""The default request statuses and their allowed transitions.

Created by a data migration and again whenever no initial status exists (a flushed database),
so that a citizen's submission never fails for want of a status. Administrators edit them
afterwards as snippets; translators translate them with wagtail-localize.

The workflow's statuses are those of the default locale (``LANGUAGE_CODE``): requests point at
them, transitions join them and codes find them. A status's rows in other locales are its
translations (same ``translation_key``), which only rename it for readers in that language.
"""

import contextlib
import string

from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale

DEFAULT_STATUSES = [
    # code, Persian, English, initial, final, order
    ("registered", "ثبت شده", "Registered", True, False, 10),
    ("in_review", "در حال بررسی", "In review", False, False, 20),
    ("referred", "ارجاع شده", "Referred", False, False, 30),
    ("answered", "پاسخ داده شده", "Answered", False, False, 40),
    ("rejected", "رد شده", "Rejected", False, True, 50),
    ("closed", "بسته شده", "Closed", False, True, 60),
]
DEFAULT_TRANSITIONS = {
    "registered": ["in_review", "referred", "answered", "rejected"],
    "in_review": ["referred", "answered", "rejected"],
    "referred": ["in_review", "answered", "rejected"],
    "answered": ["closed", "in_review"],
    "rejected": ["closed"],
    "closed": ["in_review"],
}

# Statuses whose requests have had their answer (no longer overdue).
DEFAULT_ANSWER_CODES = {"answered", "rejected", "closed"}
# code: (Persian, English) SMS sent when a request moves to the status.
DEFAULT_SMS = {
    "in_review": (
        "درخواست شما با کد رهگیری {tracking_number} در «{service}» در حال بررسی است.",
        "Your request {tracking_number} ({service}) is being reviewed.",
    ),
    "referred": (
        "درخواست شما با کد رهگیری {tracking_number} به واحد مربوط ارجاع شد.",
        "Your request {tracking_number} has been referred to the unit in charge.",
    ),
    "answered": (
        "به درخواست شما با کد رهگیری {tracking_number} پاسخ داده شد. پاسخ را در بخش پیگیری "
        "«{service}» ببینید.",
        "Your request {tracking_number} has been answered. See the answer under Follow-up of "
        "“{service}”.",
    ),
    "rejected": (
        "درخواست شما با کد رهگیری {tracking_number} رد شد. علت را در بخش پیگیری «{service}» "
        "ببینید.",
        "Your request {tracking_number} was rejected. See why under Follow-up of “{service}”.",
    ),
}


# The languages the default texts are written in: (index in the rows above, language code).
DEFAULT_TEXT_LANGUAGES = {"fa": 0, "en": 1}
# A status's fields that are the same in every language: translators never see them, and a
# translation always has its source's values (``RequestStatus.save``).
SYNCHRONISED_FIELDS = ("code", "is_initial", "is_final", "is_answer", "sort_order")


def default_language_code() -> str:
    """The language code of the default locale, whose statuses are the workflow's."""
    return get_supported_content_language_variant(django_settings.LANGUAGE_CODE)


def default_texts(code: str, language_code: str) -> dict | None:
    """Name and SMS text of default status ``code`` in a language, or None if it has none."""
    index = DEFAULT_TEXT_LANGUAGES.get(language_code.split("-")[0])
    row = next((row for row in DEFAULT_STATUSES if row[0] == code), None)
    if index is None or row is None:
        return None
    return {
        "name": row[1 + index],
        "public_name": "",
        "sms_template": DEFAULT_SMS.get(code, ("", ""))[index],
    }


def ensure_default_statuses(status_model) -> None:
    """Create the missing default statuses in the default locale (Persian texts unless that
    locale is English), with their transitions, and their missing English or Persian
    translations where that locale exists."""
    locale, _created = Locale.objects.get_or_create(language_code=default_language_code())
    language = locale.language_code if default_texts("registered", locale.language_code) else "fa"
    by_code = {}
    for code, _fa, _en, initial, final, order in DEFAULT_STATUSES:
        by_code[code], _created = status_model.objects.get_or_create(
            code=code,
            locale=locale,
            defaults={
                "is_initial": initial,
                "is_final": final,
                "is_answer": code in DEFAULT_ANSWER_CODES,
                "sort_order": order,
                **default_texts(code, language),
            },
        )
    for code, next_codes in DEFAULT_TRANSITIONS.items():
        by_code[code].next_statuses.add(*[by_code[c] for c in next_codes])
    for other in Locale.objects.exclude(pk=locale.pk):
        translate_default_statuses(status_model, other)


def translate_default_statuses(status_model, locale) -> None:
    """Give the default statuses their missing translations into ``locale`` from the texts
    above (nothing for a language they are not written in); edited ones are left alone."""
    sources = status_model.objects.workflow().filter(code__in=[row[0] for row in DEFAULT_STATUSES])
    for source in sources.exclude(locale=locale):
        texts = default_texts(source.code, locale.language_code)
        if texts is None or source.has_translation(locale):
            continue
        translation = source.copy_for_translation(locale)
        for name, value in texts.items():
            setattr(translation, name, value)
        # Two first requests on an emptied database may both get here: one translation wins.
        with contextlib.suppress(IntegrityError), transaction.atomic():
            translation.save()


SMS_PLACEHOLDERS = ("tracking_number", "status", "service")


def validate_sms_template(text: str) -> None:
    """Only ``{tracking_number}``, ``{status}`` and ``{service}`` may appear in braces."""
    try:
        names = {name for _t, name, _f, _c in string.Formatter().parse(text) if name is not None}
    except ValueError as error:
        raise ValidationError(
            _("The text has an unmatched brace: %(error)s"), params={"error": error}
        ) from error
    unknown = names - set(SMS_PLACEHOLDERS)
    if unknown:
        raise ValidationError(
            _("Unknown placeholders: %(names)s. Use {tracking_number}, {status} or {service}."),
            params={"names": ", ".join(sorted("{%s}" % n for n in unknown))},
        )
