# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Portail Familles — Import depuis DEFI",
    "summary": "Reprise des familles, responsables, enfants et documents depuis l'export "
    "Excel du portail familles DEFI, avec aperçu et sans doublon",
    "version": "18.0.1.0.0",
    "category": "Services/Périscolaire",
    "website": "https://www.hettange-grande.fr",
    "author": "Ville de Hettange-Grande",
    "license": "AGPL-3",
    "depends": ["periscolaire_portal"],
    "external_dependencies": {"python": ["openpyxl"]},
    "data": [
        "security/ir.model.access.csv",
        "wizards/periscolaire_defi_import_wizard_views.xml",
    ],
}
