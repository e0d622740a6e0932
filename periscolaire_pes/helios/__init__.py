# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The PES V2 format, in plain Python (no Odoo import): texts, the file and its validation."""

from . import document, schema, text
