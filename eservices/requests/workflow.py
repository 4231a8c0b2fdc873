"""The one request workflow: every change of a request's status goes through ``change_status``.

Staff in the inbox, a citizen's "not satisfied" survey answer (``reopen``), retention and any
later caller use it, so every change is made the same way: under a row lock, only along a
transition the current status allows, with a history row, an audit entry and, once the change
has committed, the status's SMS to the registrant through the task queue (a provider fault
never undoes or holds up the change; docs/security.md D4, D5).
"""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter

from eservices.conf import settings
from eservices.core import audit
from eservices.core.numbers import group_tracking_number
from eservices.core.persian import localize_digits
from eservices.core.persian.text import strip_control_characters
from eservices.sms.tasks import enqueue_sms

from .models import RequestStatus, RequestSubmission, SmsAttempt, StatusChange

logger = logging.getLogger(__name__)


RECEIPT_SMS = _("Your request for “%(service)s” was registered. Tracking number: %(number)s")


def sms_tracking_number(submission: RequestSubmission) -> str:
    """The tracking number as the receipt shows it, in the digits of the active language."""
    return localize_digits(group_tracking_number(submission.tracking_number))


def queue_sms(
    submission: RequestSubmission, kind: str, text: str, status_code: str = ""
) -> SmsAttempt:
    """Queue ``text`` to the request's registrant and record the attempt (``SmsAttempt``).

    Never raises for a provider or queue fault (D5): the request is already stored; the
    attempt says "could not be sent" instead, and staff see it on the request's page. Without
    a mobile or a text nothing is queued, and the attempt says why.
    """
    attempt = SmsAttempt(submission=submission, kind=kind, status_code=status_code)
    if not submission.registrant_mobile:
        attempt.outcome = SmsAttempt.Outcome.NO_MOBILE
    elif not text:
        attempt.outcome = SmsAttempt.Outcome.NO_TEXT
    else:
        try:
            result = enqueue_sms(text, [submission.registrant_mobile])
        except Exception:  # the queue itself is down: record it, never undo the request
            logger.exception("The SMS about request %s could not be queued.", submission)
            attempt.outcome = SmsAttempt.Outcome.FAILED
        else:
            attempt.task_id = result.id
            attempt.outcome = SmsAttempt.outcome_of(result.status)
    attempt.save()
    return attempt


def send_receipt_sms(submission: RequestSubmission) -> SmsAttempt:
    """Text the registrant the tracking number of the request they have just made, in the
    language of the page it was made on (called once the submission has committed)."""
    page = submission.page
    with translation.override(page.locale.language_code):
        text = str(RECEIPT_SMS) % {
            "service": strip_control_characters(page.title),
            "number": sms_tracking_number(submission),
        }
    return queue_sms(submission, SmsAttempt.Kind.RECEIPT, text)


def sms_text(status: RequestStatus, submission: RequestSubmission) -> str:
    """The status's SMS in the language of the page the request was made on: its translation
    there, else the status's own text; "" when neither has one."""
    page = submission.page
    shown = status.in_locale(page.locale_id)
    if not shown.sms_template:
        shown = status
    if not shown.sms_template:
        return ""
    with translation.override(page.locale.language_code):
        number = sms_tracking_number(submission)
    values = {
        "tracking_number": number,
        "status": shown.citizen_name,
        "service": strip_control_characters(page.title),
    }
    try:
        return shown.sms_template.format_map(values)
    except (KeyError, ValueError, IndexError):
        # A template saved before validation existed; never let it block a status change.
        logger.warning("SMS template of status %s cannot be filled.", status.code)
        return ""


def send_status_sms(submission: RequestSubmission, status: RequestStatus) -> SmsAttempt:
    """Queue the status's SMS to the registrant and record the attempt (see ``queue_sms``)."""
    text = sms_text(status, submission) if submission.registrant_mobile else ""
    return queue_sms(submission, SmsAttempt.Kind.STATUS, text, status_code=status.code)


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
    """Apply a decision on ``submission``; return the new history row, if any.

    ``user`` is who decided (None for the desk itself, e.g. a survey answer). ``status`` None
    keeps the status (a note or an assignment only). ``assignee`` left out keeps the assignee;
    None unassigns. Raises ``ValidationError`` for a transition the status does not allow.
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
            params={"old": locked.status.localized.name, "new": status.localized.name},
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


def reopen(submission: RequestSubmission, internal_note: str) -> StatusChange | None:
    """Move ``submission`` back to ``ESERVICES_REOPEN_STATUS`` if its status allows that.

    Returns the history row, or None when the request stays where it is: already there, no
    such status, or a status from which reopening is not an allowed transition.
    """
    target = RequestStatus.objects.workflow().filter(code=settings.ESERVICES_REOPEN_STATUS).first()
    if target is None or target.pk == submission.status_id:
        return None
    try:
        return change_status(submission, None, target, internal_note=internal_note)
    except ValidationError:
        return None


class StatusChangeFormatter(LogFormatter):
    label = _("Change request status")

    def format_message(self, log_entry):
        data = log_entry.data
        codes = [data.get("from", ""), data.get("to", "")]
        shown = RequestStatus.objects.filter(code__in=codes).localized_by_pk()
        names = {status.code: status.name for status in shown.values()}
        return _("Request %(number)s moved from “%(old)s” to “%(new)s”") % {
            "number": data.get("tracking_number", ""),
            "old": names.get(codes[0], codes[0]),
            "new": names.get(codes[1], codes[1]),
        }


class AssignFormatter(LogFormatter):
    label = _("Assign request")

    def format_message(self, log_entry):
        data = log_entry.data
        return _("Request %(number)s assigned to %(assignee)s") % {
            "number": data.get("tracking_number", ""),
            "assignee": data.get("assignee") or _("nobody"),
        }


def register_log_actions(actions) -> None:
    """The workflow's entries in Wagtail's audit log (called from the admin wiring)."""
    actions.register_action(audit.STATUS_CHANGE)(StatusChangeFormatter)
    actions.register_action(audit.ASSIGN)(AssignFormatter)
