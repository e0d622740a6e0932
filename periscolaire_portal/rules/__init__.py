"""Business rules of the périscolaire, in plain Python.

Nothing in this package imports Odoo, and modules here import each other only
relatively, so that pytest exercises every rule on a machine without Odoo
(see ``tests/`` at the repository root). Odoo models gather the data and call
these functions.
"""
