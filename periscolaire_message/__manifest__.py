# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Portail Familles — Messages",
    "summary": "Messages entre les familles et le service périscolaire, sur le portail "
    "et dans la fiche famille",
    "version": "18.0.1.0.0",
    "category": "Services/Périscolaire",
    "website": "https://www.hettange-grande.fr",
    "author": "Ville de Hettange-Grande",
    "license": "AGPL-3",
    "depends": ["periscolaire_portal"],
    "data": [
        "views/periscolaire_family_views.xml",
        "views/portal_templates.xml",
    ],
    "demo": [
        "demo/periscolaire_message_demo.xml",
    ],
    "assets": {
        "portal.assets_chatter": [
            "periscolaire_message/static/src/chatter/chatter_a11y.xml",
        ],
        "portal.assets_chatter_style": [
            "periscolaire_message/static/src/chatter/chatter_a11y.scss",
        ],
    },
}
