from . import test_invoicing
from . import test_tariff
from . import test_attestation
from . import test_portal_finances
from . import test_households
from . import test_invoicing_run
