"""PES texts: postal form, civilities, last and first names, amounts."""

from decimal import Decimal

import pytest
from periscolaire_pes_helios import text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12 rue de l'Église", "12 RUE DE L'EGLISE"),
        ("  Hettange-Grande\n", "HETTANGE-GRANDE"),
        ("Cœur  de   Ville", "COEUR DE VILLE"),
        ("x" * 50, "X" * 38),
        (None, ""),
    ],
)
def test_postal_is_upper_case_without_accents_on_38_characters(value, expected):
    assert text.postal(value) == expected


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        (("Madame", "Mme"), "MME"),
        ((False, "Mme"), "MME"),
        (("Monsieur",), "M"),
        (("Mister", "M."), "M"),
        (("Doctor", "Dr."), None),
        ((), None),
    ],
)
def test_civility_of_partner_titles(labels, expected):
    assert text.civility(*labels) == expected


@pytest.mark.parametrize(
    ("full_name", "family_name", "expected"),
    [
        ("Julie DURAND", "DURAND", ("DURAND", "Julie")),
        ("DURAND Julie", None, ("DURAND", "Julie")),
        ("Jean-Marc de la FONTAINE", "de la Fontaine", ("de la Fontaine", "Jean-Marc")),
        ("Anne-Sophie MULLER-KLEIN", "MULLER", ("MULLER-KLEIN", "Anne-Sophie")),
        ("julie durand", "DURAND", ("DURAND", "julie")),
        ("JULIE DURAND", None, None),
        ("julie durand", None, None),
        ("DURAND", "DURAND", None),
    ],
)
def test_split_name(full_name, family_name, expected):
    assert text.split_name(full_name, family_name) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Decimal("11.5"), "11.50"), (Decimal("0.005"), "0.01"), (Decimal(138), "138.00")],
)
def test_amount_has_two_decimals(value, expected):
    assert text.amount(value) == expected


def test_french_zip_is_five_digits():
    assert text.is_french_zip("57330")
    assert not text.is_french_zip("5733")
    assert not text.is_french_zip("L-5751")
