"""Load the PES format package of ``periscolaire_pes`` without Odoo.

``periscolaire_pes/__init__.py`` imports the Odoo models, so its ``helios`` package is loaded on
its own under the name ``periscolaire_pes_helios``.
"""

import importlib.util
import sys
from pathlib import Path

HELIOS_DIR = Path(__file__).resolve().parents[2] / "periscolaire_pes" / "helios"


def _load_helios_package():
    if "periscolaire_pes_helios" in sys.modules:
        return sys.modules["periscolaire_pes_helios"]
    spec = importlib.util.spec_from_file_location(
        "periscolaire_pes_helios",
        HELIOS_DIR / "__init__.py",
        submodule_search_locations=[str(HELIOS_DIR)],
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["periscolaire_pes_helios"] = module
    spec.loader.exec_module(module)
    return module


_load_helios_package()
