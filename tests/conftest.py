import io

import pytest
import sms
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from tests.factories import make_complaint


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    """Each test writes files to its own folder and starts with an empty cache and SMS
    outbox."""
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    sms.outbox = []
    yield
    cache.clear()
    sms.outbox = []


@pytest.fixture
def complaint(db):
    """The guide's complaint service alone, gate off (``tests.factories.make_complaint``)."""
    return make_complaint()


@pytest.fixture(scope="module")
def shared_demo_desk(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo desk loaded once for a whole module of tests that read it (the catalog, the
    offices, search), inside a transaction rolled back when the module ends.

    Each test still runs in its own savepoint (pytest-django's ``db``), so whatever a test
    changes is undone before the next one. Yields the folder of the demo's media files.
    """
    media = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("load_demo_desk", stdout=io.StringIO())
            yield media
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def demo_desk_once(shared_demo_desk, db, settings):
    """``demo_desk`` for read-mostly modules: the module's shared demo, its media included."""
    settings.MEDIA_ROOT = shared_demo_desk


@pytest.fixture
def demo_desk(db):
    """The demo site exactly as ``make run`` loads it."""
    call_command("load_demo_desk", stdout=open("/dev/null", "w"))  # noqa: SIM115
