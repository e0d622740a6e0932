from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from periscolaire_rules import documents as d
from periscolaire_rules.errors import RuleError

TODAY = date(2025, 3, 10)

DOSSIER = d.DocumentType("dossier", "DOSSIER INSCRIPTION", d.MemberKind.CHILD, blocking=True)
PHOTO = d.DocumentType("photo", "PHOTO", d.MemberKind.CHILD, blocking=False)
ASSURANCE = d.DocumentType("assurance", "ASSURANCE", d.MemberKind.CHILD, blocking=True)
QF = d.DocumentType("qf", "ATTESTATION QF", d.MemberKind.REFERENT, blocking=False)
DOMICILE = d.DocumentType("domicile", "JUSTIF DE DOMICILE", d.MemberKind.REFERENT, blocking=True)

PARENT = d.Member("ref", "DURAND PIERRE", d.MemberKind.REFERENT)
SEVERINE = d.Member(1, "DURAND SEVERINE", d.MemberKind.CHILD)
VICTOR = d.Member(2, "DURAND VICTOR", d.MemberKind.CHILD)


def validated(on, expiry=None):
    return d.DocumentStatus(d.DocumentState.VALIDATED, validated_on=on, expiry_date=expiry)


# --- validity -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "day, expected",
    [
        (date(2025, 2, 18), date(2025, 8, 31)),
        (date(2025, 8, 31), date(2025, 8, 31)),
        (date(2025, 9, 1), date(2026, 8, 31)),
        (date(2025, 12, 31), date(2026, 8, 31)),
        (date(2026, 1, 1), date(2026, 8, 31)),
    ],
)
def test_school_year_ends_before_first_of_september(day, expected):
    assert d.school_year_end(day) == expected


@pytest.mark.parametrize(
    "day, expected",
    [
        (date(2025, 2, 18), date(2025, 8, 31)),
        (date(2025, 6, 30), date(2025, 8, 31)),
        # Papers filed over the summer are for the coming school year.
        (date(2025, 7, 1), date(2026, 8, 31)),
        (date(2025, 8, 31), date(2026, 8, 31)),
        (date(2025, 9, 1), date(2026, 8, 31)),
    ],
)
def test_school_year_document_validity(day, expected):
    assert d.compute_expiry_date(d.Validity.SCHOOL_YEAR, day) == expected


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (date(2026, 1, 15), 12, date(2027, 1, 14)),
        (date(2025, 1, 31), 1, date(2025, 2, 27)),  # 28 Feb 2025 is the "same date", minus one day
        (date(2024, 1, 31), 1, date(2024, 2, 28)),  # leap year: 29 Feb minus one day
        (date(2025, 11, 30), 3, date(2026, 2, 27)),
        (date(2025, 3, 1), 6, date(2025, 8, 31)),
    ],
)
def test_validity_in_months_ends_the_day_before(day, months, expected):
    assert d.compute_expiry_date(d.Validity.MONTHS, day, months) == expected


def test_permanent_documents_never_expire():
    assert d.compute_expiry_date(d.Validity.PERMANENT, TODAY) is None
    assert (
        d.effective_state(d.DocumentState.VALIDATED, None, date(2099, 1, 1))
        == d.DocumentState.VALIDATED
    )


@pytest.mark.parametrize("months", [0, -1, None])
def test_months_validity_needs_positive_months(months):
    with pytest.raises(RuleError, match="nombre de mois positif"):
        d.compute_expiry_date(d.Validity.MONTHS, TODAY, months)


def test_unknown_validity_is_rejected():
    with pytest.raises(RuleError, match="forever"):
        d.compute_expiry_date("forever", TODAY)


def test_states_read_from_odoo_strings_come_out_as_enum_members():
    """Odoo stores the codes as plain strings; the core answers with its enums."""
    assert d.effective_state("to_check", None, TODAY) is d.DocumentState.TO_CHECK
    assert d.effective_state("validated", TODAY, TODAY + timedelta(days=1)) is (
        d.DocumentState.EXPIRED
    )
    cell = d.make_cell(d.DocumentStatus("refused", refuse_reason="Illisible"), TODAY)
    assert cell.state is d.DocumentState.REFUSED
    assert cell.label == "Refusé : Illisible"


def test_unknown_state_is_rejected():
    with pytest.raises(RuleError, match="lost"):
        d.effective_state("lost", None, TODAY)


def test_dates_in_labels_use_the_portals_short_format():
    expiry = date(2025, 3, 31)
    assert d.cell_label(d.DocumentState.VALIDATED, TODAY, expiry_date=expiry) == (
        "Expire le : 31/03/25"
    )


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
    st.integers(min_value=1, max_value=120),
)
def test_add_months_lands_in_the_right_month(day, months):
    moved = d.add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day <= day.day
    # clamped only when the target month is too short
    assert moved.day == day.day or (moved + timedelta(days=1)).day == 1


