"""The default request statuses and their allowed transitions (editable afterwards)."""

from django.db import migrations

from eservices.requests.statuses import ensure_default_statuses


def create_statuses(apps, schema_editor):
    ensure_default_statuses(apps.get_model("eservices", "RequestStatus"))


class Migration(migrations.Migration):
    dependencies = [("eservices", "0002_request_forms")]

    operations = [migrations.RunPython(create_statuses, migrations.RunPython.noop)]
