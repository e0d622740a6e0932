from . import periscolaire_pes_export_wizard
from . import periscolaire_pes_reject_wizard
