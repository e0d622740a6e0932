from . import test_payfip_flows
