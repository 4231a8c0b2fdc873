"""The default request statuses and their allowed transitions.

Created by a data migration and again whenever no initial status exists (a flushed database),
so that a citizen's submission never fails for want of a status. Administrators edit them
afterwards as snippets.
"""

import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

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


def ensure_default_statuses(status_model) -> None:
    """Create the missing default statuses; ``status_model`` may be a migration's model, which
    may predate some fields (those are left out)."""
    fields = {field.name for field in status_model._meta.get_fields()}
    by_code = {}
    for code, fa, en, initial, final, order in DEFAULT_STATUSES:
        defaults = {
            "name_fa": fa,
            "name_en": en,
            "is_initial": initial,
            "is_final": final,
            "is_answer": code in DEFAULT_ANSWER_CODES,
            "sort_order": order,
            "sms_template_fa": DEFAULT_SMS.get(code, ("", ""))[0],
            "sms_template_en": DEFAULT_SMS.get(code, ("", ""))[1],
        }
        by_code[code], _ = status_model.objects.get_or_create(
            code=code, defaults={k: v for k, v in defaults.items() if k in fields}
        )
    for code, next_codes in DEFAULT_TRANSITIONS.items():
        by_code[code].next_statuses.add(*[by_code[c] for c in next_codes])


def fill_back_office_defaults(status_model) -> None:
    """Give existing default statuses their answer flag and SMS texts (kept where edited)."""
    for status in status_model.objects.filter(code__in=[row[0] for row in DEFAULT_STATUSES]):
        status.is_answer = status.is_answer or status.code in DEFAULT_ANSWER_CODES
        fa, en = DEFAULT_SMS.get(status.code, ("", ""))
        status.sms_template_fa = status.sms_template_fa or fa
        status.sms_template_en = status.sms_template_en or en
        status.save(update_fields=["is_answer", "sms_template_fa", "sms_template_en"])


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
