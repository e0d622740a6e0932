from . import res_company
from . import res_config_settings
from . import periscolaire_family
from . import periscolaire_family_anonymisation
