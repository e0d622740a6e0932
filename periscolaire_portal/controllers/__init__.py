from . import portal
from . import booking
from . import ical
