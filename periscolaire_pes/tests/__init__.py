from . import test_pes_export
from . import test_pes_bordereau
