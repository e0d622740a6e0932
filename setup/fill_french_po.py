"""Fill the empty translations of a French .po file exported by Odoo.

Our addons are written in French: a term that has no French text yet is its own translation.
Used by setup/update_translations.sh; prints how many terms it filled.
"""

import sys

import polib


def fill(path):
    po = polib.pofile(path)  # wrapped at 78 columns, as Odoo writes it
    po.metadata["Language"] = "fr"
    po.metadata["Plural-Forms"] = "nplurals=2; plural=(n > 1);"
    filled = 0
    for entry in po:
        if not entry.msgstr and not entry.msgid_plural:
            entry.msgstr = entry.msgid
            filled += 1
    po.save(path)
    return filled


if __name__ == "__main__":
    for po_path in sys.argv[1:]:
        sys.stdout.write(f"{po_path}: {fill(po_path)} term(s) filled from the French source\n")
