"""The default request statuses and their allowed transitions (editable afterwards).

The statuses had Persian and English columns then (``name_fa``, ``name_en``); 0012 turns them
into translations. This is the code of that time, kept here so that the migration does the
same whatever the model has become.
"""

from django.db import migrations

from eservices.requests.statuses import DEFAULT_STATUSES, DEFAULT_TRANSITIONS


def create_statuses(apps, schema_editor):
    status_model = apps.get_model("eservices", "RequestStatus")
    by_code = {}
    for code, fa, en, initial, final, order in DEFAULT_STATUSES:
        by_code[code], _ = status_model.objects.get_or_create(
            code=code,
            defaults={
                "name_fa": fa,
                "name_en": en,
                "is_initial": initial,
                "is_final": final,
                "sort_order": order,
            },
        )
    for code, next_codes in DEFAULT_TRANSITIONS.items():
        by_code[code].next_statuses.add(*[by_code[c] for c in next_codes])


class Migration(migrations.Migration):
    dependencies = [("eservices", "0002_request_forms")]

    operations = [migrations.RunPython(create_statuses, migrations.RunPython.noop)]
