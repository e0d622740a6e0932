# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""How the PES V2 wants texts, names, addresses and amounts written."""

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

# INSEE codes (without the "99" prefix) of the countries a family of a Moselle border town may
# live in; CodPays is only served for a debtor living abroad (CodRes 1).
COUNTRY_CODES = {"FR": "100", "LU": "137", "DE": "109", "BE": "131", "CH": "140"}

_CIVILITIES = {
    "MME": "MME",
    "MADAME": "MME",
    "MRS": "MME",
    "MS": "MME",
    "M": "M",
    "MR": "M",
    "MONSIEUR": "M",
}


def clip(text, size):
    """``text`` on one line, spaces collapsed, cut to ``size`` characters."""
    return " ".join((text or "").split())[:size].strip()


def ascii_upper(text):
    """Upper case without accents, as postal addresses and names are written."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return plain.replace("Œ", "OE").replace("œ", "OE").replace("Æ", "AE").replace("æ", "AE").upper()


def postal(text, size=38):
    """A name or address line in postal form (upper case, no accents, 38 characters)."""
    return clip(ascii_upper(text), size)


def civility(*labels):
    """PES civility (``M`` or ``MME``) of the first label that names one (a partner title's
    name or shortcut: "Madame", "Mme", "Monsieur", "M."), ``None`` when none does."""
    for label in labels:
        key = re.sub(r"[^A-Z]", "", ascii_upper(label or ""))
        if key in _CIVILITIES:
            return _CIVILITIES[key]
    return None


def split_name(full_name, family_name=None):
    """``(last name, first name)`` of a person written "Julie DURAND" or "DURAND Julie".

    The last name is the family's name when the full name contains it, else the words written
    in capitals; ``None`` when the two cannot be told apart (both in capitals, or neither)."""
    words = (full_name or "").split()
    if family_name:
        family_words = family_name.split()
        size = len(family_words)
        for start in range(len(words) - size + 1):
            if [w.casefold() for w in words[start : start + size]] == [
                w.casefold() for w in family_words
            ]:
                rest = words[:start] + words[start + size :]
                if rest:
                    return " ".join(family_words), " ".join(rest)
    capitals = [w for w in words if w.isupper() and sum(c.isalpha() for c in w) > 1]
    others = [w for w in words if w not in capitals]
    if capitals and others:
        return " ".join(capitals), " ".join(others)
    return None


def amount(value):
    """A positive amount with two decimals and a dot: ``Decimal("11.5")`` → ``"11.50"``."""
    return str(Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def is_french_zip(value):
    return bool(re.fullmatch(r"[0-9]{5}", value or ""))
