from . import test_defi_import
