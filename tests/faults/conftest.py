"""Fault tests (issue 13, item 4): the site's real processes against real services that fail.

Those using the ``stack`` fixture run on the real-stack half only (``DATABASE_URL`` and
``REDIS_URL`` set, as .ci/run's second half does), for they need PostgreSQL's and Redis's
server programs; there they start their own PostgreSQL cluster, redis-server, gunicorn and
task worker (tests/faults/stack.py), so that stopping and restarting them disturbs no other
test. The rest (test_recovery.py) run in process on both halves.
"""

import os
import shutil

import pytest

from tests.faults.stack import Stack, pg_bin

REASON = (
    "fault tests run on the real-stack half only: set DATABASE_URL and REDIS_URL "
    "(PostgreSQL's and Redis's server programs must be installed)"
)


def pytest_collection_modifyitems(config, items):
    ready = bool(os.environ.get("DATABASE_URL", "").startswith("postgres")) and bool(
        os.environ.get("REDIS_URL")
    )
    for item in items:
        if "stack" not in getattr(item, "fixturenames", ()):
            continue
        item.add_marker(pytest.mark.faults)
        if not ready:
            item.add_marker(pytest.mark.skip(reason=REASON))


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    if not shutil.which("redis-server"):
        pytest.fail("redis-server is not installed")
    pg_bin()
    stack = Stack(tmp_path_factory.mktemp("faults"))
    try:
        stack.start()
        yield stack
    finally:
        stack.stop()


@pytest.fixture
def sms(stack):
    """The test provider in its normal mode, the worker running; both as found after."""
    stack.set_sms("ok")
    if not stack.worker.running():
        stack.worker.start()
    yield stack
    stack.set_sms("ok")
