from . import test_api_particulier