# --- expiry, reminder, blocking -------------------------------------------------------------------


def test_validated_document_expires_the_day_after_its_last_valid_day():
    expiry = date(2025, 8, 31)
    assert d.effective_state(d.DocumentState.VALIDATED, expiry, expiry) == d.DocumentState.VALIDATED
    assert (
        d.effective_state(d.DocumentState.VALIDATED, expiry, expiry + timedelta(days=1))
        == d.DocumentState.EXPIRED
    )


def test_missing_document_counts_as_to_provide():
    assert d.effective_state(None, None, TODAY) == d.DocumentState.TO_PROVIDE


@pytest.mark.parametrize("days_left, expiring", [(-1, False), (0, True), (30, True), (31, False)])
def test_expiring_window_is_thirty_days(days_left, expiring):
    expiry = TODAY + timedelta(days=days_left)
    assert d.is_expiring(d.DocumentState.VALIDATED, expiry, TODAY) is expiring


def test_only_validated_documents_are_expiring():
    expiry = TODAY + timedelta(days=5)
    for state in (
        d.DocumentState.TO_CHECK,
        d.DocumentState.REFUSED,
        d.DocumentState.TO_PROVIDE,
        d.DocumentState.EXPIRED,
    ):
        assert not d.is_expiring(state, expiry, TODAY)


def test_reminder_is_due_once_per_expiry_date():
    expiry = TODAY + timedelta(days=20)
    assert d.reminder_due(d.DocumentState.VALIDATED, expiry, TODAY)
    assert not d.reminder_due(d.DocumentState.VALIDATED, expiry, TODAY, reminded_for=expiry)
    # renewed document with a later expiry: a new reminder when its turn comes
    later = expiry + timedelta(days=365)
    assert d.reminder_due(
        d.DocumentState.VALIDATED, later, later - timedelta(days=10), reminded_for=expiry
    )
    assert not d.reminder_due(d.DocumentState.VALIDATED, later, TODAY, reminded_for=expiry)


@pytest.mark.parametrize(
    "state, expiry, blocks",
    [
        (None, None, True),
        (d.DocumentState.TO_PROVIDE, None, True),
        (d.DocumentState.REFUSED, None, True),
        (d.DocumentState.EXPIRED, date(2025, 1, 1), True),
        (
            d.DocumentState.VALIDATED,
            TODAY - timedelta(days=1),
            True,
        ),  # not yet marked by the daily action
        (d.DocumentState.VALIDATED, TODAY, False),
        (d.DocumentState.VALIDATED, None, False),
        (d.DocumentState.TO_CHECK, None, False),
    ],
)
def test_blocking_states(state, expiry, blocks):
    assert d.is_blocking(state, expiry, TODAY) is blocks


# --- labels -------------------------------------------------------------------------------------


def test_labels_of_the_parents_guide():
    assert (
        d.cell_label(
            d.DocumentState.VALIDATED,
            TODAY,
            validated_on=date(2025, 2, 18),
            expiry_date=date(2025, 8, 31),
        )
        == "Validé le : 18/02/25"
    )
    assert d.cell_label(d.DocumentState.TO_PROVIDE, TODAY) == "À fournir"
    assert d.cell_label(None, TODAY) == "À fournir"
    assert (
        d.cell_label(d.DocumentState.REFUSED, TODAY, refuse_reason="Photo illisible")
        == "Refusé : Photo illisible"
    )
    assert d.cell_label(d.DocumentState.REFUSED, TODAY, refuse_reason="  ") == "Refusé"
    assert d.cell_label(d.DocumentState.TO_CHECK, TODAY) == "En cours de vérification"


def test_expiring_and_expired_labels():
    soon = TODAY + timedelta(days=12)
    assert (
        d.cell_label(
            d.DocumentState.VALIDATED, TODAY, validated_on=date(2024, 9, 2), expiry_date=soon
        )
        == f"Expire le : {soon:%d/%m/%y}"
    )
    past = TODAY - timedelta(days=1)
    assert (
        d.cell_label(
            d.DocumentState.VALIDATED, TODAY, validated_on=date(2024, 3, 9), expiry_date=past
        )
        == f"Expiré le : {past:%d/%m/%y}"
    )
    assert (
        d.cell_label(d.DocumentState.EXPIRED, TODAY, expiry_date=past)
        == f"Expiré le : {past:%d/%m/%y}"
    )


# --- alert table ----------------------------------------------------------------------------------


