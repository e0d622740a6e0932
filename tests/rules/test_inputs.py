import unicodedata
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from periscolaire_rules import inputs
from periscolaire_rules.errors import RuleError


class Upload:
    """What werkzeug hands a route when a file is posted under a text field's name."""

    filename = "x.txt"


ANYTHING = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.text(),
    st.lists(st.text(), max_size=3),
    st.builds(Upload),
)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("42", 42),
        (" 42 ", 42),
        (42, 42),
        (["7", "8"], 7),
        ("0", None),
        ("-3", None),
        ("2147483647", 2147483647),
        ("2147483648", None),
        ("9" * 30, None),
        ("1_000", None),
        ("１２", None),  # full-width digits: int() would take them
        ("٣", None),  # Arabic-Indic digit
        ("4\x00", None),
        ("abc", None),
        (True, None),
        (None, None),
        ([], None),
        (Upload(), None),
    ],
)
def test_parse_id(value, expected):
    assert inputs.parse_id(value) == expected


def test_parse_ids_takes_a_list_or_one_value():
    assert inputs.parse_ids(["3", "x", "3", "-1", "5"]) == [3, 5]
    assert inputs.parse_ids("3") == [3]
    assert inputs.parse_ids(None) == []
    assert len(inputs.parse_ids([str(n) for n in range(1, 2000)])) == inputs.MAX_IDS


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2026-03-02", date(2026, 3, 2)),
        (" 2026-03-02\n", date(2026, 3, 2)),
        ("2026-02-30", None),
        ("20260302", None),  # accepted by date.fromisoformat on Python 3.11
        ("2026-W10-1", None),
        ("1999-12-31", None),
        ("2100-01-01", None),
        ("２０２６-03-02", None),
        (["2026-03-02"], date(2026, 3, 2)),
        (20260302, None),
    ],
)
def test_parse_date(value, expected):
    assert inputs.parse_date(value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2026-03", (2026, 3)),
        ("2026-13", None),
        ("99999-99", None),
        ("0000-01", None),
        ("2026-3", None),
        ("2026-03\n", (2026, 3)),
        ("2026-03\r\nSet-Cookie: x=1", None),
    ],
)
def test_parse_month(value, expected):
    assert inputs.parse_month(value) == expected


def test_format_month_reads_back():
    assert inputs.parse_month(inputs.format_month(2026, 3)) == (2026, 3)


def test_parse_page():
    assert inputs.parse_page("3") == 3
    assert inputs.parse_page(10**30) == 1
    assert inputs.parse_page("-2") == 1
    assert inputs.parse_page(inputs.MAX_PAGE + 1) == 1


@pytest.mark.parametrize(
    "value, expected",
    [
        ("Ab_-09" * 4, "Ab_-09" * 4),
        ("c0a8f3d2-1f0e-4a55-9e57-6f1a2b3c4d5e", "c0a8f3d2-1f0e-4a55-9e57-6f1a2b3c4d5e"),
        ("é" * 24, None),  # a non-ASCII token made Odoo's comparison raise TypeError
        ("a" * 23 + "\x00", None),
        ("a" * 23 + "\n", None),
        ("a" * 10, None),
        ("a" * 101, None),
        (["a" * 24], "a" * 24),
        (None, None),
    ],
)
def test_parse_token(value, expected):
    assert inputs.parse_token(value, min_length=20, max_length=100) == expected


def test_parse_choice_and_flag():
    assert inputs.parse_choice("name", {"name": 1, "time": 2}) == "name"
    assert inputs.parse_choice("x", {"name": 1}, default="name") == "name"
    assert inputs.parse_choice(["time", "x"], ("name", "time")) == "time"
    assert inputs.parse_choice(Upload(), ("name",)) is None
    assert inputs.parse_flag("1") and inputs.parse_flag(" True ")
    assert not inputs.parse_flag("0") and not inputs.parse_flag(None)


def test_clean_text_strips_control_characters():
    assert inputs.clean_text("ara\x00chide\x07", "Allergies") == "arachide"
    assert inputs.clean_text("  Mamie\tDURAND\r\n", "Nom") == "Mamie DURAND"
    assert inputs.clean_text("a\r\nb\rc\u2028d\x1b", "Allergies", multiline=True) == "a\nb\nc\nd"
    assert inputs.clean_text("Gluten, œufs — « PAI »", "Allergies") == "Gluten, œufs — « PAI »"
    assert inputs.clean_text(["premier", "second"], "Nom") == "premier"
    assert inputs.clean_text(Upload(), "Nom") == ""
    assert inputs.clean_text(None, "Nom") == ""


def test_clean_text_refuses_long_text_in_french():
    assert inputs.clean_text("x" * 128, "Nom", max_length=128) == "x" * 128
    with pytest.raises(RuleError, match="« Nom » : 128 caractères au plus"):
        inputs.clean_text("x" * 129, "Nom", max_length=128)
    # Control characters do not count.
    assert inputs.clean_text("x" * 128 + "\x00" * 50, "Nom", max_length=128) == "x" * 128


@given(ANYTHING)
def test_parsers_never_raise(value):
    for parse in (
        inputs.parse_id,
        inputs.parse_ids,
        inputs.parse_page,
        inputs.parse_date,
        inputs.parse_month,
        inputs.parse_token,
        inputs.parse_flag,
    ):
        parse(value)
    inputs.parse_choice(value, ("a", "b"))


@given(st.text(), st.booleans())
def test_clean_text_keeps_no_control_character(text, multiline):
    try:
        cleaned = inputs.clean_text(text, "Champ", max_length=10_000, multiline=multiline)
    except RuleError:
        return
    kept = {"\n", "\t"} if multiline else set()
    assert all(char in kept or unicodedata.category(char) not in ("Cc", "Cs") for char in cleaned)
    assert cleaned == cleaned.strip()


def test_clean_filename():
    assert inputs.clean_filename("certificat.pdf") == "certificat.pdf"
    assert inputs.clean_filename("C:\\Users\\julie\\scan\x00.pdf") == "scan.pdf"
    assert inputs.clean_filename("../../etc/passwd") == "passwd"
    long_name = inputs.clean_filename("é" * 300 + ".jpeg")
    assert len(long_name) == inputs.LINE_LENGTH and long_name.endswith(".jpeg")
    assert inputs.clean_filename(None) == ""
    assert inputs.clean_filename("\x00\x01") == ""
