from . import periscolaire_sepa_order_wizard
