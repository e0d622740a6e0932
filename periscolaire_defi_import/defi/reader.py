# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Read DEFI's "Portail Familles" spreadsheet export (xlsx), in plain Python.

Layout of the export (as documented by the public code that imports it, Noethysweb's
``outils/utils/utils_import_defi.py``): the first sheet, a header row naming the columns
(``col1`` … ``col5``), then one block of five rows per child:

===  ===============================================  ========================  ==============
row  col1                                             col4                      col5
===  ===============================================  ========================  ==============
1    ``DUPONT Léa née le : 12/03/2019``
2    ``Père : DUPONT Marc``                           ``Port.:06 12 34 56 78``  ``Trav.:03 8…``
3    ``Mère : DUPONT Anne`` (empty with one parent)   ``Port.:…``               ``Trav.:…``
4    street (``12 rue des Lilas``)
5    postcode and town (``57330 HETTANGE-GRANDE``)
===  ===============================================  ========================  ==============

Children living at the same address (street and town) form one family. Columns beyond
DEFI's ``col1``…``col5`` are read when the header names them (any case, accents ignored):
``Ecole``, ``Classe`` and ``Site`` on the child's row, ``Courriel`` (or ``Email``) on a
parent's row, and one column per document type (named as in the town's document types, e.g.
``VACCINS``) holding the state shown on DEFI's alert table: ``Validé le : 18/02/25``,
``À fournir``, ``Expiré le : 31/08/25``, ``Refusé : motif`` or ``En cours de vérification``.

Nothing here writes anywhere: :func:`read_export` returns the families found and the rows
refused, each with its French reason; a family with a refused row is refused whole, so that
nothing is ever half-imported.
"""

import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from zipfile import BadZipFile

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

CHILD_RE = re.compile(
    r"^(?P<last>.+?)\s+(?P<first>\S+)\s+(?P<gender>née|né|né\(e\))\s+le\s*:?\s*(?P<date>\S+)\s*$",
    re.IGNORECASE,
)
CHILD_HINT_RE = re.compile(r"\sn[ée]e?(\(e\))?\s+le\b", re.IGNORECASE)
GUARDIAN_RE = re.compile(r"^(?P<role>père|mère)\s*:\s*(?P<last>.+?)\s+(?P<first>\S+)\s*$", re.I)
POSTCODE_RE = re.compile(r"^(?P<zip>\d{5})\s+(?P<city>.+)$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
DATE_LABEL_RE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2,4})")
CLASS_LEVELS = {
    "ps": "ps",
    "petite section": "ps",
    "ms": "ms",
    "moyenne section": "ms",
    "gs": "gs",
    "grande section": "gs",
    "cp": "cp",
    "ce1": "ce1",
    "ce2": "ce2",
    "cm1": "cm1",
    "cm2": "cm2",
}
MAX_ROWS = 20000
MAX_TEXT = 256

TO_PROVIDE, TO_CHECK, VALIDATED, REFUSED, EXPIRED = (
    "to_provide",
    "to_check",
    "validated",
    "refused",
    "expired",
)


class DefiFileError(ValueError):
    """The file is no DEFI export (French message for the user)."""


def normalize(text):
    """Key to compare names: no accents, no case, single spaces, hyphens as spaces."""
    text = unicodedata.normalize("NFKD", str(text or ""))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(text.replace("-", " ").casefold().split())


def _text(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return " ".join(str(value).split())[:MAX_TEXT]


def _phone(text):
    """The number after DEFI's label (``Port.:``, ``Trav.:``): digits and + only."""
    number = text.split(":", 1)[1] if ":" in text else text
    digits = "".join(char for char in number if char.isdigit() or char == "+")
    return digits if len(digits) >= 6 else ""


