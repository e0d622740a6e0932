"""Hours declared to the CAF: kind of accueil, age band, caps, summary."""

from datetime import date
from decimal import Decimal

import pytest
from periscolaire_rules.caf import (
    EXCLUDED,
    AccueilKind,
    AgeBand,
    CafCaps,
    Slot,
    accueil_kind,
    age_band,
    caf_lines,
    day_minutes,
    hours_label,
    summarise,
)
from periscolaire_rules.errors import RuleError

D = Decimal
# 2026: Monday 9 March, Wednesday 11 March (school weeks, zone B);
# Wednesday 15 April is in the spring holidays of zone B.
MONDAY = date(2026, 3, 9)
WEDNESDAY = date(2026, 3, 11)
HOLIDAY_WEDNESDAY = date(2026, 4, 15)
SATURDAY = date(2026, 3, 14)
LEA_BIRTH = date(2020, 3, 20)  # 6 on 20 March 2026
TOM_BIRTH = date(2017, 1, 2)


def slot(key, day=MONDAY, start=16.0, end=17.0, child="lea", birth=LEA_BIRTH, **values):
    kind = values.pop("kind", accueil_kind(day, False))
    return Slot(
        key=key,
        child_id=child,
        birth_date=birth,
        day=day,
        site_id=values.pop("site", "europa"),
        kind=kind,
        hour_start=start,
        hour_end=end,
        **values,
    )


@pytest.mark.parametrize(
    ("day", "holidays", "setting", "kind"),
    [
        (MONDAY, False, "auto", AccueilKind.PERISCOLAIRE),
        (WEDNESDAY, False, "auto", AccueilKind.MERCREDI),
        (HOLIDAY_WEDNESDAY, True, "auto", AccueilKind.EXTRASCOLAIRE),
        (SATURDAY, False, "auto", AccueilKind.EXTRASCOLAIRE),
        (MONDAY, False, "extrascolaire", AccueilKind.EXTRASCOLAIRE),
        (WEDNESDAY, False, EXCLUDED, None),
    ],
)
def test_kind_of_accueil_of_a_day(day, holidays, setting, kind):
    assert accueil_kind(day, holidays, setting) == kind


def test_unknown_kind_setting_is_refused():
    with pytest.raises(RuleError, match="inconnu"):
        accueil_kind(MONDAY, False, "garderie")


def test_age_band_on_the_day_of_the_slot():
    assert age_band(LEA_BIRTH, date(2026, 3, 19)) == AgeBand.UNDER_SIX
    assert age_band(LEA_BIRTH, date(2026, 3, 20)) == AgeBand.SIX_AND_OVER
    with pytest.raises(RuleError):
        age_band(None, MONDAY)


def test_a_child_counts_for_the_hours_of_the_slot_attended():
    lines = caf_lines([slot(1, start=7.0, end=8.5, attended=True, billed=True)])
    assert [(line.hours_attended, line.hours_billed) for line in lines] == [(D("1.5"), D("1.5"))]


def test_absences_never_count_but_stay_billed():
    lines = caf_lines(
        [
            slot(1, start=7.0, end=8.5, attended=False, billed=True),  # absent, not justified
            slot(2, start=11.75, end=13.5, attended=True, billed=True, has_meal=True),
            slot(3, start=16.0, end=17.0, attended=False, billed=False),  # justified absence
        ]
    )
    assert len(lines) == 1
    assert lines[0].hours_attended == D("1.75")
    assert lines[0].hours_billed == D("3.25")
    assert lines[0].slot_keys == (1, 2)  # the justified absence is not part of it


def test_overlapping_slots_of_a_day_count_once():
    minutes, raw = day_minutes(
        AccueilKind.PERISCOLAIRE, [(960, 1020, False), (990, 1080, False)], CafCaps()
    )
    assert (minutes, raw) == (120, 120)


