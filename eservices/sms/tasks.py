"""The task that sends an SMS, so that a slow or failing provider never holds up a request.

``enqueue_sms(body, recipients)`` queues ``send_sms_task``, which sends through django-sms with
the backend ``SMS_BACKEND`` names and raises when nothing could be sent, so that the task is
recorded as failed and a queue backend can run it again.

Which queue runs it is the host project's ``TASKS`` setting (django-tasks 0.12). Without one,
django-tasks runs each task at once, in the calling thread::

    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

In production, keep tasks in the database with the django-tasks-db package (``pip install
django-tasks-db``; since django-tasks 0.12 the database backend is no longer inside
django-tasks), add ``"django_tasks"`` and ``"django_tasks_db"`` to ``INSTALLED_APPS``, migrate,
and run ``manage.py db_worker`` beside the web processes::

    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

Tests may use ``django_tasks.backends.dummy.DummyBackend``, which only records what was queued.

A queued task keeps its arguments, body included, wherever the queue backend stores them (the
database, for django-tasks-db): callers sending secrets such as one-time codes should weigh
that against sending at once.
"""

import sms
from django_tasks import TaskResult, task

from eservices.sms.backends.http import SmsSendError


@task()
def send_sms_task(body: str, recipients: list[str], originator: str | None = None) -> int:
    """Send ``body`` to ``recipients``; return how many the backend reports sent.

    Raises the backend's error (``SmsSendError`` for the plugin's HTTP backends) when sending
    fails, and ``SmsSendError`` when the backend sent nothing without raising.
    """
    sent = sms.send_sms(
        body=body, originator=originator, recipients=list(recipients), fail_silently=False
    )
    if recipients and not sent:
        raise SmsSendError(
            "The SMS backend sent none of %d message(s)." % len(recipients), retryable=True
        )
    return sent


def enqueue_sms(
    body: str, recipients: list[str] | str, originator: str | None = None
) -> TaskResult[int]:
    """Queue ``send_sms_task`` and return its result object.

    With the immediate backend the message has been sent (or has failed: see the result's
    ``status`` and ``errors``) when this returns. Errors from the queue itself are not caught.
    """
    if isinstance(recipients, str):
        recipients = [recipients]
    return send_sms_task.enqueue(body=body, recipients=list(recipients), originator=originator)
