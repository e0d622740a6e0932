from . import test_payfip_flows
from . import test_payfip_concurrency
