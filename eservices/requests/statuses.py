"""The default request statuses and their allowed transitions.

Created by a data migration and again whenever no initial status exists (a flushed database),
so that a citizen's submission never fails for want of a status. Administrators edit them
afterwards as snippets.
"""

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


def ensure_default_statuses(status_model) -> None:
    """Create the missing default statuses; ``status_model`` may be a migration's model."""
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
