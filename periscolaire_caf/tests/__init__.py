from . import test_caf_report
