"""Register an Odoo source tree as the installed distribution `odoo`, or check that it is.

OCA's addons on PyPI (odoo-addon-*) require `odoo==18.0.*`, so pip must see an `odoo`
distribution of that version. setup/install.sh first does what OCA's CI does, an editable
install of the tree without its dependencies. That needs the tree's setup.py to be Odoo's own
(name `odoo`, the version of odoo/release.py); some copies of 18.0 in circulation ship another
one (another name or version, or a setup.py that imports Odoo and so cannot run in pip's build
environment). For those, this script writes a wheel that does the same job without building
anything from the tree and without writing into it: its only file is a .pth that puts the tree
on sys.path (what an editable install adds too), and its metadata carry the name `odoo` and the
version that the tree's odoo/release.py declares. No Odoo code is copied anywhere.

Usage: python odoo_dist_wheel.py version ODOO_TREE          (prints the version to register)
       python odoo_dist_wheel.py registered ODOO_TREE       (exit 0 if it is registered)
       python odoo_dist_wheel.py wheel ODOO_TREE OUT_DIR    (writes the wheel, prints its path)
"""

import base64
import hashlib
import importlib.metadata
import importlib.util
import re
import runpy
import sys
import zipfile
from pathlib import Path

PTH_NAME = "portail_familles_odoo.pth"


def odoo_version(tree):
    """The PEP 440 version of the tree: 18.0, or 18.0.post20250421 for a dated nightly."""
    release = runpy.run_path(str(tree / "odoo" / "release.py"))
    major, minor = release["version_info"][:2]
    version = f"{major}.{minor}"
    nightly = re.search(r"-(\d{8})$", release["version"])
    return f"{version}.post{nightly.group(1)}" if nightly else version


def is_registered(tree):
    """Whether the distribution `odoo` has the tree's version and `import odoo` finds the tree."""
    try:
        installed = importlib.metadata.version("odoo")
    except importlib.metadata.PackageNotFoundError:
        return False
    spec = importlib.util.find_spec("odoo")
    found = Path(spec.origin).resolve() if spec and spec.origin else None
    return installed == odoo_version(tree) and found == (tree / "odoo" / "__init__.py").resolve()


def record_line(name, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def build(tree, out_dir):
    version = odoo_version(tree)
    info = f"odoo-{version}.dist-info"
    files = {
        PTH_NAME: f"{tree}\n",
        f"{info}/METADATA": (
            "Metadata-Version: 2.1\n"
            "Name: odoo\n"
            f"Version: {version}\n"
            f"Summary: The Odoo source tree at {tree}, importable through {PTH_NAME}\n"
            "License: LGPL-3\n"
        ),
        f"{info}/WHEEL": (
            "Wheel-Version: 1.0\n"
            "Generator: portail-familles setup/odoo_dist_wheel.py\n"
            "Root-Is-Purelib: true\n"
            "Tag: py3-none-any\n"
        ),
    }
    wheel = out_dir / f"odoo-{version}-py3-none-any.whl"
    records = []
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            data = text.encode()
            archive.writestr(name, data)
            records.append(record_line(name, data))
        records.append(f"{info}/RECORD,,")
        archive.writestr(f"{info}/RECORD", "\n".join(records) + "\n")
    return wheel


if __name__ == "__main__":
    command, tree_arg = sys.argv[1:3]
    tree_path = Path(tree_arg).absolute()
    if command == "version":
        sys.stdout.write(f"{odoo_version(tree_path)}\n")
    elif command == "registered":
        sys.exit(0 if is_registered(tree_path) else 1)
    else:
        sys.stdout.write(f"{build(tree_path, Path(sys.argv[3]))}\n")
