"""Load the rules core without Odoo.

``periscolaire_portal/__init__.py`` imports the Odoo models, so the rules
package is loaded on its own under the name ``periscolaire_rules``.
"""

import importlib.util
import sys
from pathlib import Path

RULES_DIR = Path(__file__).resolve().parent.parent / "periscolaire_portal" / "rules"


def _load_rules_package():
    if "periscolaire_rules" in sys.modules:
        return sys.modules["periscolaire_rules"]
    spec = importlib.util.spec_from_file_location(
        "periscolaire_rules",
        RULES_DIR / "__init__.py",
        submodule_search_locations=[str(RULES_DIR)],
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["periscolaire_rules"] = module
    spec.loader.exec_module(module)
    return module


_load_rules_package()
