from pathlib import Path

import polib
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

ROOT = Path(__file__).parents[2]
PASSWORD = "right-horse-battery"  # noqa: S105
LOGIN_URL = "/admin/login/"


@pytest.fixture
def fa() -> dict[str, str]:
    """The plugin's Persian catalogue, msgid → msgstr."""
    po = polib.pofile(str(ROOT / "eservices/locale/fa/LC_MESSAGES/django.po"))
    return {entry.msgid: entry.msgstr for entry in po}


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
