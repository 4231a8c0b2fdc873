import runpy
from pathlib import Path

import polib
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

# The admin URLs of the second step come from this hooks module; eservices/wagtail_hooks.py
# imports it too, and importing it here first keeps these tests independent of that line.
import eservices.staffauth.admin_hooks  # noqa: F401

ROOT = Path(__file__).parents[2]
PASSWORD = "right-horse-battery"  # noqa: S105
LOGIN_URL = "/admin/login/"


@pytest.fixture(autouse=True)
def _persian_catalogue(settings, tmp_path):
    """Serve this area's Persian from tools/translations, whether or not the project catalogue
    has been filled yet, so the tests can assert the Persian wording."""
    fa = runpy.run_path(str(ROOT / "tools/translations/staffauth_fa.py"))["FA"]
    po = polib.POFile()
    po.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Plural-Forms": "nplurals=2; plural=(n > 1);",
    }
    for msgid, msgstr in fa.items():
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    folder = tmp_path / "staffauth-locale" / "fa" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    po.save_as_mofile(str(folder / "django.mo"))
    settings.LOCALE_PATHS = [tmp_path / "staffauth-locale", *settings.LOCALE_PATHS]


@pytest.fixture
def fa() -> dict[str, str]:
    return runpy.run_path(str(ROOT / "tools/translations/staffauth_fa.py"))["FA"]


def make_editor(username: str):
    """A Wagtail editor: admin access through the Editors group, not ``is_staff``."""
    user = get_user_model().objects.create_user(username, "%s@example.com" % username, PASSWORD)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor(db):
    return make_editor("clerk")


def sign_in(client, username: str, password: str = PASSWORD, ip: str = "198.51.100.7", **extra):
    return client.post(
        LOGIN_URL,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=ip,
        **extra,
    )


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session
