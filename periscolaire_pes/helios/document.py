# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A PES V2 "aller" file of revenue titles (``PES_Aller`` / ``PES_RecetteAller``) built with lxml.

Two kinds of bordereau, one per file:

- ``ormc``: an ORMC bordereau (TypBord 06) of ORMC titles (TypPce 15, NatPce 01), one per
  invoice, mono-debtor, one line per budget imputation; with the "avis des sommes à payer" as an
  attached PDF (Edition 06, PJ type 010) when the Trésor sends them;
- ``reduction``: a bordereau of cancellations / reductions (TypBord 02) of corrective titles
  (TypPce 02, NatPce 06), each line tied to the line of the title it reduces (RattachPiece).

The element order and codes follow the DGFiP's schemas kept in ``../schemas`` (version 5.12).
"""

# pylint: disable=c-extension-no-member
import base64
import gzip
from dataclasses import dataclass
from decimal import Decimal

from lxml import etree

from . import text

NAMESPACE = "http://www.minefi.gouv.fr/cp/helios/pes_v2/Rev0/aller"
FILE_TYPES = {"ormc": "PESORMC", "reduction": "PESALR1"}
# (TypBord, TypPce, NatPce) of each kind of bordereau
TRIPLETS = {"ormc": ("06", "15", "01"), "reduction": ("02", "02", "06")}
EDITION_ASAP_ORMC = "06"  # "Avis des sommes à payer ORMC ENSU à éditer"
PJ_TYPE_ASAP_ORMC = "010"  # "Facture ASAP ORMC ENSU à éditer"


@dataclass(frozen=True)
class Collectivity:
    id_post: str
    id_coll: str
    cod_col: str
    cod_bud: str
    poste_label: str = ""
    budget_label: str = ""
    # Fonction is only allowed by the nomenclatures voted by function (M14, M52, M57, M71)
    with_function: bool = True


@dataclass(frozen=True)
class Debtor:
    reference: str
    civility: str
    last_name: str
    first_name: str
    street: str
    street2: str
    zip: str
    city: str
    country: str | None = None  # INSEE code of the country when the debtor lives abroad


@dataclass(frozen=True)
class Origin:
    """The title line that a reduction line reduces."""

    exercise: int
    piece: int
    line: int


@dataclass(frozen=True)
class Line:
    number: int
    label: str
    product_code: str
    nature: str
    fonction: str
    amount: Decimal
    origin: Origin | None = None


@dataclass(frozen=True)
class Attachment:
    unique_id: str
    file_name: str
    content: bytes
    description: str
    mimetype: str = "application/pdf"


@dataclass(frozen=True)
class Piece:
    number: int
    label: str
    debtor: Debtor
    lines: tuple
    service_code: str = ""
    attachment: Attachment | None = None


@dataclass(frozen=True)
class Bordereau:
    kind: str
    exercise: int
    number: int
    date: object
    label: str
    pieces: tuple

    @property
    def amount(self):
        return sum((line.amount for piece in self.pieces for line in piece.lines), Decimal(0))


def _value(parent, tag, value):
    """``<tag V="value"/>`` under ``parent``."""
    element = etree.SubElement(parent, tag)
    element.set("V", str(value))
    return element


def _optional(parent, tag, value):
    if value:
        _value(parent, tag, value)


def _envelope(root, bordereau, file_name, issuer):
    envelope = etree.SubElement(root, "Enveloppe")
    parameters = etree.SubElement(envelope, "Parametres")
    _value(parameters, "Version", 2)
    _value(parameters, "TypFic", FILE_TYPES[bordereau.kind])
    _value(parameters, "NomFic", text.clip(file_name, 100))
    sender = etree.SubElement(envelope, "Emetteur")
    _value(sender, "Sigle", text.clip(issuer[0], 32))
    _value(sender, "Adresse", text.clip(issuer[1], 38))


def _header(root, collectivity, created):
    header = etree.SubElement(root, "EnTetePES")
    _value(header, "DteStr", created.isoformat())
    _value(header, "IdPost", collectivity.id_post)
    _optional(header, "LibellePoste", text.clip(collectivity.poste_label, 38))
    _value(header, "IdColl", collectivity.id_coll)
    _value(header, "CodCol", collectivity.cod_col)
    _value(header, "CodBud", collectivity.cod_bud)
    _optional(header, "LibelleColBud", text.clip(collectivity.budget_label, 38))


def _debtor(parent, debtor):
    tiers = etree.SubElement(parent, "Tiers")
    info = etree.SubElement(tiers, "InfoTiers")
    _optional(info, "RefTiers", text.clip(debtor.reference, 30))
    _value(info, "CatTiers", "01")  # personne physique
    _value(info, "NatJur", "01")  # particulier
    _value(info, "TypTiers", "01")  # débiteur principal
    _optional(info, "Civilite", debtor.civility)
    _value(info, "Nom", text.postal(debtor.last_name))
    _optional(info, "Prenom", text.postal(debtor.first_name))
    address = etree.SubElement(tiers, "Adresse")
    _value(address, "TypAdr", "1")  # principale
    _value(address, "Adr2", text.postal(debtor.street))
    _optional(address, "Adr3", text.postal(debtor.street2))
    abroad = bool(debtor.country and debtor.country != text.COUNTRY_CODES["FR"])
    _value(address, "CP", "99999" if abroad else debtor.zip)
    city = f"{debtor.zip} {debtor.city}" if abroad else debtor.city
    _value(address, "Ville", text.postal(city))
    _value(address, "CodRes", "1" if abroad else "0")
    if abroad:
        _value(address, "CodPays", debtor.country)


def _line(parent, piece, line, collectivity):
    line_element = etree.SubElement(parent, "LigneDePiece")
    block = etree.SubElement(line_element, "BlocLignePiece")
    info = etree.SubElement(block, "InfoLignePiece")
    _value(info, "IdLigne", line.number)
    _optional(info, "ObjLignePce", text.clip(line.label, 160))
    _value(info, "CodProdLoc", line.product_code)
    _value(info, "Nature", line.nature)
    if collectivity.with_function:
        _optional(info, "Fonction", line.fonction)
    _value(info, "Majo", "0")
    _value(info, "TvaIntraCom", "0")
    _value(info, "MtHT", text.amount(line.amount))
    if line.origin:
        origin = etree.SubElement(block, "RattachPiece")
        _value(origin, "NatPceOrig", "01")  # a title
        _value(origin, "ExerRat", line.origin.exercise)
        _value(origin, "IdPceOrig", line.origin.piece)
        _value(origin, "IdLigneOrig", line.origin.line)
    _debtor(line_element, piece.debtor)


def _piece(parent, bordereau, piece, collectivity):
    _bord_type, piece_type, piece_nature = TRIPLETS[bordereau.kind]
    piece_element = etree.SubElement(parent, "Piece")
    block = etree.SubElement(piece_element, "BlocPiece")
    if bordereau.kind != "ormc":
        # an ORMC title carries the service at the line level in Hélios, not here
        _optional(block, "CodServ", text.clip(piece.service_code, 10))
    _value(block, "IdPce", piece.number)
    _value(block, "TypPce", piece_type)
    _value(block, "NatPce", piece_nature)
    if piece.attachment:
        _value(block, "Edition", EDITION_ASAP_ORMC)
    _optional(block, "ObjPce", text.clip(piece.label, 160))
    if piece.attachment:
        reference = etree.SubElement(block, "PJRef")
        _value(reference, "Support", "01")  # électronique
        _value(reference, "IdUnique", piece.attachment.unique_id)
        _value(reference, "NomPJ", piece.attachment.file_name)
        _value(reference, "TypePJ", PJ_TYPE_ASAP_ORMC)
    for line in piece.lines:
        _line(piece_element, piece, line, collectivity)


def _bordereau(parent, bordereau, collectivity):
    bord_type, _piece_type, _piece_nature = TRIPLETS[bordereau.kind]
    element = etree.SubElement(parent, "Bordereau")
    block = etree.SubElement(element, "BlocBordereau")
    _value(block, "Exer", bordereau.exercise)
    _value(block, "IdBord", bordereau.number)
    _value(block, "DteBordEm", bordereau.date.isoformat())
    _value(block, "TypBord", bord_type)
    _value(block, "NbrPce", len(bordereau.pieces))
    _value(block, "MtBordHt", text.amount(bordereau.amount))
    if bordereau.kind == "ormc":
        _optional(block, "Objet", text.clip(bordereau.label, 160))
    for piece in bordereau.pieces:
        _piece(element, bordereau, piece, collectivity)


def _attachments(root, pieces):
    attached = [piece.attachment for piece in pieces if piece.attachment]
    if not attached:
        return
    block = etree.SubElement(root, "PES_PJ")
    header = etree.SubElement(block, "EnTetePES_PJ")
    _value(header, "IdVer", 1)
    for attachment in attached:
        pj = etree.SubElement(block, "PJ")
        content = etree.SubElement(pj, "Contenu")
        data = etree.SubElement(content, "Fichier")
        data.set("MIMEType", attachment.mimetype)
        # gzip then base64, as the format asks; mtime 0 keeps the file reproducible
        data.text = base64.b64encode(gzip.compress(attachment.content, mtime=0)).decode()
        _value(pj, "IdUnique", attachment.unique_id)
        _value(pj, "NomPJ", attachment.file_name)
        _value(pj, "TypePJ", PJ_TYPE_ASAP_ORMC)
        _value(pj, "Description", text.clip(attachment.description, 250))


def build(collectivity, bordereau, file_name, issuer, created):
    """The PES V2 file (UTF-8 bytes) of one bordereau.

    ``issuer``: (name of the software's editor, name and version of the software);
    ``created``: the date of the file."""
    root = etree.Element(f"{{{NAMESPACE}}}PES_Aller", nsmap={"n": NAMESPACE})
    _envelope(root, bordereau, file_name, issuer)
    _header(root, collectivity, created)
    revenue = etree.SubElement(root, "PES_RecetteAller")
    header = etree.SubElement(revenue, "EnTeteRecette")
    _value(header, "IdVer", 2)
    _value(header, "InfoDematerialisee", "0")  # no electronic signature in this file
    _bordereau(revenue, bordereau, collectivity)
    _attachments(root, bordereau.pieces)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
