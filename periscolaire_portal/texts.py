# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The rules core's texts (``rules/i18n.py``) in the language of an Odoo environment."""

from odoo.tools.translate import get_translation

from .rules.i18n import translate

#: The module whose translation files hold the rules core's terms (the core lives in it).
MODULE = "periscolaire_portal"


def rule_text(env, value):
    """``value`` (a text of the rules core, e.g. a ``RuleError``'s message or a label) in the
    language of ``env``; any other value as it is."""
    lang = env.lang or "en_US"
    return translate(value, lambda source, params: get_translation(MODULE, lang, source, params))
