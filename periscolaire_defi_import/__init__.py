from . import defi
from . import models
from . import wizards
