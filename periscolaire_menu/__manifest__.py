# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Portail Familles — Menus de la cantine",
    "summary": "Menus de la semaine par site ou par cuisine, allergènes réglementaires, "
    "repas spéciaux et leur décompte pour la cuisine",
    "version": "18.0.1.0.0",
    "category": "Services/Périscolaire",
    "website": "https://www.hettange-grande.fr",
    "author": "Ville de Hettange-Grande",
    "license": "AGPL-3",
    "depends": ["periscolaire_portal"],
    "data": [
        "security/ir.model.access.csv",
        "security/periscolaire_menu_security.xml",
        "data/periscolaire_allergen_data.xml",
        "views/periscolaire_menu_views.xml",
        "views/periscolaire_portal_views.xml",
        "views/portal_templates.xml",
    ],
    "assets": {
        "web.assets_frontend": [
            "periscolaire_menu/static/src/scss/menus.scss",
        ],
    },
    "demo": [
        "demo/periscolaire_menu_demo.xml",
    ],
}
