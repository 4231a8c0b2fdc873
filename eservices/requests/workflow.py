"""The one request workflow: every change of a request's status goes through ``change_status``.

Staff in the inbox, a citizen's "not satisfied" survey answer (``reopen``), retention and any
later caller use it, so every change is made the same way: under a row lock, only along a
transition the current status allows, with a history row, an audit entry and the status's SMS
to the registrant through the task queue: queued in the change's own transaction when tasks
live in the database, else once it has committed (``queue_with_transaction``). A provider
fault never undoes or holds up the change (docs/security.md D4, D5).
"""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_tasks import TaskResultStatus, task
from wagtail.log_actions import LogFormatter

from eservices.conf import settings
from eservices.core import audit
from eservices.core.numbers import group_tracking_number
from eservices.core.persian import localize_digits
from eservices.core.persian.text import strip_control_characters
from eservices.sms.backends import SmsSendError
from eservices.sms.tasks import deliver, is_retryable, provider_has, retry_later

from .models import RequestStatus, RequestSubmission, SmsAttempt, StatusChange

logger = logging.getLogger(__name__)


RECEIPT_SMS = _("Your request for “%(service)s” was registered. Tracking number: %(number)s")


def sms_tracking_number(submission: RequestSubmission) -> str:
    """The tracking number as the receipt shows it, in the digits of the active language."""
    return localize_digits(group_tracking_number(submission.tracking_number))


def queue_sms(
    submission: RequestSubmission,
    kind: str,
    text: str,
    status_code: str = "",
    status: RequestStatus | None = None,
) -> SmsAttempt:
    """Queue an SMS to the request's registrant and record the attempt (``SmsAttempt``).

    ``text`` only decides whether there is anything to send: the queue gets the attempt's id
    and the worker makes the text again (``send_request_sms_task``), so no text sits in the
    queue. Never raises for a provider or queue fault (D5): the request is already stored;
    the attempt says "could not be sent" instead, and staff see it on the request's page.
    Without a mobile or a text nothing is queued, and the attempt says why.
    """
    attempt = SmsAttempt(submission=submission, kind=kind, status_code=status_code)
    if not submission.registrant_mobile:
        attempt.outcome = SmsAttempt.Outcome.NO_MOBILE
    elif not text:
        attempt.outcome = SmsAttempt.Outcome.NO_TEXT
    else:
        attempt.outcome = SmsAttempt.Outcome.QUEUED
    attempt.save()
    if attempt.outcome != SmsAttempt.Outcome.QUEUED:
        return attempt
    rows = SmsAttempt.objects.filter(pk=attempt.pk)
    try:
        result = send_request_sms_task.enqueue(
            sms_attempt_id=attempt.pk, status_id=status.pk if status else None
        )
    except Exception:  # the queue itself is down: record it, never undo the request
        logger.exception("The SMS about request %s could not be queued.", submission)
        rows.update(outcome=SmsAttempt.Outcome.FAILED)
    else:
        # Only the task id: a worker may already have recorded the outcome.
        rows.update(task_id=result.id)
        if result.status == TaskResultStatus.READY:
            # Still waiting in the queue when enqueued: the attempt as saved, with its task.
            # (A worker of a queue outside this transaction may record the outcome any moment
            # now; callers read outcomes from the database, not from this copy.)
            attempt.task_id = result.id
            return attempt
        if result.status == TaskResultStatus.FAILED:
            rows.filter(outcome=SmsAttempt.Outcome.QUEUED).update(outcome=SmsAttempt.Outcome.FAILED)
    attempt.refresh_from_db()
    return attempt


def receipt_text(submission: RequestSubmission) -> str:
    """The receipt's SMS in the language of the page the request was made on."""
    page = submission.page
    with translation.override(page.locale.language_code):
        return str(RECEIPT_SMS) % {
            "service": strip_control_characters(page.title),
            "number": sms_tracking_number(submission),
        }


def send_receipt_sms(submission: RequestSubmission) -> SmsAttempt:
    """Text the registrant the tracking number of the request they have just made, in the
    language of the page it was made on (called once the submission has committed)."""
    text = receipt_text(submission) if submission.registrant_mobile else ""
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


def queue_in_transaction() -> bool:
    """Whether SMS tasks are rows in this database (django-tasks-db): then an SMS is queued
    inside the transaction that makes its reason (the request, the status change), and both
    commit together or not at all, so a crash right after the commit cannot lose the SMS.
    Otherwise (the immediate backend would send at once) it is queued after the commit."""
    backend = send_request_sms_task.get_backend()
    return backend.supports_defer and type(backend).__module__.startswith("django_tasks_db")


