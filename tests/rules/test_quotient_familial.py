"""The QF fetched from the CAF or the MSA: identity, query, answer, validity."""

from datetime import date

import pytest
from periscolaire_rules.errors import RuleError
from periscolaire_rules.quotient_familial import (
    FetchedQf,
    Identity,
    identity_problems,
    is_siret,
    parse_quotient_familial,
    query_parameters,
    refresh_due_before,
    validity,
)

SIRET = "21570323100015"
BERNARD = Identity(
    birth_name="Bernard",
    first_names="Élodie Judith, Gertrude Marie",
    sex="F",
    birth_date=date(1990, 3, 18),
    birth_town_code="08480",
)


def test_complete_identity_gives_the_documented_query():
    assert query_parameters(BERNARD, SIRET) == [
        ("recipient", SIRET),
        ("nomNaissance", "BERNARD"),
        ("prenoms[]", "ÉLODIE"),
        ("prenoms[]", "JUDITH"),
        ("prenoms[]", "GERTRUDE"),  # at most three first names
        ("sexeEtatCivil", "F"),
        ("anneeDateNaissance", "1990"),
        ("moisDateNaissance", "3"),
        ("jourDateNaissance", "18"),
        ("codeCogInseePaysNaissance", "99100"),
        ("codeCogInseeCommuneNaissance", "08480"),
    ]


def test_birth_town_by_name_needs_department_and_birth_date():
    by_name = Identity("DURAND", "Julie", "F", date(1988, 6, 1), birth_town_name="Thionville")
    assert identity_problems(by_name) == [
        "la commune de naissance (code INSEE, ou nom, département et date de naissance)"
    ]
    complete = Identity(
        "DURAND",
        "Julie",
        "F",
        date(1988, 6, 1),
        birth_town_name="Thionville",
        birth_department="57",
    )
    params = dict(query_parameters(complete, SIRET))
    assert params["nomCommuneNaissance"] == "Thionville"
    assert params["codeCogInseeDepartementNaissance"] == "57"


def test_born_abroad_needs_no_birth_town():
    abroad = Identity("TOUNSI", "Houssem", "M", birth_country_code="99351")
    assert identity_problems(abroad) == []
    assert ("codeCogInseePaysNaissance", "99351") in query_parameters(abroad, SIRET)


def test_incomplete_identity_or_recipient_is_refused():
    assert identity_problems(Identity()) == [
        "le nom de naissance",
        "au moins un prénom",
        "le sexe (état civil)",
        "la commune de naissance (code INSEE, ou nom, département et date de naissance)",
    ]
    with pytest.raises(RuleError, match="incomplète"):
        query_parameters(Identity(birth_name="X"), SIRET)
    with pytest.raises(RuleError, match="SIRET"):
        query_parameters(BERNARD, "123")
    assert is_siret(SIRET)
    assert not is_siret("2157032310001A")


def test_answer_gives_value_provider_and_month():
    payload = {
        "data": {
            "quotient_familial": {
                "fournisseur": "CNAF",
                "valeur": 650,
                "annee": 2023,
                "mois": 6,
                "annee_calcul": 2024,
                "mois_calcul": 12,
            }
        },
        "links": {},
        "meta": {},
    }
    assert parse_quotient_familial(payload) == FetchedQf(
        650, "caf", date(2023, 6, 1), date(2024, 12, 1)
    )
    payload["data"]["quotient_familial"]["fournisseur"] = "MSA"
    assert parse_quotient_familial(payload).source == "msa"


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"data": {}},
        {"data": {"quotient_familial": {"valeur": "abc", "annee": 2024, "mois": 1}}},
    ],
)
def test_unreadable_answer_is_refused(payload):
    with pytest.raises(RuleError, match="illisible"):
        parse_quotient_familial(payload)


def test_validity_from_the_month_of_the_qf():
    assert validity(date(2026, 9, 1)) == (date(2026, 9, 1), date(2027, 8, 31))
    assert validity(date(2026, 2, 1), 6) == (date(2026, 2, 1), date(2026, 7, 31))
    with pytest.raises(RuleError):
        validity(date(2026, 2, 1), 0)


def test_refresh_once_a_year_before_expiry():
    assert refresh_due_before(date(2026, 11, 29)) == date(2025, 12, 29)
    assert refresh_due_before(date(2026, 3, 31)) == date(2025, 4, 30)
