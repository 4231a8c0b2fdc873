"""The Persian catalogues are complete and their compiled .mo files are up to date."""

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).parents[2]
CATALOGUES = [
    ROOT / "locale/fa/LC_MESSAGES/django.po",
    ROOT / "eservices/locale/fa/LC_MESSAGES/django.po",
]


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_persian_catalogue_is_complete(po_path):
    po = polib.pofile(str(po_path))
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []


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
