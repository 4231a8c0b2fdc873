"""SECURITY.md D1: Django's deployment checks pass with the production settings."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]


def run_check(**env) -> subprocess.CompletedProcess:
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a deployment never has it.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "cms_site.settings.production",
        "SECRET_KEY": "k" * 20 + "-a-long-random-production-secret-" + "x" * 20,
        "ALLOWED_HOSTS": "desk.example.ir",
        "WAGTAILADMIN_BASE_URL": "https://desk.example.ir",
        # Production counts its limits in Redis (eservices.W001); the check does not connect.
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        **env,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_checks():
    result = run_check()
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_short_secret_key_fails_them():
    result = run_check(SECRET_KEY="short")
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_trusted_proxies_come_from_the_environment():
    """Breaks if production settings ignore ESERVICES_TRUSTED_PROXY_COUNT: behind a load
    balancer every citizen would share its address and one per-IP limit."""
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"} | {
        "DJANGO_SETTINGS_MODULE": "cms_site.settings.production",
        "SECRET_KEY": "k" * 60,
        "ALLOWED_HOSTS": "desk.example.ir",
        "WAGTAILADMIN_BASE_URL": "https://desk.example.ir",
        "ESERVICES_TRUSTED_PROXY_COUNT": "1",
    }
    code = (
        "import django; django.setup(); from eservices.conf import settings; "
        "print(repr(settings.ESERVICES_TRUSTED_PROXY_COUNT))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert result.stdout.strip() == "1", result.stderr
