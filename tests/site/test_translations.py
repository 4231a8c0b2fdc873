"""The message catalogues: the Persian ones are complete, every compiled .mo file matches its .po,
and the .po files hold exactly the message ids the code uses.

The .po files are the source of truth (docs/translators.md); `make messages` updates them.
"""

import os
import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.test import override_settings

ROOT = Path(__file__).parents[2]
CATALOGUES = [
    ROOT / "locale/fa/LC_MESSAGES/django.po",
    ROOT / "eservices/locale/fa/LC_MESSAGES/django.po",
]

# The two `makemessages` runs of `make messages`: the directory each starts from, and the
# directories it ignores there.
EXTRACTIONS = {
    "eservices": (ROOT / "eservices", []),
    "site": (ROOT, ["eservices", ".venv", "var", "tests"]),
}
EXTENSIONS = {".py", ".html", ".txt"}  # makemessages' defaults for the "django" domain


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_persian_catalogue_is_complete(po_path):
    po = polib.pofile(str(po_path))
    # msgmerge's guesses are marked fuzzy: a translator checks each one (docs/translators.md).
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


@pytest.mark.parametrize(
    "po_path",
    CATALOGUES + [p.parent.parent.parent / "en/LC_MESSAGES/django.po" for p in CATALOGUES],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_compiled_catalogue_matches_its_source(po_path):
    po = polib.pofile(str(po_path))
    mo = polib.mofile(str(po_path.with_suffix(".mo")))
    compiled = {(e.msgid, e.msgctxt): (e.msgstr, e.msgstr_plural) for e in mo}
    for entry in po.translated_entries():
        assert compiled.get((entry.msgid, entry.msgctxt)) == (
            entry.msgstr,
            entry.msgstr_plural,
        ), entry.msgid


def copy_sources(source: Path, target: Path, ignored: list[str]) -> None:
    """Copy the files makemessages reads, keeping their paths; skip what it would skip."""
    for dirpath, dirnames, filenames in os.walk(source):
        relative = Path(dirpath).relative_to(source)
        dirnames[:] = [
            name
            for name in dirnames
            if not name.startswith(".")
            and name != "__pycache__"
            and not (relative == Path(".") and name in ignored)
        ]
        for name in filenames:
            if Path(name).suffix in EXTENSIONS and not name.startswith("."):
                (target / relative).mkdir(parents=True, exist_ok=True)
                shutil.copyfile(Path(dirpath) / name, target / relative / name)


def message_ids(po: polib.POFile) -> set[tuple[str | None, str, str]]:
    return {(e.msgctxt, e.msgid, e.msgid_plural) for e in po if not e.obsolete}


def describe(message_id: tuple[str | None, str, str]) -> str:
    msgctxt, msgid, msgid_plural = message_id
    text = repr(msgid)
    if msgid_plural:
        text += f" / plural {msgid_plural!r}"
    if msgctxt is not None:
        text += f" (context {msgctxt!r})"
    return text


@pytest.mark.parametrize("name", EXTRACTIONS)
def test_catalogues_hold_the_message_ids_of_the_code(name, tmp_path, monkeypatch):
    """`makemessages` on the code would neither add, change nor remove a message id.

    Catches e.g. a new `_("…")` string (or an edited one) committed without running
    `make messages`: it would be shown untranslated. Extracts from a copy of the sources into
    a temporary locale directory, so the working tree is never written to.
    """
    if not (shutil.which("xgettext") and shutil.which("msguniq")):
        pytest.fail("GNU gettext is missing: apt-get install gettext (`make test` installs it)")
    source, ignored = EXTRACTIONS[name]
    copy_sources(source, tmp_path, ignored)
    (tmp_path / "locale").mkdir()
    monkeypatch.chdir(tmp_path)
    # No LOCALE_PATHS: the project's locale/ must not receive the template (.pot).
    with override_settings(LOCALE_PATHS=[]):
        call_command(
            "makemessages",
            locale=["fa"],
            keep_pot=True,
            ignore_patterns=list(ignored),
            verbosity=0,
        )
    code = message_ids(polib.pofile(str(tmp_path / "locale/django.pot")))

    drift = []
    for po_path in sorted((source / "locale").glob("*/LC_MESSAGES/django.po")):
        committed = message_ids(polib.pofile(str(po_path)))
        drift += [
            f"{po_path.relative_to(ROOT)}: {sign} {describe(message_id)}"
            for sign, ids in (("missing", code - committed), ("not in the code", committed - code))
            for message_id in sorted(ids, key=lambda i: (i[1], i[0] or "", i[2]))
        ]
    if drift:
        pytest.fail(
            "the catalogues differ from the code (run `make messages`, then translate):\n"
            + "\n".join(drift),
            pytrace=False,
        )
