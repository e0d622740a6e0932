from . import test_menu
from . import test_portal_menus
