from . import api_particulier