def test_wednesday_with_meal_is_capped_at_nine_hours():
    line = caf_lines(
        [slot(1, day=WEDNESDAY, start=7.5, end=18.0, has_meal=True, attended=True, billed=True)]
    )[0]
    assert line.kind == AccueilKind.MERCREDI
    assert (line.attended_raw_minutes, line.attended_minutes) == (630, 540)
    assert line.hours_attended == D(9) == line.hours_billed


def test_wednesday_half_days_without_meal_are_capped_at_four_hours_each():
    morning_and_afternoon = [(7 * 60 + 30, 12 * 60 + 30, False), (13 * 60 + 30, 18 * 60, False)]
    # morning 7:30-12:00 = 4:30 → 4 h; afternoon 12:00-12:30 and 13:30-18:00 = 5 h → 4 h
    assert day_minutes(AccueilKind.MERCREDI, morning_and_afternoon, CafCaps()) == (480, 570)
    assert day_minutes(AccueilKind.MERCREDI, [(480, 690, False)], CafCaps()) == (210, 210)


def test_caps_are_settings():
    caps = CafCaps(wednesday_day_with_meal=10, wednesday_half_day=D("3.5"))
    line = caf_lines(
        [slot(1, day=WEDNESDAY, start=7.5, end=18.0, has_meal=True, attended=True)], caps
    )[0]
    assert line.hours_attended == D("10")
    assert day_minutes(AccueilKind.MERCREDI, [(480, 720, False)], caps)[0] == 210
    with pytest.raises(RuleError):
        CafCaps(wednesday_half_day=0)


def test_holiday_wednesday_is_not_capped():
    line = caf_lines(
        [
            slot(
                1,
                day=HOLIDAY_WEDNESDAY,
                kind=accueil_kind(HOLIDAY_WEDNESDAY, True),
                start=7.5,
                end=18.0,
                has_meal=True,
                attended=True,
            )
        ]
    )[0]
    assert (line.kind, line.hours_attended) == (AccueilKind.EXTRASCOLAIRE, D("10.5"))


def test_excluded_activities_and_idle_slots_make_no_line():
    assert caf_lines([slot(1, kind=None, attended=True), slot(2, attended=False)]) == []


def test_slot_ending_before_it_starts_is_refused():
    with pytest.raises(RuleError, match="heure de fin"):
        slot(1, start=17.0, end=16.0)


def test_summary_per_accueil_month_and_age_band():
    lines = caf_lines(
        [
            # Léa is 5 until 19 March, 6 from 20 March 2026
            slot(1, day=date(2026, 3, 9), attended=True, billed=True),
            slot(2, day=date(2026, 3, 10), attended=True, billed=True),
            slot(3, day=date(2026, 3, 23), attended=True, billed=True),
            slot(4, day=date(2026, 3, 9), child="tom", birth=TOM_BIRTH, attended=True),
            slot(5, day=date(2026, 3, 10), child="tom", birth=TOM_BIRTH, billed=True),
            slot(6, day=date(2026, 4, 1), child="tom", birth=TOM_BIRTH, billed=True),
            slot(7, day=date(2026, 3, 9), site="soetrich", child="tom", birth=TOM_BIRTH,
                 attended=True),
        ]
    )  # fmt: skip
    rows = [
        (r.site_id, r.kind, r.month, r.age_band, r.hours_attended, r.hours_billed, r.children)
        for r in summarise(lines)
    ]
    periscolaire, mercredi = AccueilKind.PERISCOLAIRE, AccueilKind.MERCREDI
    under, over = AgeBand.UNDER_SIX, AgeBand.SIX_AND_OVER
    assert rows == [
        ("europa", periscolaire, date(2026, 3, 1), under, D(2), D(2), 1),
        ("europa", periscolaire, date(2026, 3, 1), over, D(2), D(2), 2),
        # Tom was billed but absent on 1 April: hours billed, no child counted
        ("europa", mercredi, date(2026, 4, 1), over, D(0), D(1), 0),
        ("soetrich", periscolaire, date(2026, 3, 1), over, D(1), D(0), 1),
    ]


def test_hours_label_rounds_to_the_hundredth():
    assert hours_label(D(20) / 60 + 12) == "12,33"
    assert hours_label(D("9")) == "9,00"
