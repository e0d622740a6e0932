# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).


def post_init_hook(env):
    """Date every family at once, so that staff see the coming anonymisations before the
    first night."""
    env["periscolaire.family"].with_context(active_test=False).search([])._retention_refresh()
