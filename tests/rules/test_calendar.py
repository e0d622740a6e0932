"""Closed days: public holidays (France + Moselle), school holidays (zone B),
staff closures, and the days an activity runs."""

from datetime import date, timedelta

import pytest
from periscolaire_rules.calendar import (
    ActivitySpec,
    ClosedReason,
    Closure,
    ClosureReason,
    DayKind,
    HolidayRange,
    SchoolHolidays,
    TownCalendar,
    school_year_closed_periods,
)
from periscolaire_rules.errors import MissingSchoolCalendar, RuleError
from periscolaire_rules.public_holidays import (
    is_public_holiday,
    public_holiday_name,
    public_holidays,
)

CALENDAR = TownCalendar()

# Official French public holidays of 2026 (Easter Sunday: 5 April 2026).
NATIONAL_2026 = {
    date(2026, 1, 1),
    date(2026, 4, 6),  # Easter Monday
    date(2026, 5, 1),
    date(2026, 5, 8),
    date(2026, 5, 14),  # Ascension
    date(2026, 5, 25),  # Whit Monday
    date(2026, 7, 14),
    date(2026, 8, 15),
    date(2026, 11, 1),
    date(2026, 11, 11),
    date(2026, 12, 25),
}
MOSELLE_ONLY_2026 = {date(2026, 4, 3), date(2026, 12, 26)}


def school_activity(**overrides):
    values = {
        "id": "matin",
        "period_start": date(2024, 9, 2),
        "period_end": date(2026, 7, 3),
        "weekdays": ["mon", "tue", "thu", "fri"],
        "day_kind": DayKind.SCHOOL,
        "site_id": "EUROPA",
        "name": "1) MATIN ELE EUROPA",
    }
    values.update(overrides)
    return ActivitySpec(**values)


def test_moselle_public_holidays_2026():
    assert set(public_holidays(2026, "57")) == NATIONAL_2026 | MOSELLE_ONLY_2026
    assert len(public_holidays(2026)) == 13  # Moselle is the default


def test_rest_of_france_has_no_good_friday_nor_26_december():
    assert set(public_holidays(2026, None)) == NATIONAL_2026
    assert not is_public_holiday(date(2026, 4, 3), None)
    assert not is_public_holiday(date(2026, 12, 26), None)


@pytest.mark.parametrize(
    "good_friday",
    [
        date(2024, 3, 29),
        date(2025, 4, 18),
        date(2026, 4, 3),
        date(2027, 3, 26),
        date(2030, 4, 19),
        date(2035, 3, 23),
    ],
)
def test_good_friday_is_closed_in_moselle_for_any_year(good_friday):
    assert is_public_holiday(good_friday, "57")
    assert is_public_holiday(date(good_friday.year, 12, 26), "57")
    assert not is_public_holiday(good_friday, None)
    # Alsace (Bas-Rhin, Haut-Rhin: "6AE" in the package) has the same local law
    assert is_public_holiday(good_friday, "6AE")


def test_public_holiday_names_are_french():
    assert public_holiday_name(date(2026, 4, 3)) == "Vendredi saint"
    assert public_holiday_name(date(2026, 5, 14)) == "Ascension"
    assert public_holiday_name(date(2026, 5, 13)) is None


def test_unknown_subdivision_is_a_rule_error():
    with pytest.raises(RuleError, match="Subdivision inconnue"):
        public_holidays(2026, "99")


# School holidays, zone B (official calendar of académie Nancy-Metz):
# winter 2025: 8 to 23 February; spring 2025: 5 to 21 April.
@pytest.mark.parametrize(
    ("day", "in_holidays"),
    [
        (date(2025, 2, 7), False),
        (date(2025, 2, 8), True),
        (date(2025, 2, 24), False),
        (date(2025, 4, 14), True),
        (date(2025, 4, 22), False),
        (date(2025, 12, 22), True),  # Christmas 2025: 20 December to 4 January
        (date(2026, 1, 5), False),
    ],
)
def test_school_holidays_zone_b_from_the_package(day, in_holidays):
    assert CALENDAR.school_holidays.is_holiday(day) is in_holidays


def test_school_activity_is_closed_in_school_holidays_and_holiday_centre_open():
    matin = school_activity()
    centre = school_activity(id="centre", day_kind=DayKind.HOLIDAY)
    both = school_activity(id="both", day_kind="both")
    holiday, school_day = date(2025, 2, 10), date(2025, 2, 24)

    status = CALENDAR.day_status(matin, holiday)
    assert (status.runs, status.reason) == (False, ClosedReason.SCHOOL_HOLIDAY)
    assert status.closed
    assert status.detail == "Vacances d'hiver"
    assert CALENDAR.runs(matin, school_day)

    assert CALENDAR.runs(centre, holiday)
    status = CALENDAR.day_status(centre, school_day)
    assert status.reason == ClosedReason.NOT_ACTIVITY_DAY
    assert not status.closed

    assert CALENDAR.runs(both, holiday) and CALENDAR.runs(both, school_day)


