from . import res_company
from . import res_config_settings
from . import account_banking_mandate
from . import account_move
from . import account_payment_order
from . import periscolaire_family
from . import account_chart_template
