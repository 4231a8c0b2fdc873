"""``manage.py db_worker``: django-tasks-db's worker, which also puts back stranded SMS tasks.

A worker killed hard (SIGKILL, a crash, power loss) leaves the task it was running marked
"running", and django-tasks-db never runs such a task again. This command is that worker
(the ``eservices`` app comes before ``django_tasks_db`` in ``INSTALLED_APPS``, so its command
of the same name wins) plus, when it starts and then every half lease, a call to
``eservices.sms.tasks.requeue_stranded``: the SMS tasks left running for longer than
``ESERVICES_TASK_LEASE`` seconds are queued again. Each of them checks before sending whether
an earlier run got as far as the provider, so nothing is sent twice (docs/operations.md).

It also outlives a database restart: where django-tasks-db's worker exits on a lost
connection, this one waits ``PAUSE`` seconds and polls again.
"""

import logging
import threading
import time

from django.db import InterfaceError, OperationalError, connections
from django_tasks_db.management.commands import db_worker

from eservices.conf import settings
from eservices.sms.tasks import requeue_stranded

logger = logging.getLogger("eservices.sms")

#: Seconds between two tries to reach a database that went away.
PAUSE = 2.0


def watch(stop: threading.Event, every: float) -> None:
    """Requeue stranded tasks now and every ``every`` seconds until ``stop`` is set."""
    while True:
        try:
            requeue_stranded()
        except Exception:  # the database is away for a moment: try again next time
            logger.warning("Stranded tasks could not be looked for.", exc_info=True)
        finally:
            connections.close_all()  # this thread's own connections
        if stop.wait(every):
            return


class Command(db_worker.Command):
    help = db_worker.Command.help + "; stranded SMS tasks are queued again (ESERVICES_TASK_LEASE)"

    def handle(self, **options) -> None:
        stop = threading.Event()
        every = max(float(settings.ESERVICES_TASK_LEASE) / 2, 1.0)
        threading.Thread(target=watch, args=(stop, every), daemon=True, name="requeue").start()
        try:
            while True:
                try:
                    super().handle(**options)
                    return
                except (OperationalError, InterfaceError):
                    # PostgreSQL restarting or unreachable for a moment: django-tasks-db's
                    # worker would exit; wait and poll again (a task it was running is
                    # requeued once its lease runs out).
                    logger.warning("The database is unavailable; polling again in %s s.", PAUSE)
                    connections.close_all()
                    time.sleep(PAUSE)
        finally:
            stop.set()
