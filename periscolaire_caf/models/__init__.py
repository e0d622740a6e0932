from . import res_company
from . import res_config_settings
from . import periscolaire_activity
from . import periscolaire_caf_line
