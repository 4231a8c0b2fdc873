"""Write the Persian translations kept in ``tools/translations/*.py`` into .po catalogues.

A translator's helper, not used at run time. The dictionaries (``FA``, ``FA_PLURAL``) are the
source of truth: every entry they name is set from them, fuzzy guesses by msgmerge included.
Entries no dictionary names are reported, and the command exits 1 if there are any.

    python tools/fill_po.py eservices/locale/fa/LC_MESSAGES/django.po \
        locale/fa/LC_MESSAGES/django.po
"""

import runpy
import sys
from pathlib import Path

import polib

TRANSLATIONS = Path(__file__).parent / "translations"


def load() -> tuple[dict[str, str], dict[str, str]]:
    single: dict[str, str] = {}
    plural: dict[str, str] = {}
    for path in sorted(TRANSLATIONS.glob("*.py")):
        data = runpy.run_path(str(path))
        single.update(data.get("FA", {}))
        plural.update(data.get("FA_PLURAL", {}))
    return single, plural


def main(*po_paths: str) -> int:
    single, plural = load()
    missing = []
    for path in po_paths:
        po = polib.pofile(path)
        for entry in po:
            # An entry no dictionary names is cleared, never left with msgmerge's fuzzy guess:
            # a wrong guess can carry other placeholders and break at run time.
            if entry.msgid_plural:
                if entry.msgid in plural:
                    entry.msgstr_plural = {0: plural[entry.msgid], 1: plural[entry.msgid]}
                else:
                    entry.msgstr_plural = {0: "", 1: ""}
                    missing.append(entry.msgid)
            elif entry.msgid in single:
                entry.msgstr = single[entry.msgid]
            else:
                entry.msgstr = ""
                missing.append(entry.msgid)
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = None
            entry.previous_msgid_plural = None
        po.save(path)
    for msgid in missing:
        print("untranslated:", msgid)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
