"""The addons of the repository (each folder with a ``__manifest__.py``) and their Python files,
parsed, for the checks of this folder."""

import ast
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[2]


def addon_dirs():
    return sorted(path.parent for path in REPO_DIR.glob("*/__manifest__.py"))


def python_files(*parts):
    """Every ``.py`` file below ``parts`` (e.g. ``"controllers"``) of every addon, or below
    the addons themselves without ``parts``; their tests left out."""
    for addon in addon_dirs():
        for path in sorted(addon.joinpath(*parts).rglob("*.py")):
            relative = path.relative_to(addon).parts
            if "tests" not in relative and "migrations" not in relative:
                yield path


def parse(path):
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def where(path, node):
    """``file:line`` of ``node``, the file named from the repository when it is in it."""
    name = path.relative_to(REPO_DIR) if path.is_relative_to(REPO_DIR) else path
    return f"{name}:{node.lineno}"