def test_public_holidays_are_always_closed_even_for_holiday_centres():
    for kind in DayKind:
        activity = school_activity(id=kind.value, day_kind=kind)
        # 21 April 2025: Easter Monday, inside the spring holidays
        status = CALENDAR.day_status(activity, date(2025, 4, 21))
        assert status.reason == ClosedReason.PUBLIC_HOLIDAY
        assert status.label == "Jour férié : Lundi de Pâques"


def test_moselle_good_friday_closes_an_activity():
    centre = school_activity(day_kind=DayKind.BOTH)
    status = CALENDAR.day_status(centre, date(2026, 4, 3))
    assert status.reason == ClosedReason.PUBLIC_HOLIDAY
    # the same town elsewhere in France would open
    assert TownCalendar(subdiv=None).runs(centre, date(2026, 4, 3))


def test_outside_period_and_weekdays():
    matin = school_activity(period_start=date(2025, 9, 1), period_end=date(2026, 7, 3))
    assert CALENDAR.day_status(matin, date(2025, 8, 29)).reason == (ClosedReason.OUTSIDE_PERIOD)
    assert CALENDAR.day_status(matin, date(2026, 7, 6)).reason == (ClosedReason.OUTSIDE_PERIOD)
    wednesday = date(2025, 9, 3)
    assert CALENDAR.day_status(matin, wednesday).reason == ClosedReason.NOT_ACTIVITY_DAY
    assert CALENDAR.runs(matin, date(2025, 9, 2))


def test_outside_period_comes_before_public_holiday():
    matin = school_activity(period_start=date(2025, 9, 1), period_end=date(2026, 7, 3))
    # 14 July 2026 is a public holiday and after the period
    assert CALENDAR.day_status(matin, date(2026, 7, 14)).reason == (ClosedReason.OUTSIDE_PERIOD)


def test_ascension_week_with_the_bridge_entered_by_staff():
    # Ascension 2025: Thursday 29 May; the Friday bridge is entered by staff.
    school = SchoolHolidays(
        ranges=[HolidayRange(date(2025, 5, 30), date(2025, 5, 31), "Pont de l'Ascension")]
    )
    calendar = TownCalendar(school_holidays=school)
    matin = school_activity()
    centre = school_activity(id="centre", day_kind=DayKind.HOLIDAY)
    week = {date(2025, 5, 26) + timedelta(days=n): n for n in range(5)}
    reasons = {day: calendar.day_status(matin, day).reason for day in week}
    assert reasons == {
        date(2025, 5, 26): None,
        date(2025, 5, 27): None,
        date(2025, 5, 28): ClosedReason.NOT_ACTIVITY_DAY,  # Wednesday
        date(2025, 5, 29): ClosedReason.PUBLIC_HOLIDAY,
        date(2025, 5, 30): ClosedReason.SCHOOL_HOLIDAY,
    }
    assert calendar.day_status(matin, date(2025, 5, 30)).detail == "Pont de l'Ascension"
    # the holiday centre opens on the bridge, never on Ascension day
    assert calendar.runs(centre, date(2025, 5, 30))
    assert not calendar.runs(centre, date(2025, 5, 29))


def test_a_missing_school_year_is_reported_never_treated_as_no_holidays():
    school = SchoolHolidays()
    assert not school.is_known(2040)
    with pytest.raises(MissingSchoolCalendar) as error:
        school.holiday_name(date(2040, 10, 22))
    assert isinstance(error.value, RuleError)
    assert "2040-2041" in error.value.message
    assert "zone B" in error.value.message

    matin = school_activity(period_end=date(2041, 7, 5))
    status = CALENDAR.day_status(matin, date(2040, 10, 22))
    assert not status.runs
    assert status.reason == ClosedReason.CALENDAR_UNKNOWN
    assert status.closed
    # an activity open on every kind of day does not need the school calendar
    assert CALENDAR.runs(
        school_activity(id="x", day_kind="both", period_end=date(2041, 7, 5)),
        date(2040, 10, 22),
    )


def test_staff_ranges_make_a_missing_year_known():
    toussaint = HolidayRange(date(2040, 10, 20), date(2040, 11, 4), "Vacances de la Toussaint")
    school = SchoolHolidays(ranges=[toussaint])
    assert school.is_known(2040)
    assert school.holiday_name(date(2040, 10, 22)) == "Vacances de la Toussaint"
    assert school.holiday_name(date(2040, 11, 5)) is None


