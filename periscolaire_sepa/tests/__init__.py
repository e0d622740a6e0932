from . import test_direct_debit
from . import test_portal_sepa
