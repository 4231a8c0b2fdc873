"""Working a request: moving it to another status, answering the citizen, assigning it.

``change_status`` is the one way staff move a request: it checks the transition, keeps the
history, writes the audit log and, once the change has committed, texts the registrant the
status's SMS. The SMS goes through the task queue after the commit, so a provider fault never
undoes or holds up a change staff have made (SECURITY.md D5).
"""

import logging
import string

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eservices.persian.text import strip_control_characters
from eservices.requests.models import RequestStatus, RequestSubmission, StatusChange

from . import audit

logger = logging.getLogger(__name__)

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


def sms_text(status: RequestStatus, submission: RequestSubmission) -> str:
    """The status's SMS in the language of the page the request was made on, or ""."""
    page = submission.page
    english = page.locale.language_code.startswith("en") if page.locale_id else False
    template = (status.sms_template_en if english else "") or status.sms_template_fa
    if not template:
        return ""
    values = {
        "tracking_number": submission.tracking_number,
        "status": status.public_name_en or status.name_en
        if english
        else status.public_name_fa or status.name_fa,
        "service": strip_control_characters(page.title),
    }
    try:
        return template.format_map(values)
    except (KeyError, ValueError, IndexError):
        # A template saved before validation existed; never let it block a status change.
        logger.warning("SMS template of status %s cannot be filled.", status.code)
        return ""


def send_status_sms(submission: RequestSubmission, status: RequestStatus) -> bool:
    from eservices.sms.tasks import enqueue_sms

    text = sms_text(status, submission)
    if not text or not submission.registrant_mobile:
        return False
    enqueue_sms(text, [submission.registrant_mobile])
    return True


def allowed_next_statuses(submission: RequestSubmission):
    return submission.status.next_statuses.all().order_by("sort_order", "pk")


@transaction.atomic
def change_status(
    submission: RequestSubmission,
    user,
    status: RequestStatus | None,
    public_reply: str = "",
    internal_note: str = "",
    assignee=...,
    notify: bool = True,
) -> StatusChange | None:
    """Apply what staff decided on ``submission``; return the new history row, if any.

    ``status`` None keeps the status (a note or an assignment only). ``assignee`` left out
    keeps the assignee; None unassigns. Raises ``ValidationError`` for a transition the status
    does not allow.
    """
    locked = RequestSubmission.objects.select_for_update().get(pk=submission.pk)
    now = timezone.now()
    change = None
    changed_fields = ["updated_at"]
    if assignee is not ... and assignee != locked.assignee:
        locked.assignee = assignee
        changed_fields.append("assignee")
        audit.log_request(
            locked, audit.ASSIGN, user=user, assignee=assignee.get_username() if assignee else ""
        )
    moving = status is not None and status.pk != locked.status_id
    if moving and not locked.status.next_statuses.filter(pk=status.pk).exists():
        raise ValidationError(
            _("A request in “%(old)s” cannot move to “%(new)s”."),
            params={"old": locked.status.name, "new": status.name},
        )
    if moving or public_reply or internal_note:
        old_status = locked.status
        new_status = status if moving else old_status
        change = StatusChange.objects.create(
            submission=locked,
            status=new_status,
            public_reply=public_reply,
            internal_note=internal_note,
            changed_at=now,
            changed_by=user,
        )
        if public_reply:
            locked.public_reply = public_reply
            changed_fields.append("public_reply")
        if moving:
            locked.status = new_status
            locked.closed_at = now if new_status.is_final else None
            changed_fields += ["status", "closed_at"]
            audit.log_request(
                locked,
                audit.STATUS_CHANGE,
                user=user,
                **{"from": old_status.code, "to": new_status.code},
            )
            if notify:
                transaction.on_commit(lambda: send_status_sms(locked, new_status))
    locked.updated_at = now
    locked.save(update_fields=changed_fields)
    submission.refresh_from_db()
    return change
