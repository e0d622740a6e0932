"""A PES V2 file built from plain data validates against the DGFiP's XSD; its errors name the
title and the element at fault."""

import base64
import gzip
from datetime import date
from decimal import Decimal

import pytest
from lxml import etree
from periscolaire_pes_helios import document, schema

ISSUER = ("Portail Familles", "Portail Familles 18.0.1.0.0")
DAY = date(2026, 4, 3)
TOWN = document.Collectivity(
    id_post="057012",
    id_coll="21570323100015",
    cod_col="123",
    cod_bud="00",
    poste_label="SGC Thionville",
    budget_label="Commune de Hettange-Grande",
)
DURAND = document.Debtor(
    reference="PF000001",
    civility="MME",
    last_name="DURAND",
    first_name="Julie",
    street="12 rue de l'Europe",
    street2="",
    zip="57330",
    city="Hettange-Grande",
)
MULLER_IN_LUXEMBOURG = document.Debtor(
    reference="PF000002",
    civility="M",
    last_name="MULLER",
    first_name="Hugues",
    street="4 rue du Fort",
    street2="Bâtiment B",
    zip="L-5751",
    city="Frisange",
    country="137",
)


def _lines(*amounts, origin=None):
    return tuple(
        document.Line(
            number=number,
            label=f"Ligne {number}",
            product_code=f"P{number}",
            nature="7067",
            fonction="281",
            amount=Decimal(amount),
            origin=origin and document.Origin(2026, origin, number),
        )
        for number, amount in enumerate(amounts, 1)
    )


def _ormc(*pieces):
    return document.Bordereau("ormc", 2026, 4, DAY, "Périscolaire mars 2026", pieces)


def _build(bordereau, town=TOWN):
    return document.build(town, bordereau, "PESORMC_TEST", ISSUER, DAY)


def _value(tree, xpath):
    return [element.get("V") for element in tree.xpath(xpath)]


def test_ormc_bordereau_validates_with_totals_and_codes():
    pieces = (
        document.Piece(
            12, "Périscolaire mars 2026 — Séverine, Victor", DURAND, _lines("138", "12.5")
        ),
        document.Piece(13, "Périscolaire mars 2026 — Hugo", MULLER_IN_LUXEMBOURG, _lines("40")),
    )
    content = _build(_ormc(*pieces))

    assert schema.validate(content) == []
    tree = etree.fromstring(content)
    assert _value(tree, "//TypFic") == ["PESORMC"]
    assert _value(tree, "//TypBord") == ["06"]
    assert _value(tree, "//NbrPce") == ["2"]
    assert _value(tree, "//MtBordHt") == ["190.50"]
    assert _value(tree, "//IdPce") == ["12", "13"]
    assert _value(tree, "//TypPce") == ["15", "15"]
    assert _value(tree, "//Piece[1]//MtHT") == ["138.00", "12.50"]
    # the debtor is on every line of a mono-debtor title
    assert _value(tree, "//Piece[1]//Nom") == ["DURAND", "DURAND"]
    assert _value(tree, "//Piece[2]//Adresse/CP") == ["99999"]
    assert _value(tree, "//Piece[2]//Adresse/Ville") == ["L-5751 FRISANGE"]
    assert _value(tree, "//Piece[2]//CodRes") == ["1"]
    assert _value(tree, "//Piece[2]//CodPays") == ["137"]
    assert _value(tree, "//Piece[1]//CodRes") == ["0", "0"]
    assert tree.xpath("//Piece[1]//CodPays") == []


def test_reduction_bordereau_ties_each_line_to_the_title_line():
    bordereau = document.Bordereau(
        "reduction",
        2026,
        1,
        DAY,
        "",
        (document.Piece(20, "Avoir", DURAND, _lines("11.5", origin=12), service_code="PERI"),),
    )
    content = _build(bordereau)

    assert schema.validate(content) == []
    tree = etree.fromstring(content)
    assert _value(tree, "//TypFic") == ["PESALR1"]
    assert _value(tree, "//TypBord") == ["02"]
    assert _value(tree, "//TypPce") == ["02"]
    assert _value(tree, "//NatPce") == ["06"]
    assert _value(tree, "//CodServ") == ["PERI"]
    assert _value(tree, "//RattachPiece/*") == ["01", "2026", "12", "1"]
    assert tree.xpath("//BlocBordereau/Objet") == []


def test_asap_is_attached_gzipped_and_announced_on_its_title():
    pdf = b"%PDF-1.4 avis des sommes a payer"
    asap = document.Attachment("21570323100015R2026T12V1", "ASAP_2026_12.pdf", pdf, "ASAP 12")
    piece = document.Piece(12, "Périscolaire", DURAND, _lines("10"), attachment=asap)
    content = _build(_ormc(piece))

    assert schema.validate(content) == []
    tree = etree.fromstring(content)
    assert _value(tree, "//BlocPiece/Edition") == ["06"]
    assert _value(tree, "//BlocPiece/PJRef/TypePJ") == ["010"]
    assert _value(tree, "//PES_PJ/PJ/IdUnique") == ["21570323100015R2026T12V1"]
    data = tree.xpath("//PES_PJ/PJ/Contenu/Fichier")[0]
    assert data.get("MIMEType") == "application/pdf"
    assert gzip.decompress(base64.b64decode(data.text)) == pdf


def test_without_function_nomenclature_no_fonction_is_sent():
    town = document.Collectivity("057012", "21570323100015", "123", "00", with_function=False)
    content = _build(_ormc(document.Piece(1, "x", DURAND, _lines("10"))), town)
    assert schema.validate(content) == []
    assert etree.fromstring(content).xpath("//Fonction") == []


@pytest.mark.parametrize(
    ("debtor_changes", "element"),
    [
        ({"street": ""}, "Adr2"),
        ({"city": ""}, "Ville"),
        ({"zip": "5733A"}, "CP"),
        ({"last_name": ""}, "Nom"),
    ],
)
def test_problem_names_the_title_and_the_element(debtor_changes, element):
    broken = document.Debtor(**{**DURAND.__dict__, **debtor_changes})
    pieces = (
        document.Piece(1, "ok", DURAND, _lines("10")),
        document.Piece(2, "broken", broken, _lines("10")),
    )
    problems = schema.validate(_build(_ormc(*pieces)))

    assert problems
    assert {(problem.piece, problem.element) for problem in problems} == {(2, element)}


def test_header_problem_has_no_title():
    town = document.Collectivity("12", "21570323100015", "123", "00")
    problems = schema.validate(_build(_ormc(document.Piece(1, "x", DURAND, _lines("10"))), town))

    assert [(p.piece, p.element, p.value) for p in problems][:1] == [(None, "IdPost", "12")]


def test_zero_amount_is_refused():
    problems = schema.validate(_build(_ormc(document.Piece(1, "x", DURAND, _lines("0")))))
    assert {problem.element for problem in problems} >= {"MtHT", "MtBordHt"}
