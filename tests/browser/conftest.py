"""Browser tests: Debian's chromium driven by Playwright, against pytest-django's live server.

Playwright's sync API runs an event loop in the test's thread; Django's ORM calls made by the
test itself (loading the demo) are still synchronous, hence DJANGO_ALLOW_ASYNC_UNSAFE.
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module: Playwright's sync API keeps an event loop running in this
    thread while it is open, and any later test that calls async_to_sync here (django-health-check)
    would fail with "cannot use AsyncToSync in the same thread as an async event loop"."""
    if not shutil.which(CHROMIUM):
        pytest.fail("chromium is not installed: run `make browser-deps` (apt-get install chromium)")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone(browser):
    """A touch phone-sized page, as most citizens use the desk."""
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True, locale="fa-IR")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()
