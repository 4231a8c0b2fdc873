"""/healthz: database, cache, private storage and the task queue's worker heartbeat; nothing
secret or versioned in the answer (issue 13)."""

import threading

import django
import pytest
import wagtail
from django.core.cache import cache
from django.db import connections
from django.test import override_settings

from cms_site import health
from tests.queue import DATABASE_TASKS, our_tasks, run_due_tasks

ALL = {"Database(alias='default')", "Cache(alias='default')", "PrivateStorage()", "TaskQueue()"}


def get(client, url="/healthz"):
    return client.get(url, HTTP_ACCEPT="application/json")


@pytest.fixture
def quick(monkeypatch):
    """The queue check waits 0.3 s for a worker instead of 3 s."""
    monkeypatch.setattr(health, "HEARTBEAT_WAIT", 0.3)


def assert_nothing_secret(response, settings) -> None:
    body = response.content.decode()
    for secret in (
        settings.SECRET_KEY,
        str(settings.MEDIA_ROOT),
        django.get_version(),
        wagtail.__version__,
        settings.DATABASES["default"]["NAME"]
        if settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
        else "sqlite",
        "127.0.0.1",
        "redis://",
    ):
        assert str(secret) not in body


@pytest.mark.django_db(transaction=True)
def test_healthy_answers_200_and_names_each_check(client, settings):
    """Breaks if a check is left out of /healthz or a healthy site is not a 200."""
    response = get(client)

    assert response.status_code == 200
    assert response.json() == dict.fromkeys(ALL, "OK")
    assert "no-cache" in response["Cache-Control"]
    assert_nothing_secret(response, settings)


@pytest.mark.django_db(transaction=True)
def test_the_web_check_leaves_the_queue_out(client, settings, quick):
    """Breaks if /healthz/web (the load balancer's probe) fails for a stopped worker."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}

    response = get(client, "/healthz/web")

    assert response.status_code == 200
    assert set(response.json()) == ALL - {"TaskQueue()"}
    assert get(client).status_code == 500


@pytest.mark.django_db(transaction=True)
def test_a_cache_that_is_down_is_a_500_naming_the_cache(client, settings, quick):
    """Breaks if a dead cache is reported healthy, or the failure does not say which part."""
    down = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing listens
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        }
    }
    # Inside the test only: the teardown clears the cache again.
    with override_settings(CACHES=down, SESSION_ENGINE="django.contrib.sessions.backends.db"):
        response = get(client)

    assert response.status_code == 500
    answer = response.json()
    assert answer["Cache(alias='default')"] != "OK"
    assert answer["Database(alias='default')"] == "OK"
    assert answer["PrivateStorage()"] == "OK"
    assert_nothing_secret(response, settings)


@pytest.mark.django_db(transaction=True)
def test_private_storage_that_cannot_be_written_is_a_500(client, settings, tmp_path):
    """Breaks if the storage check does not write into the attachments' storage."""
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be")
    settings.ESERVICES_PRIVATE_MEDIA_ROOT = str(blocked)

    response = get(client)

    assert response.status_code == 500
    assert response.json()["PrivateStorage()"] != "OK"
    assert str(blocked) not in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_no_worker_is_a_500_and_a_worker_run_makes_it_healthy(client, settings, quick):
    """Breaks if the queue check passes without a worker running the heartbeat, or does not
    notice when one does."""
    settings.TASKS = DATABASE_TASKS

    response = get(client)

    assert response.status_code == 500
    assert "No task worker" in response.json()["TaskQueue()"]
    [asked] = our_tasks().filter(task_path="cms_site.health.heartbeat")
    # Asked once per half minute across all app servers, not on every probe.
    assert get(client).status_code == 500
    assert our_tasks().filter(task_path="cms_site.health.heartbeat").count() == 1

    assert run_due_tasks() == 1  # the worker runs the heartbeat
    response = get(client)
    assert response.status_code == 200
    assert response.json()["TaskQueue()"] == "OK"


def test_the_heartbeat_expires(settings, db, monkeypatch):
    """Breaks if an old heartbeat still counts."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    monkeypatch.setattr(health, "HEARTBEAT_WAIT", 0.0)
    check = health.TaskQueue()
    cache.set(health.HEARTBEAT_KEY, 1.0)  # 1970
    with pytest.raises(health.ServiceUnavailable):
        check.run()
    health.heartbeat.call()
    check.run()


@pytest.mark.django_db(transaction=True)
def test_a_configured_private_storage_must_be_the_one_attachments_use(
    client, settings, tmp_path, monkeypatch
):
    """Breaks if /healthz stays green while STORAGES["private"] (object storage) is set but
    attachments are still written elsewhere, or if it does not check the configured one."""
    from django.core.files.storage import storages

    from eservices.core.files.storage import PrivateStorage

    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "object-store")},
        },
    }
    monkeypatch.setattr(health, "get_private_storage", lambda: PrivateStorage(tmp_path / "disk"))
    response = get(client)
    assert response.status_code == 500
    assert "stored elsewhere" in response.json()["PrivateStorage()"]

    monkeypatch.setattr(health, "get_private_storage", lambda: storages["private"])
    response = get(client)
    assert response.status_code == 200
    assert (tmp_path / "object-store" / "healthz").is_dir()  # the probe wrote there


@pytest.mark.django_db(transaction=True)
def test_the_queue_check_closes_the_database_connection_of_its_thread(settings, monkeypatch):
    """Breaks if the queue check, which runs in a thread of the health view's executor,
    leaves the connection it opened to queue the heartbeat open (one more per probe)."""
    settings.TASKS = DATABASE_TASKS
    monkeypatch.setattr(health, "HEARTBEAT_WAIT", 0.0)
    seen = {}

    def probe():
        with pytest.raises(health.ServiceUnavailable):
            health.TaskQueue().run()
        seen["connection"] = connections["default"].connection

    thread = threading.Thread(target=probe)
    thread.start()
    thread.join()

    assert our_tasks().filter(task_path="cms_site.health.heartbeat").exists()
    assert "connection" in seen and seen["connection"] is None


class BrokenMiddleware:
    """Stands for any middleware that fails when a service it needs (the cache) is down."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raise ConnectionError("the cache is down")


@pytest.mark.django_db(transaction=True)
def test_the_probe_is_answered_before_the_other_middleware(client, settings):
    """Breaks if HealthzMiddleware is not first, or lets /healthz through to middleware that
    may fail for the very outage the probe must report; other paths still go through."""
    assert settings.MIDDLEWARE[0] == "cms_site.health.HealthzMiddleware"
    settings.MIDDLEWARE = [
        "cms_site.health.HealthzMiddleware",
        "tests.site.test_healthz.BrokenMiddleware",
    ]

    assert get(client).status_code == 200
    assert get(client, "/healthz/web").status_code == 200
    html = client.get("/healthz", HTTP_ACCEPT="text/html")
    assert html.status_code == 200 and "PrivateStorage()" in html.content.decode()
    with pytest.raises(ConnectionError):
        client.get("/e-services/")
