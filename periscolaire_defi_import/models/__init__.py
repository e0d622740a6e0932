from . import periscolaire_defi_import_plan
