from . import periscolaire_defi_import_line
from . import periscolaire_defi_import_wizard
