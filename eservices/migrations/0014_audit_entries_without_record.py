"""Audit entries about no single record (exports, lookups that matched nothing) were stored
with the object id "export" or "lookup", which Wagtail's Site history looks up as a primary
key and fails on; they get ``eservices.core.audit.NO_RECORD`` ("0")."""

from django.db import migrations

ACTIONS = ["eservices.export", "eservices.lookup"]


def to_no_record(apps, schema_editor):
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    ModelLogEntry.objects.filter(action__in=ACTIONS, object_id__in=["export", "lookup"]).update(
        object_id="0"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("eservices", "0013_status_translations_only"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(to_no_record, migrations.RunPython.noop)]