def parse_day(text, today):
    """A ``date`` of ``dd/mm/yyyy`` (or ``dd/mm/yy``), else None."""
    match = DATE_LABEL_RE.search(text or "")
    if not match:
        return None
    day, month, year = (int(part) for part in match.groups())
    if year < 100:
        year += 2000 if 2000 + year <= today.year + 1 else 1900
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_document_state(text, today):
    """``(state, day, reason)`` of a DEFI alert-table cell, or None when unreadable.
    ``day`` is the validation date of a validated document, the expiry of an expired one."""
    key = normalize(text)
    if not key:
        return None
    if key.startswith("valide"):
        day = parse_day(text, today)
        return (VALIDATED, day, "") if day else None
    if key.startswith("expire"):
        day = parse_day(text, today)
        return (EXPIRED, day, "") if day else None
    if key.startswith("refuse"):
        reason = text.split(":", 1)[1].strip() if ":" in text else ""
        return REFUSED, None, reason
    if key.startswith("a fournir"):
        return TO_PROVIDE, None, ""
    if key.startswith("en cours de verification"):
        return TO_CHECK, None, ""
    return None


@dataclass
class Guardian:
    row: int
    last_name: str
    first_name: str
    gender: str  # "M" (père) or "F" (mère)
    mobile: str = ""
    work_phone: str = ""
    email: str = ""

    @property
    def name(self):
        return f"{self.first_name} {self.last_name}"


@dataclass
class Child:
    row: int
    last_name: str
    first_name: str
    birth_date: date
    school: str = ""
    class_level: str = ""
    site: str = ""
    #: normalized document type name → (state, day, reason)
    documents: dict = field(default_factory=dict)

    @property
    def name(self):
        return f"{self.last_name} {self.first_name}".upper()


@dataclass
class Family:
    street: str
    zip: str
    city: str
    guardians: list = field(default_factory=list)
    children: list = field(default_factory=list)

    @property
    def key(self):
        return normalize(self.street), normalize(self.city)

    @property
    def rows(self):
        return [item.row for item in self.guardians + self.children]

    @property
    def name(self):
        referent = self.guardians[0] if self.guardians else None
        return (referent.last_name if referent else self.children[0].last_name).upper()


@dataclass
class Refusal:
    row: int
    reason: str
    text: str = ""


@dataclass
class Export:
    families: list
    refusals: list

    @property
    def refused_rows(self):
        return {refusal.row for refusal in self.refusals}


def _rows(content):
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise DefiFileError(
            "Le fichier n'est pas un classeur Excel (.xlsx) lisible : exportez-le de nouveau "
            "depuis DEFI."
        ) from error
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for index, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if index > MAX_ROWS:
                raise DefiFileError(f"Le fichier dépasse {MAX_ROWS} lignes : découpez-le.")
            rows.append(values)
    finally:
        workbook.close()
    if not rows:
        raise DefiFileError("Le fichier est vide.")
    header = [normalize(value) for value in rows[0]]
    if "col1" not in header:
        raise DefiFileError(
            "La première ligne du fichier doit nommer les colonnes de l'export DEFI "
            "(col1, col2… col5)."
        )
    return header, list(enumerate(rows[1:], start=2))


def read_export(content, document_types=(), today=None):
    """Families and refused rows of a DEFI export given as bytes.

    :param document_types: names (or codes) of the town's document types: the columns of
        those names hold document states
    """
    today = today or date.today()
    header, rows = _rows(content)

    def cell(row, name):
        values = lines.get(row, ())
        if name not in header:
            return ""
        index = header.index(name)
        return _text(values[index]) if index < len(values) else ""

    lines = dict(rows)
    reader = _BlockReader(cell, {normalize(n) for n in document_types} & set(header), today)
    reader.email_column = "courriel" if "courriel" in header else "email"
    families: dict = {}
    refusals = []
    refused_keys = set()
    for index, _values in rows:
        if not CHILD_HINT_RE.search(cell(index, "col1")):
            continue
        key, result = reader.read_block(index)
        if isinstance(result, Refusal):
            refusals.append(result)
            if key:
                refused_keys.add(key)
            continue
        known = families.setdefault(key, result)
        if known is not result:
            known.children += result.children
            names = {(normalize(g.name), g.gender) for g in known.guardians}
            known.guardians += [
                g for g in result.guardians if (normalize(g.name), g.gender) not in names
            ]
    for key in refused_keys & set(families):
        family = families.pop(key)
        refusals += [
            Refusal(row, "Famille non importée : une autre de ses lignes est refusée.")
            for row in sorted(family.rows)
        ]
    return Export(list(families.values()), sorted(refusals, key=lambda refusal: refusal.row))


