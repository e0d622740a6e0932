# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Portail Familles — Périscolaire",
    "summary": "Réservations périscolaires des familles : portail parents, "
    "validation par les services de la ville, documents et pointage",
    "version": "18.0.1.0.0",
    "category": "Services/Périscolaire",
    "website": "https://www.hettange-grande.fr",
    "author": "Ville de Hettange-Grande",
    "license": "AGPL-3",
    "application": True,
    "installable": True,
    "depends": ["portal", "mail", "website"],
    "external_dependencies": {
        "python": ["holidays", "vacances_scolaires_france"],
    },
    "data": [],
    "demo": [],
}
