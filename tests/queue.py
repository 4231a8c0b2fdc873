"""The database task queue in tests: the production backend (django-tasks-db) and a worker
that runs what is due, one task after another, as ``manage.py db_worker`` does."""

from django.db import transaction
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def run_due_tasks(limit: int = 50) -> int:
    """Claim and run every task that is due now (run_after passed), like one pass of
    ``db_worker --batch``; return how many of the site's own ran (Wagtail queues tasks of its
    own, e.g. its reference index, which run too but are not counted). Works inside a test's
    transaction."""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
    )
    ran = 0
    for _ in range(limit):
        with transaction.atomic():
            result = DBTaskResult.objects.ready().filter(backend_name="default").get_locked()
            if result is None:
                return ran
            result.claim(worker.worker_id)
        worker.run_task(result)
        ran += is_ours(result)
    return ran


def is_ours(result: DBTaskResult) -> bool:
    return result.task_path.startswith(("eservices.", "cms_site."))


def our_tasks():
    """The queued results of the site's own tasks, oldest first."""
    return DBTaskResult.objects.filter(task_path__regex=r"^(eservices|cms_site)\.").order_by(
        "enqueued_at"
    )
