"""The default request statuses and their allowed transitions (editable afterwards)."""

from django.db import migrations

STATUSES = [
    # code, Persian, English, initial, final, order
    ("registered", "ثبت شده", "Registered", True, False, 10),
    ("in_review", "در حال بررسی", "In review", False, False, 20),
    ("referred", "ارجاع شده", "Referred", False, False, 30),
    ("answered", "پاسخ داده شده", "Answered", False, False, 40),
    ("rejected", "رد شده", "Rejected", False, True, 50),
    ("closed", "بسته شده", "Closed", False, True, 60),
]
TRANSITIONS = {
    "registered": ["in_review", "referred", "answered", "rejected"],
    "in_review": ["referred", "answered", "rejected"],
    "referred": ["in_review", "answered", "rejected"],
    "answered": ["closed", "in_review"],
    "rejected": ["closed"],
    "closed": ["in_review"],
}


def create_statuses(apps, schema_editor):
    RequestStatus = apps.get_model("eservices", "RequestStatus")
    by_code = {}
    for code, fa, en, initial, final, order in STATUSES:
        by_code[code], _ = RequestStatus.objects.get_or_create(
            code=code,
            defaults={
                "name_fa": fa,
                "name_en": en,
                "is_initial": initial,
                "is_final": final,
                "sort_order": order,
            },
        )
    for code, next_codes in TRANSITIONS.items():
        by_code[code].next_statuses.add(*[by_code[c] for c in next_codes])


class Migration(migrations.Migration):
    dependencies = [("eservices", "0002_request_forms")]

    operations = [migrations.RunPython(create_statuses, migrations.RunPython.noop)]