def test_alert_table_rows_are_types_and_columns_members():
    statuses = {
        ("dossier", 1): validated(date(2025, 2, 18), date(2025, 8, 31)),
        ("dossier", 2): validated(date(2025, 2, 18), date(2025, 8, 31)),
        ("photo", 1): validated(date(2025, 2, 17)),
        ("photo", 2): d.DocumentStatus(d.DocumentState.REFUSED, refuse_reason="Photo floue"),
    }
    table = d.alert_table([DOSSIER, PHOTO, QF], [PARENT, SEVERINE, VICTOR], statuses, TODAY)

    assert [m.name for m in table.columns] == ["DURAND PIERRE", "DURAND SEVERINE", "DURAND VICTOR"]
    labels = {row.type.name: [c.label if c else None for c in row.cells] for row in table.rows}
    assert labels == {
        "DOSSIER INSCRIPTION": [None, "Validé le : 18/02/25", "Validé le : 18/02/25"],
        "PHOTO": [None, "Validé le : 17/02/25", "Refusé : Photo floue"],
        "ATTESTATION QF": ["À fournir", None, None],
    }
    # refused photo + missing QF attestation
    assert table.alert_count == 2


def test_members_without_any_type_get_no_column():
    table = d.alert_table([DOSSIER, PHOTO], [PARENT, SEVERINE], {}, TODAY)
    assert [m.key for m in table.columns] == [1]
    assert all(len(row.cells) == 1 for row in table.rows)


def test_alert_cells_flag_what_needs_an_upload():
    statuses = {
        ("dossier", 1): validated(date(2024, 9, 5), TODAY + timedelta(days=3)),  # expiring
        ("photo", 1): d.DocumentStatus(d.DocumentState.TO_CHECK),
        ("assurance", 1): validated(date(2024, 9, 5), TODAY + timedelta(days=90)),
    }
    table = d.alert_table([DOSSIER, PHOTO, ASSURANCE], [SEVERINE], statuses, TODAY)
    flags = {row.type.key: (row.cells[0].needs_upload, row.cells[0].is_alert) for row in table.rows}
    assert flags == {"dossier": (True, True), "photo": (False, False), "assurance": (False, False)}
    assert table.alert_count == 1


def test_blocking_documents_ignore_non_blocking_types_and_other_targets():
    statuses = {
        ("dossier", 1): validated(date(2025, 2, 18), date(2025, 8, 31)),
        ("dossier", 2): d.DocumentStatus(d.DocumentState.REFUSED, refuse_reason="Incomplet"),
        ("assurance", 2): validated(date(2024, 2, 18), date(2024, 8, 31)),
        ("domicile", "ref"): d.DocumentStatus(d.DocumentState.TO_CHECK),
    }
    types = [DOSSIER, PHOTO, ASSURANCE, QF, DOMICILE]
    blockers = d.blocking_documents(types, [PARENT, SEVERINE, VICTOR], statuses, TODAY)

    assert [(b.type.key, b.member.key, b.state) for b in blockers] == [
        ("dossier", 2, d.DocumentState.REFUSED),
        ("assurance", 1, d.DocumentState.TO_PROVIDE),
        ("assurance", 2, d.DocumentState.EXPIRED),
    ]
    assert (
        blockers[0].message == "DOSSIER INSCRIPTION (DURAND VICTOR) : refusé, à fournir de nouveau"
    )


def test_nothing_blocks_when_every_blocking_document_is_valid():
    statuses = {
        ("dossier", 1): validated(date(2025, 2, 18), date(2025, 8, 31)),
        ("assurance", 1): validated(date(2025, 2, 18), date(2025, 8, 31)),
    }
    assert d.blocking_documents([DOSSIER, PHOTO, ASSURANCE], [SEVERINE], statuses, TODAY) == []


# --- which documents accept a new file ------------------------------------------------------------


@pytest.mark.parametrize(
    "status, accepted",
    [
        (None, True),
        (d.DocumentStatus(d.DocumentState.TO_PROVIDE), True),
        (d.DocumentStatus(d.DocumentState.REFUSED, refuse_reason="Illisible"), True),
        (d.DocumentStatus(d.DocumentState.EXPIRED, expiry_date=TODAY - timedelta(days=3)), True),
        (validated(TODAY - timedelta(days=300), TODAY + timedelta(days=30)), True),
        (validated(TODAY - timedelta(days=300), TODAY - timedelta(days=1)), True),
        (validated(TODAY - timedelta(days=300), TODAY + timedelta(days=31)), False),
        (validated(TODAY), False),
        (d.DocumentStatus(d.DocumentState.TO_CHECK), False),
    ],
)
def test_accepts_upload_is_the_cells_upload_button(status, accepted):
    state = status.state if status else None
    expiry = status.expiry_date if status else None
    assert d.accepts_upload(state, expiry, TODAY) is accepted
    assert d.make_cell(status, TODAY).needs_upload is accepted


def test_size_label():
    assert d.size_label() == "10 Mo"
    assert d.size_label(d.MAX_FILE_SIZE) == "10 Mo"
    assert d.size_label(1536 * 1024) == "1,5 Mo"
