"""What the desk writes to Wagtail's audit log (docs/security.md D4).

Entries name a request by its tracking number and carry the registrant's national code masked
(``xxx-xxxxx-12``): enough for an auditor to tell two requests apart, never the code itself.
They show in each request's history and in Reports → Site history.
"""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter, log
from wagtail.models import ModelLogEntry

STATUS_CHANGE = "eservices.status_change"
ASSIGN = "eservices.assign"
EXPORT = "eservices.export"
ANONYMISE = "eservices.anonymise"
DELETE = "eservices.delete"
OTP_SEND = "eservices.otp_send"
OTP_CHECK = "eservices.otp_check"
LOOKUP = "eservices.lookup"

# The ``reason`` of a deletion made by the retention rule.
RETENTION = "retention"


def mask_national_code(code: str) -> str:
    """``xxx-xxxxx-12``: only the last two digits of a national code survive."""
    if not code:
        return ""
    return "xxx-xxxxx-" + code[-2:]


def mask_mobile(mobile: str) -> str:
    """``0912xxxxx67``: the operator prefix and the last two digits."""
    if not mobile:
        return ""
    return mobile[:4] + "x" * (len(mobile) - 6) + mobile[-2:]


def request_data(submission, **extra) -> dict:
    return {
        "tracking_number": submission.tracking_number,
        "national_code": mask_national_code(submission.registrant_national_code),
        **extra,
    }


def log_request(submission, action: str, user=None, **extra):
    """One audit entry about ``submission``; ``extra`` must hold no personal data."""
    return log(
        submission,
        action,
        user=user,
        data=request_data(submission, **extra),
        deleted=action == DELETE,
    )


# The object id of entries about no single record. Wagtail's Site history looks every entry's
# object id up as a primary key of its model (``with_instances``): a word there is a 500; 0 is
# an id no row has, so such entries are listed with their label and no link.
NO_RECORD = "0"


def log_model_event(model, action: str, user=None, **data):
    """An entry about no single saved record (an export, a lookup that matched nothing)."""
    return ModelLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        object_id=NO_RECORD,
        label=str(model._meta.verbose_name_plural),
        action=action,
        user=user if user is not None and user.is_authenticated else None,
        data=data,
        timestamp=timezone.now(),
    )


def log_export(model, user, fmt: str, rows: int, filters: dict, **extra):
    """An export: its format, row count and filters; ``extra`` must hold no personal data."""
    return log_model_event(model, EXPORT, user, format=fmt, rows=rows, filters=filters, **extra)


def log_otp(device, action: str, mobile: str, national_code: str, **extra):
    """A one-time code sent or checked: the entry names the challenge, never the code."""
    return log(
        device,
        action,
        title=str(device._meta.verbose_name),
        data={
            "challenge": device.challenge_id[:8],
            "mobile": mask_mobile(mobile),
            "national_code": mask_national_code(national_code),
            **extra,
        },
    )


def log_lookup(model, tracking_number: str, national_code: str, result, ip: str):
    """A citizen's status lookup, matched or not (the answer they got does not say which)."""
    data = {
        "tracking_number": tracking_number,
        "national_code": mask_national_code(national_code),
        "found": result is not None,
        "ip": ip,
    }
    if result is not None:
        return log(result, LOOKUP, data=data)
    return log_model_event(model, LOOKUP, **data)


class ExportFormatter(LogFormatter):
    label = _("Export requests")

    def format_message(self, log_entry):
        data = log_entry.data
        return _("Exported %(rows)s rows as %(format)s") % {
            "rows": data.get("rows", 0),
            "format": str(data.get("format", "")).upper(),
        }


class DeleteFormatter(LogFormatter):
    label = _("Delete")

    def format_message(self, log_entry):
        data = log_entry.data
        number = data.get("tracking_number") or data.get("reference_number", "")
        if data.get("reason") == RETENTION:
            return _("%(number)s deleted: its retention period was over") % {"number": number}
        return _("%(number)s deleted") % {"number": number}


def log_deletion(instance, number_field: str, reason: str = ""):
    """A record (a request, an idea) is being deleted; ``reason`` says why, if a rule did it."""
    data = {number_field: getattr(instance, number_field), "reason": reason}
    if getattr(instance, "registrant_national_code", ""):
        data["national_code"] = mask_national_code(instance.registrant_national_code)
    return log(instance, DELETE, data=data, deleted=True)


def register_actions(actions) -> None:
    actions.register_action(EXPORT)(ExportFormatter)
    actions.register_action(
        ANONYMISE, _("Anonymise request"), _("Personal data removed (retention period over)")
    )
    actions.register_action(DELETE)(DeleteFormatter)
    actions.register_action(OTP_SEND, _("Send one-time code"), _("One-time code sent by SMS"))
    actions.register_action(OTP_CHECK, _("Check one-time code"), _("One-time code checked"))
    actions.register_action(LOOKUP, _("Look up request"), _("A citizen looked a request up"))
