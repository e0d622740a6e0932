"""Write each addon's README.rst and static/description/index.html from its readme/ fragments.

OCA generates both files from the fragments; this does the same with docutils (an Odoo
requirement), so that the fragments stay the only place to edit. Run after editing readme/.
"""

import ast
import sys
from pathlib import Path

from docutils.core import publish_string

REPO = Path(__file__).resolve().parent.parent
SECTIONS = (
    ("DESCRIPTION.md", None),
    ("CONFIGURE.md", "Configuration"),
    ("USAGE.md", "Utilisation"),
)


def markdown_to_rst(text):
    """The fragments use a small subset of Markdown: lists, *emphasis* and `code`."""
    return text.replace("`", "``").replace("````", "``")


def title(text, char):
    return f"{text}\n{char * len(text)}\n"


def readme(addon_dir):
    manifest = ast.literal_eval((addon_dir / "__manifest__.py").read_text(encoding="utf-8"))
    parts = [
        "=" * len(manifest["name"]),
        manifest["name"],
        "=" * len(manifest["name"]),
        "",
        f".. |license| image:: https://img.shields.io/badge/licence-{manifest['license'].replace('-', '--')}-blue.png",
        "",
        f"|license| Version {manifest['version']}",
        "",
    ]
    for filename, heading in SECTIONS:
        fragment = addon_dir / "readme" / filename
        if not fragment.exists():
            continue
        if heading:
            parts.append(title(heading, "="))
        parts.append(markdown_to_rst(fragment.read_text(encoding="utf-8")).strip() + "\n")
    parts.append(title("Auteurs", "="))
    parts.append(f"* {manifest['author']}\n")
    return "\n".join(parts)


def main():
    for manifest in sorted(REPO.glob("*/__manifest__.py")):
        addon_dir = manifest.parent
        name = addon_dir.name
        rst = readme(addon_dir)
        (addon_dir / "README.rst").write_text(rst, encoding="utf-8")
        html = publish_string(
            rst,
            writer_name="html5",
            settings_overrides={"output_encoding": "unicode", "embed_stylesheet": False},
        )
        (addon_dir / "static" / "description" / "index.html").write_text(html, encoding="utf-8")
        sys.stdout.write(f"{name}: README.rst and static/description/index.html written\n")


if __name__ == "__main__":
    main()
