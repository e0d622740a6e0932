from . import periscolaire_caf_wizard