class _BlockReader:
    """Reads the block of one child: its row, the parents' rows, then the address."""

    email_column = "email"

    def __init__(self, cell, document_columns, today):
        self.cell = cell
        self.document_columns = sorted(document_columns)
        self.today = today

    def read_block(self, index):
        """``(family key or None, Family with this child or the Refusal of a wrong row)``."""
        guardian_rows = [
            row for row in (index + 1, index + 2) if GUARDIAN_RE.match(self.cell(row, "col1"))
        ]
        street = self.cell(index + 3, "col1")
        town = POSTCODE_RE.match(self.cell(index + 4, "col1"))
        if not street or not town:
            return None, Refusal(
                index + 3, "Adresse incomplète (rue, puis code postal et commune).", street
            )
        family = Family(street=street, zip=town["zip"], city=town["city"].strip().upper())
        if not guardian_rows:
            return family.key, Refusal(
                index, "Aucun responsable (« Père : » ou « Mère : ») sous l'enfant."
            )
        child = self._child(index)
        if isinstance(child, Refusal):
            return family.key, child
        for guardian_row in guardian_rows:
            guardian = self._guardian(guardian_row)
            if isinstance(guardian, Refusal):
                return family.key, guardian
            family.guardians.append(guardian)
        family.children.append(child)
        return family.key, family

    def _child(self, index):
        text = self.cell(index, "col1")
        match = CHILD_RE.match(text)
        if not match:
            return Refusal(
                index,
                "Ligne d'enfant illisible (attendu : « NOM Prénom né(e) le : jj/mm/aaaa »).",
                text,
            )
        birth_date = parse_day(match["date"], self.today)
        if not birth_date:
            return Refusal(index, "Date de naissance illisible.", text)
        if birth_date > self.today:
            return Refusal(index, "Date de naissance dans le futur.", text)
        class_text = self.cell(index, "classe")
        class_level = CLASS_LEVELS.get(normalize(class_text), "")
        if class_text and not class_level:
            return Refusal(index, f"Classe inconnue : « {class_text} ».", text)
        child = Child(
            row=index,
            last_name=match["last"].strip().upper(),
            first_name=match["first"].strip().title(),
            birth_date=birth_date,
            school=self.cell(index, "ecole"),
            class_level=class_level,
            site=self.cell(index, "site"),
        )
        for column in self.document_columns:
            state_text = self.cell(index, column)
            if not state_text:
                continue
            state = parse_document_state(state_text, self.today)
            if state is None:
                return Refusal(
                    index,
                    f"État du document « {column.upper()} » illisible : « {state_text} ».",
                    text,
                )
            child.documents[column] = state
        return child

    def _guardian(self, row):
        text = self.cell(row, "col1")
        match = GUARDIAN_RE.match(text)
        email = self.cell(row, self.email_column).lower()
        if email and not EMAIL_RE.match(email):
            return Refusal(row, f"Courriel invalide : « {email} ».", text)
        return Guardian(
            row=row,
            last_name=match["last"].strip().upper(),
            first_name=match["first"].strip().title(),
            gender="M" if normalize(match["role"]) == "pere" else "F",
            mobile=_phone(self.cell(row, "col4")),
            work_phone=_phone(self.cell(row, "col5")),
            email=email,
        )