def test_explicitly_known_year_without_package():
    school = SchoolHolidays(use_package=False, known_school_years=[2025])
    assert school.holiday_name(date(2025, 12, 22)) is None
    with pytest.raises(MissingSchoolCalendar):
        school.holiday_name(date(2024, 12, 23))


def test_unknown_zone_is_a_rule_error():
    with pytest.raises(RuleError, match="Zone"):
        SchoolHolidays(zone="Z")


def test_site_closure_for_a_site():
    strike = Closure(
        date(2025, 3, 11), date(2025, 3, 11), ClosureReason.STRIKE, site_ids={"EUROPA"}
    )
    calendar = TownCalendar(closures=[strike])
    europa = school_activity()
    soetrich = school_activity(id="soetrich", site_id="SOETRICH")
    status = calendar.day_status(europa, date(2025, 3, 11))
    assert status.reason == ClosedReason.SITE_CLOSURE
    assert status.label == "Fermeture : Grève"
    assert calendar.runs(soetrich, date(2025, 3, 11))
    assert calendar.runs(europa, date(2025, 3, 10))
    assert calendar.runs(europa, date(2025, 3, 13))


def test_closure_of_listed_activities_only_and_town_wide():
    works = Closure(
        date(2025, 3, 10),
        date(2025, 3, 14),
        "works",
        name="Travaux cantine",
        site_ids={"EUROPA"},
        activity_ids={"midi"},
    )
    everything = Closure(date(2025, 3, 17), date(2025, 3, 17), "pedagogical")
    calendar = TownCalendar(closures=[works, everything])
    midi = school_activity(id="midi")
    matin = school_activity()
    other_site = school_activity(id="soir", site_id="SOETRICH")
    assert calendar.day_status(midi, date(2025, 3, 13)).label == ("Fermeture : Travaux cantine")
    assert calendar.runs(matin, date(2025, 3, 13))
    for activity in (midi, matin, other_site):
        assert calendar.day_status(activity, date(2025, 3, 17)).reason == (
            ClosedReason.SITE_CLOSURE
        )


def test_input_errors_are_french_rule_errors():
    with pytest.raises(RuleError, match="antérieure"):
        Closure(date(2025, 3, 11), date(2025, 3, 10))
    with pytest.raises(RuleError, match="motif"):
        Closure(date(2025, 3, 11), date(2025, 3, 11), reason="holiday")
    with pytest.raises(RuleError, match="Jour de la semaine inconnu"):
        school_activity(weekdays=["mon", "someday"])
    with pytest.raises(RuleError, match="type de jours"):
        school_activity(day_kind="weekends")
    with pytest.raises(RuleError, match="antérieure"):
        school_activity(period_start=date(2025, 9, 1), period_end=date(2025, 8, 1))
    with pytest.raises(RuleError):
        HolidayRange(date(2025, 9, 2), date(2025, 9, 1))


def test_activity_labels():
    activity = school_activity(hour_start=7.0, hour_end=8.5)
    assert activity.hours_label == "De 07h00 à 08h30"
    assert activity.period_label == "02/09/2024 - 03/07/2026"


def test_open_days_of_a_week_with_a_public_holiday():
    matin = school_activity()
    # week of Armistice 2025 (Tuesday 11 November)
    assert CALENDAR.open_days(matin, date(2025, 11, 10), date(2025, 11, 16)) == [
        date(2025, 11, 10),
        date(2025, 11, 13),
        date(2025, 11, 14),
    ]


def test_school_year_closed_periods_to_store():
    periods = school_year_closed_periods(2025, zone="B", subdivision="57")
    as_tuples = {(p.kind, p.start, p.end) for p in periods}
    assert ("public", date(2026, 4, 3), date(2026, 4, 3)) in as_tuples
    assert ("public", date(2025, 12, 26), date(2025, 12, 26)) in as_tuples
    assert ("school", date(2025, 12, 20), date(2026, 1, 4)) in as_tuples
    assert ("school", date(2025, 10, 18), date(2025, 11, 2)) in as_tuples
    assert all(date(2025, 9, 1) <= p.start <= p.end <= date(2026, 8, 31) for p in periods)
    assert [p.start for p in periods] == sorted(p.start for p in periods)
    national = school_year_closed_periods(2025, subdivision=None)
    assert ("public", date(2026, 4, 3), date(2026, 4, 3)) not in {
        (p.kind, p.start, p.end) for p in national
    }
    with pytest.raises(MissingSchoolCalendar):
        school_year_closed_periods(2040)
