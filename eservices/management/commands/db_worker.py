"""``manage.py db_worker``: django-tasks-db's worker, which also puts back stranded SMS tasks.

A worker killed hard (SIGKILL, a crash, power loss) leaves the task it was running marked
"running", and django-tasks-db never runs such a task again. This command is that worker
(the ``eservices`` app comes before ``django_tasks_db`` in ``INSTALLED_APPS``, so its command
of the same name wins) plus, when it starts and then every half lease, a call to
``eservices.sms.tasks.requeue_stranded``: the SMS tasks left running for longer than
``ESERVICES_TASK_LEASE`` seconds are queued again. Each of them checks before sending whether
an earlier run got as far as the provider, so nothing is sent twice (docs/operations.md).
"""

import logging
import threading

from django.db import connections
from django_tasks_db.management.commands import db_worker

from eservices.conf import settings
from eservices.sms.tasks import requeue_stranded

logger = logging.getLogger("eservices.sms")


def watch(stop: threading.Event, every: float) -> None:
    """Requeue stranded tasks every ``every`` seconds until ``stop`` is set."""
    while not stop.wait(every):
        try:
            requeue_stranded()
        except Exception:  # the database is away for a moment: try again next time
            logger.warning("Stranded tasks could not be looked for.", exc_info=True)
        finally:
            connections.close_all()  # this thread's own connections


class Command(db_worker.Command):
    help = db_worker.Command.help + "; stranded SMS tasks are queued again (ESERVICES_TASK_LEASE)"

    def handle(self, **options) -> None:
        requeue_stranded()
        stop = threading.Event()
        every = max(float(settings.ESERVICES_TASK_LEASE) / 2, 1.0)
        threading.Thread(target=watch, args=(stop, every), daemon=True, name="requeue").start()
        try:
            super().handle(**options)
        finally:
            stop.set()
