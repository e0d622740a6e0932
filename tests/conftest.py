"""Load the plain-Python packages of the addons without Odoo.

An addon's ``__init__.py`` imports its Odoo models, so each package is loaded on its own:
the rules core (``periscolaire_portal/rules``) as ``periscolaire_rules`` and the PES format
(``periscolaire_pes/helios``) as ``periscolaire_pes_helios``.
"""

import importlib.util
import sys
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parent.parent
PACKAGES = {
    "periscolaire_rules": REPO_DIR / "periscolaire_portal" / "rules",
    "periscolaire_pes_helios": REPO_DIR / "periscolaire_pes" / "helios",
}


def _load_package(name, directory):
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(
        name,
        directory / "__init__.py",
        submodule_search_locations=[str(directory)],
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


for _name, _directory in PACKAGES.items():
    _load_package(_name, _directory)
