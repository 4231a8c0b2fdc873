import pytest
from django.core.cache import cache
from django.core.management import call_command

from tests.factories import make_complaint


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    """Each test writes files to its own folder and starts with an empty cache."""
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def complaint(db):
    """The guide's complaint service alone, gate off (``tests.factories.make_complaint``)."""
    return make_complaint()


@pytest.fixture
def demo_desk(db):
    """The demo site exactly as ``make run`` loads it."""
    call_command("load_demo_desk", stdout=open("/dev/null", "w"))  # noqa: SIM115
