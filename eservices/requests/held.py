"""Answers held between the Register form and the check-your-answers step (issue 11).

On a service with ``check_answers``, a valid form is not stored at once. What was posted (its
data, and its checked files written to private storage under ``held/``) waits in the session,
per page, until the citizen confirms it on the check step, changes an answer, signs out or
leaves. Confirming binds the form again from what is held and validates it again, so the check
step can never submit what the form would refuse. Each hold has a version: a check page left
open in another tab cannot confirm answers changed since it was drawn.

Files of holds never confirmed are deleted by ``manage.py eservices_retention`` after
``HELD_FILES_MAX_AGE`` (the session that named them has lapsed by then).
"""

import os
import secrets
from dataclasses import asdict, dataclass, field
from datetime import timedelta

from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.datastructures import MultiValueDict

from eservices.core.files.storage import private_storage
from eservices.core.files.uploads import CleanUpload

SESSION_HELD = "eservices_held_answers"
HELD_FOLDER = "held"
HELD_FILES_MAX_AGE = timedelta(days=1)


@dataclass
class Held:
    """One page's held answers: the posted data, the held files by field, a version."""

    version: str
    data: dict[str, list[str]]
    files: dict[str, dict] = field(default_factory=dict)
    typed_by: str = ""  # a keyed digest of the verified identity that held them, if any

    def uploads(self) -> tuple[MultiValueDict, list[str]]:
        """The held files as uploads, for binding the form again (opened from storage), and
        the fields whose held file is gone from storage (to be chosen again)."""
        uploads = MultiValueDict()
        missing = []
        for name, meta in self.files.items():
            if private_storage.exists(meta["path"]):
                uploads[name] = UploadedFile(
                    private_storage.open(meta["path"]),
                    name=meta["name"],
                    content_type=meta["content_type"],
                    size=meta["size"],
                )
            else:
                missing.append(name)
        return uploads, missing

    def file_names(self) -> dict[str, str]:
        return {name: meta["name"] for name, meta in self.files.items()}


def get_held(request, page_pk: int) -> Held | None:
    stored = request.session.get(SESSION_HELD, {}).get(str(page_pk))
    return Held(**stored) if stored else None


def who(identity: dict | None) -> str:
    """A keyed digest of a verified identity (mobile and national code), or "" without one."""
    if not identity:
        return ""
    return salted_hmac(
        "eservices.held", "%s:%s" % (identity["mobile"], identity["national_code"])
    ).hexdigest()


def hold(request, page_pk: int, data: dict[str, list[str]], form, typed_by: str = "") -> Held:
    """Hold ``form``'s answers (valid, bound to ``data``): its checked files are written to
    private storage; a held file its field did not replace stays held."""
    previous = get_held(request, page_pk)
    files = dict(previous.files) if previous else {}
    for name, value in form.cleaned_data.items():
        if not isinstance(value, CleanUpload):
            continue
        old = files.get(name)
        stored = private_storage.save(
            "%s/%s" % (HELD_FOLDER, secrets.token_hex(16)), value.as_file()
        )
        value.file.seek(0)  # the form's upload stays usable by its caller
        files[name] = {
            "path": stored,
            "name": value.name,
            "content_type": value.content_type,
            "size": value.size,
        }
        if old and old["path"] != stored:
            private_storage.delete(old["path"])
    held = Held(version=new_version(), data=data, files=files, typed_by=typed_by)
    save(request, page_pk, held)
    return held


def new_version() -> str:
    return secrets.token_urlsafe(8)


def save(request, page_pk: int, held: Held) -> None:
    all_held = request.session.get(SESSION_HELD, {})
    all_held[str(page_pk)] = asdict(held)
    request.session[SESSION_HELD] = all_held


def release(request, page_pk: int) -> None:
    """Forget the page's hold and delete its files (call once they are stored elsewhere)."""
    all_held = request.session.get(SESSION_HELD, {})
    stored = all_held.pop(str(page_pk), None)
    if stored is None:
        return
    request.session[SESSION_HELD] = all_held
    for meta in stored["files"].values():
        private_storage.delete(meta["path"])


def release_all(request) -> None:
    for page_pk in list(request.session.get(SESSION_HELD, {})):
        release(request, page_pk)


def purge_abandoned(now=None) -> int:
    """Delete held files older than ``HELD_FILES_MAX_AGE``; return how many."""
    cutoff = (now or timezone.now()) - HELD_FILES_MAX_AGE
    try:
        _folders, names = private_storage.listdir(HELD_FOLDER)
    except FileNotFoundError:
        return 0
    deleted = 0
    for name in names:
        path = os.path.join(HELD_FOLDER, name)
        if private_storage.get_modified_time(path) < cutoff:
            private_storage.delete(path)
            deleted += 1
    return deleted
