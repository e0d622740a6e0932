"""Strict parsers of what a browser sends to the portal.

Every value that a route of the addons reads from a URL, a query string or a
form goes through one of these functions before it reaches the ORM or a
response header:

- ids, pages, dates, months, tokens and choices are parsed strictly (ASCII
  digits, ISO formats, bounded values) and become ``None`` when malformed;
- text is cleaned of control characters (NUL included: PostgreSQL refuses it)
  and refused with a French :class:`RuleError` when it is too long.

Werkzeug hands a route a list where it expects one value when a name is
repeated, a file where it expects text when a file is posted under a text
field's name, and one value where it expects a list: every function accepts
any of these without raising anything else than :class:`RuleError`.
"""

import re
import unicodedata
from datetime import date

from .errors import RuleError
from .i18n import _lt

#: Largest id PostgreSQL stores in an ``integer`` column.
MAX_ID = 2**31 - 1
#: At most this many ids are read from one list (a form has far fewer).
MAX_IDS = 500
MAX_PAGE = 10_000
MIN_DAY = date(2000, 1, 1)
MAX_DAY = date(2099, 12, 31)

#: Text field lengths of the portal's forms.
LINE_LENGTH = 128
TEXT_LENGTH = 2000

_ID = re.compile(r"[0-9]{1,10}")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
_TOKEN = re.compile(r"[A-Za-z0-9_-]+")
#: Characters kept in multi-line text although they are control characters.
_TEXT_CONTROLS_KEPT = frozenset("\n\t")


def scalar(value):
    """One value: the first of a list or tuple, the value itself otherwise."""
    if isinstance(value, (list, tuple)):
        return value[0] if value else None
    return value


def as_list(value):
    """A list: the value itself when it is a list or tuple, else a list of one
    value (none for ``None``), at most :data:`MAX_IDS` long."""
    if value is None:
        return []
    values = list(value) if isinstance(value, (list, tuple)) else [value]
    return values[:MAX_IDS]


def _ascii(value):
    """The stripped string, or None when ``value`` is no string."""
    value = scalar(value)
    return value.strip() if isinstance(value, str) else None


def parse_id(value):
    """A database id (1 … :data:`MAX_ID`) from an int or ASCII digits, else None."""
    value = scalar(value)
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    else:
        text = _ascii(value)
        if text is None or not _ID.fullmatch(text):
            return None
        number = int(text)
    return number if 0 < number <= MAX_ID else None


def parse_ids(values):
    """The valid ids of ``values`` (a list or one value), in order, without repeats."""
    ids = []
    for value in as_list(values):
        number = parse_id(value)
        if number and number not in ids:
            ids.append(number)
    return ids


def parse_page(value):
    """A pager's page number (1 … :data:`MAX_PAGE`); 1 when malformed."""
    number = parse_id(value)
    return number if number and number <= MAX_PAGE else 1


def parse_date(value):
    """A ``date`` from ``YYYY-MM-DD`` between :data:`MIN_DAY` and :data:`MAX_DAY`, else None."""
    text = _ascii(value)
    match = _DATE.fullmatch(text) if text is not None else None
    if not match:
        return None
    try:
        day = date(*(int(part) for part in match.groups()))
    except ValueError:
        return None
    return day if MIN_DAY <= day <= MAX_DAY else None


def parse_month(value):
    """``(year, month)`` from ``YYYY-MM`` within the bounds of :func:`parse_date`, else None."""
    text = _ascii(value)
    match = _MONTH.fullmatch(text) if text is not None else None
    day = parse_date(f"{match.group(1)}-{match.group(2)}-01") if match else None
    return (day.year, day.month) if day else None


def format_month(year, month):
    """``"2026-03"``: the value :func:`parse_month` reads back."""
    return f"{year:04d}-{month:02d}"


def parse_token(value, min_length=1, max_length=128):
    """A secret token of URL-safe ASCII characters (letters, digits, ``-``,
    ``_``) of a sane length, else None."""
    value = scalar(value)
    if not isinstance(value, str) or not min_length <= len(value) <= max_length:
        return None
    return value if _TOKEN.fullmatch(value) else None


def parse_choice(value, choices, default=None):
    """``value`` when it is one of ``choices`` (strings), else ``default``."""
    value = scalar(value)
    return value if isinstance(value, str) and value in choices else default


def parse_flag(value):
    """True for ``"1"``, ``"true"``, ``"on"`` (what checkboxes and links send)."""
    text = _ascii(value)
    return text is not None and text.lower() in ("1", "true", "on", "yes")


def clean_text(value, label, max_length=TEXT_LENGTH, multiline=False):
    """The text of a form field without control characters, stripped.

    Line breaks become ``\\n``; they and tabs stay in multi-line text and
    become spaces in one-line text. Anything else than a string (a file, no
    value) is the empty string. Longer than ``max_length`` characters once
    cleaned: :class:`RuleError` naming the field ``label``.
    """
    value = scalar(value)
    if not isinstance(value, str):
        return ""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = value.replace("\u2028", "\n").replace("\u2029", "\n")
    if not multiline:
        value = value.replace("\n", " ").replace("\t", " ")
    value = "".join(
        char
        for char in value
        if char in _TEXT_CONTROLS_KEPT or unicodedata.category(char) not in ("Cc", "Cs")
    ).strip()
    if len(value) > max_length:
        raise RuleError(
            _lt(
                "« %(label)s » : %(max)s caractères au plus (%(count)s saisis).",
                label=label,
                max=max_length,
                count=len(value),
            )
        )
    return value


def clean_filename(value):
    """The base name of an uploaded file, cleaned as one-line text and cut to
    :data:`LINE_LENGTH` characters (its extension kept); empty when there is none."""
    value = scalar(value)
    if not isinstance(value, str):
        return ""
    name = value.replace("\\", "/").rsplit("/", 1)[-1]
    name = clean_text(name, "", max_length=len(name))
    if len(name) <= LINE_LENGTH:
        return name
    stem, dot, extension = name.rpartition(".")
    if not dot or len(extension) > 10:
        return name[:LINE_LENGTH]
    return stem[: LINE_LENGTH - len(extension) - 1] + dot + extension
