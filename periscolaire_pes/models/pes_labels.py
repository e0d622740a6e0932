# Copyright 2026 Ville de Hettange-Grande
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""French names of the PES elements, for the messages that tell the accountant what to fix."""

from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

FIELD_LABELS = {
    # debtor (the family's payer)
    "Civilite": _lt("civilité du payeur (Madame ou Monsieur : champ « Titre » de sa fiche)"),
    "Nom": _lt("nom du payeur"),
    "Prenom": _lt("prénom du payeur"),
    "Nom/Prenom": _lt(
        "nom et prénom distincts du payeur (nom de famille en majuscules : « Julie DURAND »)"
    ),
    "Adr2": _lt("adresse du payeur (rue)"),
    "Adr3": _lt("complément d'adresse du payeur"),
    "CP": _lt("code postal du payeur"),
    "Ville": _lt("ville du payeur"),
    "CodPays": _lt("pays du payeur"),
    "RefTiers": _lt("référence de la famille"),
    # title and lines
    "IdPce": _lt("numéro de titre"),
    "ObjPce": _lt("objet du titre"),
    "ObjLignePce": _lt("objet de la ligne"),
    "CodProdLoc": _lt("code produit local de l'imputation budgétaire"),
    "Nature": _lt("nature de l'imputation budgétaire"),
    "Fonction": _lt("fonction de l'imputation budgétaire"),
    "CodServ": _lt("code service de l'imputation budgétaire"),
    "MtHT": _lt("montant de la ligne"),
    "IdPceOrig": _lt("numéro du titre réduit"),
    "IdLigneOrig": _lt("ligne du titre réduit"),
    # attached "avis des sommes à payer"
    "Fichier": _lt("avis des sommes à payer (PDF)"),
    "IdUnique": _lt("identifiant de l'avis des sommes à payer"),
    "NomPJ": _lt("nom du fichier de l'avis des sommes à payer"),
    # bordereau and header (company settings)
    "IdBord": _lt("numéro de bordereau"),
    "MtBordHt": _lt("montant du bordereau"),
    "Objet": _lt("objet du bordereau"),
    "IdPost": _lt("poste comptable (IdPost)"),
    "LibellePoste": _lt("libellé du poste comptable"),
    "IdColl": _lt("identifiant de la collectivité (IdColl, SIRET)"),
    "CodCol": _lt("code collectivité (CodCol)"),
    "CodBud": _lt("code budget (CodBud)"),
    "LibelleColBud": _lt("libellé du budget"),
}


def field_label(env, element):
    """French (or the user's language) name of the PES element ``element``."""
    label = FIELD_LABELS.get(element)
    return label._translate(env.lang) if label else element
