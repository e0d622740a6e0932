from . import periscolaire_invoicing_wizard
from . import periscolaire_attestation_wizard
from . import periscolaire_tariff_version_wizard
