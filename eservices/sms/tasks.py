"""Sending SMS from tasks, so that a slow or failing provider never holds up a request.

Three pieces:

* ``deliver(body, recipients)`` sends at once through django-sms (the backend ``SMS_BACKEND``
  names) and raises when nothing could be sent. Tasks call it in the worker.
* ``retry_later(task, attempt, **kwargs)`` queues ``task`` again after a growing pause
  (``ESERVICES_SMS_TASK_BACKOFF`` seconds, doubling with each try, at most
  ``ESERVICES_SMS_TASK_RETRIES`` times) when the queue backend can run a task later; a task
  that failed for a reason worth retrying (``is_retryable``) calls it, and gives up when it
  answers False.
* ``requeue_stranded()`` queues again the SMS tasks a worker left "running" when it died
  (SIGKILL, power loss) and ``provider_has(reference)`` asks the provider whether a message
  went out; with them a task whose worker died runs again, and what it had already handed to
  the provider is not sent twice (docs/operations.md, "Stopping a worker").
* ``send_sms_task`` / ``enqueue_sms(body, recipients)``: a plain message whose text may sit in
  the queue. Never use them for a secret: a one-time code is queued as a reference (the
  challenge's id) and its text is made in the worker (``eservices.identity.tasks``); a
  request's SMS is queued as its ``SmsAttempt`` (``eservices.requests.workflow``).

Which queue runs tasks is the host project's ``TASKS`` setting (django-tasks 0.12). Without
one, django-tasks runs each task at once, in the calling thread, which is what ``make run`` and
the tests do; such a backend cannot run a task later, so nothing is retried by the queue (the
HTTP backends still retry within one try: ``ESERVICES_SMS_RETRIES``)::

    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

The site's production settings keep tasks in the database (django-tasks-db; docs/operations.md
says why) and ``manage.py db_worker`` runs them::

    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
"""

import logging
from datetime import timedelta

import sms
from django.utils import timezone
from django_tasks import TaskResult, task
from django_tasks.base import Task

from eservices.conf import settings
from eservices.sms.backends.http import SmsSendError

logger = logging.getLogger("eservices.sms")


#: The tasks that may run again when their worker died mid-task: each one checks, before
#: sending, whether an earlier run got that far (``SmsAttempt`` "sending", a used or expired
#: challenge). ``send_sms_task`` is not one of them: it cannot tell.
#: A host adds its own such tasks (e.g. a health heartbeat) in ``ESERVICES_RERUNNABLE_TASKS``.
RERUNNABLE_TASKS = (
    "eservices.requests.workflow.send_request_sms_task",
    "eservices.identity.tasks.send_code_task",
)


def deliver(
    body: str,
    recipients: list[str],
    originator: str | None = None,
    reference: str | None = None,
) -> int:
    """Send ``body`` to ``recipients`` now; return how many the backend reports sent.

    ``reference`` names this message for good (e.g. ``sms-attempt-42``): it is handed to the
    backend as the message's ``reference`` attribute, for a provider that keeps a local id and
    refuses to send one twice, and ``provider_has`` can ask about it later.

    Raises the backend's error (``SmsSendError`` for the plugin's HTTP backends) when sending
    fails, and a retryable ``SmsSendError`` when the backend sent nothing without raising.
    """
    message = sms.Message(
        body=body,
        originator=originator,
        recipients=list(recipients),
        connection=sms.get_connection(fail_silently=False),
    )
    message.reference = reference
    sent = message.send(fail_silently=False)
    if recipients and not sent:
        raise SmsSendError(
            "The SMS backend sent none of %d message(s)." % len(recipients), retryable=True
        )
    return sent


def provider_has(reference: str) -> bool | None:
    """Whether the SMS provider took the message ``deliver`` sent as ``reference``: True or
    False when the backend can tell (a ``was_sent(reference)`` method), None when it cannot
    (then a message whose sending was cut off is not sent again: at most once)."""
    backend = sms.get_connection(fail_silently=False)
    was_sent = getattr(backend, "was_sent", None)
    if was_sent is None:
        return None
    try:
        return bool(was_sent(reference))
    except Exception:  # the provider cannot be asked now: as good as "cannot tell"
        logger.warning("The SMS provider could not say whether %s was sent.", reference)
        return None


def requeue_stranded(lease: float | None = None) -> int:
    """Queue again, to run now, every task of ``RERUNNABLE_TASKS`` that a worker marked
    "running" more than ``lease`` seconds ago (``ESERVICES_TASK_LEASE``): its worker died
    without finishing it. Return how many. A no-op without django-tasks-db.

    One try of an SMS task takes seconds (``ESERVICES_SMS_TIMEOUT`` per HTTP step), so a task
    running for minutes has no live worker. Should a slow worker still finish it, the task's
    own checks keep the SMS from going out twice.
    """
    try:
        from django_tasks.base import TaskResultStatus
        from django_tasks_db.models import DBTaskResult
    except ImportError:
        return 0
    lease = settings.ESERVICES_TASK_LEASE if lease is None else lease
    cutoff = timezone.now() - timedelta(seconds=float(lease))
    stranded = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING,
        started_at__lt=cutoff,
        task_path__in=(*RERUNNABLE_TASKS, *settings.ESERVICES_RERUNNABLE_TASKS),
    )
    count = stranded.update(status=TaskResultStatus.READY, run_after=timezone.now())
    if count:
        logger.warning("%d task(s) left running by a worker that stopped were queued again.", count)
    return count


def is_retryable(error: BaseException) -> bool:
    """Whether sending again later may succeed: the provider was down, slow or failing
    (a retryable ``SmsSendError``) or the machine could not reach or write (``OSError``).
    A refusal (bad key, no credit, bad number) or a configuration error is final."""
    if isinstance(error, SmsSendError):
        return error.retryable
    return isinstance(error, OSError)


def retry_delay(attempt: int) -> float:
    """The seconds to wait after try number ``attempt`` (1 for the first) failed."""
    return float(settings.ESERVICES_SMS_TASK_BACKOFF) * 2 ** (attempt - 1)


def retry_later(task_: Task, attempt: int, **kwargs) -> TaskResult | None:
    """Queue ``task_`` again with ``kwargs`` and ``attempt=attempt + 1``, to run after
    ``retry_delay(attempt)``; return its result, or None when no try is left or the queue
    backend cannot run a task later (the immediate backend)."""
    if attempt > int(settings.ESERVICES_SMS_TASK_RETRIES):
        return None
    if not task_.get_backend().supports_defer:
        return None
    run_after = timezone.now() + timedelta(seconds=retry_delay(attempt))
    return task_.using(run_after=run_after).enqueue(attempt=attempt + 1, **kwargs)


@task()
def send_sms_task(body: str, recipients: list[str], originator: str | None = None) -> int:
    """Send ``body`` to ``recipients`` (see ``deliver``); the body sits in the queue."""
    return deliver(body, recipients, originator)


def enqueue_sms(
    body: str, recipients: list[str] | str, originator: str | None = None
) -> TaskResult[int]:
    """Queue ``send_sms_task`` and return its result object. Not for secrets (see above).

    With the immediate backend the message has been sent (or has failed: see the result's
    ``status`` and ``errors``) when this returns. Errors from the queue itself are not caught.
    """
    if isinstance(recipients, str):
        recipients = [recipients]
    return send_sms_task.enqueue(body=body, recipients=list(recipients), originator=originator)
