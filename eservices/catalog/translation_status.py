"""Whether a page's translation lags behind its source (issue 14).

wagtail-localize copies a source page into its translations only when someone syncs the
source ("Sync translated pages") and the translation is then published; until both happen, the
translation keeps its old fields, and texts not yet translated are published in the source's
language. ``translation_lag`` says so in sentences an editor or translator can act on; the
admin shows them as warnings when either page is opened for editing
(``eservices/wagtail_hooks.py``).
"""

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail_localize.models import Translation, TranslationLog, TranslationSource


def _changed_since_sync(source: TranslationSource, page) -> bool:
    edited = getattr(page, "latest_revision_created_at", None) or page.last_published_at
    return bool(edited and edited > source.last_updated_at)


def _not_applied(translation: Translation) -> bool:
    log = (
        TranslationLog.objects.filter(
            source_id=translation.source_id, locale_id=translation.target_locale_id
        )
        .order_by("-created_at")
        .first()
    )
    return log is None or log.created_at < translation.source.last_updated_at


def _untranslated(translation: Translation) -> int:
    total, done = translation.get_progress()
    return total - done


def translation_lag(page) -> list[str]:
    """Sentences saying how ``page`` lags behind its source, or its translations behind it."""
    sentences = []
    translation = (
        Translation.objects.filter(
            source__object_id=page.translation_key,
            target_locale_id=page.locale_id,
            enabled=True,
        )
        .exclude(source__locale_id=page.locale_id)
        .select_related("source__locale")
        .first()
    )
    if translation is not None:
        source = translation.source
        language = source.locale.get_display_name()
        try:
            original = source.get_source_instance()
        except ObjectDoesNotExist:  # the source was deleted: nothing to lag behind
            original = None
        if original is not None and _changed_since_sync(source, original):
            sentences.append(
                _(
                    "The %(language)s original has changed since this translation was last "
                    "synced: on the original, choose “Sync translated pages”, then publish "
                    "this translation."
                )
                % {"language": language}
            )
        elif _not_applied(translation):
            sentences.append(
                _(
                    "The latest sync of the %(language)s original (its fields included) is "
                    "not in this page yet: publish this translation."
                )
                % {"language": language}
            )
        missing = _untranslated(translation)
        if missing:
            sentences.append(
                ngettext(
                    "%(count)s text of this translation is not translated yet; until it is, "
                    "the page shows it in %(language)s.",
                    "%(count)s texts of this translation are not translated yet; until they "
                    "are, the page shows them in %(language)s.",
                    missing,
                )
                % {"count": missing, "language": language}
            )
        return sentences

    source = TranslationSource.objects.filter(
        object_id=page.translation_key, locale_id=page.locale_id
    ).first()
    if source is None:
        return sentences
    translations = list(source.translations.filter(enabled=True).select_related("target_locale"))
    if translations and _changed_since_sync(source, page):
        sentences.append(
            _(
                "This page has changed since its translations were last synced: choose "
                "“Sync translated pages” so that translators see the changes."
            )
        )
    for translation in translations:
        missing = _untranslated(translation)
        language = translation.target_locale.get_display_name()
        if not _changed_since_sync(source, page) and _not_applied(translation):
            sentences.append(
                _("The %(language)s translation has not been published since the last sync.")
                % {"language": language}
            )
        if missing:
            sentences.append(
                ngettext(
                    "The %(language)s translation has %(count)s text not translated yet.",
                    "The %(language)s translation has %(count)s texts not translated yet.",
                    missing,
                )
                % {"language": language, "count": missing}
            )
    return sentences
