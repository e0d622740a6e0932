# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Validation of a PES V2 file against the DGFiP's XSD (``../schemas``, version 5.12)."""

# pylint: disable=c-extension-no-member
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

SCHEMA_PATH = (
    Path(__file__).resolve().parent.parent / "schemas" / "PES_V2" / "Rev0" / "PES_Aller.xsd"
)

_local = threading.local()  # an lxml validator is not shared between threads


@dataclass(frozen=True)
class Problem:
    """One schema error: ``piece`` is the 1-based position of the title (or of its attached
    document) in the bordereau, ``None`` for the file's header; ``element`` the element at
    fault (e.g. ``CP``); ``value`` the value refused, when there is one."""

    piece: int | None
    element: str
    value: str | None
    message: str
    line: int


def _schema():
    if getattr(_local, "schema", None) is None:
        _local.schema = etree.XMLSchema(etree.parse(str(SCHEMA_PATH)))
    return _local.schema


def _position(path, tag):
    match = re.search(rf"/{tag}(?:\[(\d+)\])?(?:/|$)", path or "")
    if not match:
        return None
    return int(match.group(1) or 1)


def _problem(error):
    message = error.message
    piece = _position(error.path, "Piece") or _position(error.path, "PJ")
    expected = re.search(r"Expected is(?: one of)? \( ?([A-Za-z_]+)", message)
    named = re.search(r"Element '(?:\{[^}]*\})?([A-Za-z_]+)'", message)
    if "Missing child element" in message and expected:
        element = expected.group(1)
    elif named:
        element = named.group(1)
    else:
        element = (error.path or "").rsplit("/", 1)[-1].split("[")[0]
    value = re.search(r"The value '([^']*)'", message)
    return Problem(piece, element, value.group(1) if value else None, message, error.line)


def validate(content):
    """The problems of the PES file ``content`` (bytes); an empty list when it is valid."""
    document = etree.fromstring(content)
    schema = _schema()
    if schema.validate(document):
        return []
    return [_problem(error) for error in schema.error_log]
