"""The whole town's business rules of the périscolaire, in plain Python.

One core for every rule, whichever addon uses it: the portal's (dates, closed
days, deadlines, recurrence, calendar cells, capacity and arrival order,
documents) and the billing's too (tariffs and their brackets in ``pricing``,
money rounding in ``money``, the tax-credit attestation in ``attestation``).
``periscolaire_billing`` depends on this addon and imports them from here, so
that a rule and its tests live in one place.

Nothing in this package imports Odoo, and modules here import each other only
relatively, so that pytest exercises every rule on a machine without Odoo
(see ``tests/`` at the repository root); it needs Python 3.11 (``StrEnum``).
Odoo models gather the data and call these functions; refused inputs raise
:class:`~.errors.RuleError` with a French message. Every text for people is
written ``_lt("…", …)`` (:mod:`.i18n`): it reads as French here and reaches the
addon's translation files, and the Odoo layer shows it in the user's language
(``periscolaire_portal/texts.py``).
"""
