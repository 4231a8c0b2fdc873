"""Fill empty msgstr entries of a .po file from a Python dict file (FA, FA_PLURAL).

A translator's helper, not used at run time:
    python tools/fill_po.py translations.py eservices/locale/fa/LC_MESSAGES/django.po
Reports the msgids it could not fill.
"""

import runpy
import sys

import polib


def main(source: str, *po_paths: str) -> int:
    data = runpy.run_path(source)
    single, plural = data.get("FA", {}), data.get("FA_PLURAL", {})
    missing = []
    for path in po_paths:
        po = polib.pofile(path)
        for entry in po:
            if entry.msgid_plural:
                if not any(entry.msgstr_plural.values()) and entry.msgid in plural:
                    entry.msgstr_plural = {0: plural[entry.msgid], 1: plural[entry.msgid]}
                if not any(entry.msgstr_plural.values()):
                    missing.append(entry.msgid)
            else:
                if not entry.msgstr and entry.msgid in single:
                    entry.msgstr = single[entry.msgid]
                if not entry.msgstr:
                    missing.append(entry.msgid)
            if "fuzzy" in entry.flags and (entry.msgstr or any(entry.msgstr_plural.values())):
                entry.flags.remove("fuzzy")
        po.save(path)
    for msgid in missing:
        print("untranslated:", msgid)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
