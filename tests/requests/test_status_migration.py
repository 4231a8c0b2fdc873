"""Data migrations on an existing database: 0011–0013 turn the Persian and English columns of
existing statuses into rows of the default locale with English translations, and back; 0014
gives audit entries about no single record an object id Site history can read."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("eservices", "0010_private_files_and_sources")]
AFTER = [("eservices", "0013_status_translations_only")]


def latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_an_existing_databases_statuses_become_persian_rows_with_english_translations():
    """Catches: existing statuses lost, renamed from the wrong column, their transitions or
    flags dropped, English columns not made translations (or made workflow statuses)."""
    apps = migrate(BEFORE)
    try:
        locale_model = apps.get_model("wagtailcore", "Locale")
        for code in ("fa", "en"):
            locale_model.objects.get_or_create(language_code=code)
        old = apps.get_model("eservices", "RequestStatus")
        old.objects.all().delete()
        waiting = old.objects.create(
            code="waiting",
            name_fa="در انتظار مدارک",
            name_en="Waiting for documents",
            public_name_fa="منتظر شما",
            public_name_en="",
            sms_template_fa="مدارک {tracking_number} را بفرستید.",
            sms_template_en="Send the documents of {tracking_number}.",
            is_answer=True,
            sort_order=25,
        )
        closed = old.objects.create(code="closed", name_fa="بسته شده", name_en="Closed")
        waiting.next_statuses.add(closed)

        apps = migrate(AFTER)
        status_model = apps.get_model("eservices", "RequestStatus")
        rows = {
            (s.code, s.locale.language_code): s
            for s in status_model.objects.select_related("locale")
        }
        assert sorted(rows) == [
            ("closed", "en"),
            ("closed", "fa"),
            ("waiting", "en"),
            ("waiting", "fa"),
        ]
        fa, en = rows["waiting", "fa"], rows["waiting", "en"]
        assert fa.pk == waiting.pk  # requests and history keep pointing at the same row
        assert (fa.name, fa.public_name, fa.sms_template) == (
            "در انتظار مدارک",
            "منتظر شما",
            "مدارک {tracking_number} را بفرستید.",
        )
        assert (en.name, en.public_name, en.sms_template) == (
            "Waiting for documents",
            "",
            "Send the documents of {tracking_number}.",
        )
        assert en.translation_key == fa.translation_key
        assert (en.is_answer, en.sort_order) == (fa.is_answer, fa.sort_order) == (True, 25)
        assert list(fa.next_statuses.values_list("pk", flat=True)) == [closed.pk]
        assert not en.next_statuses.exists()

        apps = migrate(BEFORE)
        old = apps.get_model("eservices", "RequestStatus")
        back = old.objects.get(code="waiting")
        assert (back.pk, back.name_fa, back.name_en, back.public_name_fa) == (
            waiting.pk,
            "در انتظار مدارک",
            "Waiting for documents",
            "منتظر شما",
        )
        assert back.sms_template_en == "Send the documents of {tracking_number}."
        assert old.objects.count() == 2
    finally:
        migrate(latest())


@pytest.mark.django_db(transaction=True)
def test_audit_entries_about_no_record_get_an_id_site_history_can_read():
    """Catches: migration 0014 leaving the old "export"/"lookup" object ids, on which Wagtail's
    Site history answers 500 for existing sites."""
    apps = migrate([("eservices", "0013_status_translations_only")])
    try:
        entry_model = apps.get_model("wagtailcore", "ModelLogEntry")
        content_type = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
            app_label="eservices", model="requestsubmission"
        )[0]
        common = {
            "content_type": content_type,
            "label": "requests",
            "data": {},
            "timestamp": timezone.now(),
        }
        entry_model.objects.create(object_id="export", action="eservices.export", **common)
        entry_model.objects.create(object_id="lookup", action="eservices.lookup", **common)
        entry_model.objects.create(object_id="7", action="eservices.lookup", **common)
        apps = migrate([("eservices", "0014_audit_entries_without_record")])
        ids = apps.get_model("wagtailcore", "ModelLogEntry").objects.order_by("pk")
        assert list(ids.values_list("object_id", flat=True)) == ["0", "0", "7"]
    finally:
        migrate(latest())