def queue_with_transaction(send) -> None:
    """Call ``send`` (which queues an SMS) now, inside the current transaction, when tasks
    live in the database; else once the transaction has committed (``queue_in_transaction``)."""
    if queue_in_transaction():
        send()
    else:
        transaction.on_commit(send, robust=True)


def queue_receipt_sms(submission: RequestSubmission) -> None:
    """Queue the receipt's SMS of a request being stored (called inside its transaction)."""
    queue_with_transaction(lambda: send_receipt_sms(submission))


def send_status_sms(submission: RequestSubmission, status: RequestStatus) -> SmsAttempt:
    """Queue the status's SMS to the registrant and record the attempt (see ``queue_sms``)."""
    text = sms_text(status, submission) if submission.registrant_mobile else ""
    return queue_sms(
        submission, SmsAttempt.Kind.STATUS, text, status_code=status.code, status=status
    )


@task()
def send_request_sms_task(
    sms_attempt_id: int, status_id: int | None = None, attempt: int = 1
) -> int:
    """Send the SMS an ``SmsAttempt`` stands for and record what became of it; return how many
    SMS went out. Runs in the task worker (at once with the immediate backend).

    The text is made here, from the request (its receipt) or the status ``status_id`` (its
    SMS). An attempt no longer "queued" (already sent, or given up) is not sent again. A
    provider that is down, slow or failing is tried again after a growing pause
    (``eservices.sms.tasks.retry_later``); when no try is left, or the provider refused the
    message, the attempt says "could not be sent" and the task fails.

    At most once: the attempt says "sending" (claimed by one run) before the provider is
    called, under the reference ``sms-attempt-<id>``. A run that finds it still "sending" was
    queued again after a worker died mid-send (``eservices.sms.tasks.requeue_stranded``): it
    asks the provider (``provider_has``) and sends only when the provider never got the
    message; when the provider cannot tell, the attempt says "unknown" and nothing is sent.
    """
    rows = SmsAttempt.objects.filter(pk=sms_attempt_id)
    row = rows.select_related("submission").first()
    if row is None:
        return 0
    reference = "sms-attempt-%d" % row.pk
    if row.outcome == SmsAttempt.Outcome.SENDING:
        known = provider_has(reference)
        if known is None:
            rows.filter(outcome=SmsAttempt.Outcome.SENDING).update(
                outcome=SmsAttempt.Outcome.UNKNOWN
            )
            logger.warning(
                "The SMS about request %s was being sent when its worker stopped; the "
                "provider cannot say whether it went out, so it is not sent again.",
                row.submission,
            )
            return 0
        if known:
            rows.filter(outcome=SmsAttempt.Outcome.SENDING).update(outcome=SmsAttempt.Outcome.SENT)
            return 0
    elif row.outcome != SmsAttempt.Outcome.QUEUED:
        return 0
    elif not rows.filter(outcome=SmsAttempt.Outcome.QUEUED).update(
        outcome=SmsAttempt.Outcome.SENDING
    ):
        return 0  # another run claimed it first
    submission = row.submission
    try:
        if not submission.registrant_mobile:
            rows.update(outcome=SmsAttempt.Outcome.NO_MOBILE)
            return 0
        if row.kind == SmsAttempt.Kind.RECEIPT:
            text = receipt_text(submission)
        else:
            status = RequestStatus.objects.filter(pk=status_id).first()
            text = sms_text(status, submission) if status else ""
        if not text:
            rows.update(outcome=SmsAttempt.Outcome.NO_TEXT)
            return 0
        sent = deliver(text, [submission.registrant_mobile], reference=reference)
    except Exception as error:
        retryable = is_retryable(error)
        summary = str(error)[:200] if isinstance(error, SmsSendError) else type(error).__name__
    else:
        rows.update(outcome=SmsAttempt.Outcome.SENT)
        return sent
    # The provider answered with a failure (or did not answer): queued again, not "sending".
    rows.filter(outcome=SmsAttempt.Outcome.SENDING).update(outcome=SmsAttempt.Outcome.QUEUED)
    again = retryable and retry_later(
        send_request_sms_task, attempt, sms_attempt_id=sms_attempt_id, status_id=status_id
    )
    if again:
        logger.warning(
            "The SMS about request %s could not be sent (try %d); it will be tried again: %s",
            submission,
            attempt,
            summary,
        )
        return 0
    rows.update(outcome=SmsAttempt.Outcome.FAILED)
    logger.error(
        "The SMS about request %s could not be sent (try %d), given up: %s",
        submission,
        attempt,
        summary,
    )
    raise SmsSendError(summary, retryable=retryable)


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
                queue_with_transaction(lambda: send_status_sms(locked, new_status))
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
