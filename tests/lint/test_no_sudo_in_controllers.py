"""Controllers of every addon stay thin and never act as superuser: a write (or a read beyond
the parent's record rules) is a model method that checks access first, then works on a sudo
record (see "Portal" in periscolaire_portal/readme/DESCRIPTION.md)."""

import ast

from addon_sources import parse, python_files, where


def superuser_uses(path):
    """``(place, what)`` of each way ``path`` takes superuser rights."""
    for node in ast.walk(parse(path)):
        if isinstance(node, ast.Attribute) and node.attr == "sudo":
            yield where(path, node), ".sudo()"
        elif isinstance(node, ast.keyword) and node.arg == "su":
            yield where(path, node), "su="
        elif isinstance(node, ast.Name) and node.id == "SUPERUSER_ID":
            yield where(path, node), "SUPERUSER_ID"


def test_no_superuser_rights_in_any_controller():
    found = [
        f"{place}: {what}"
        for path in python_files("controllers")
        for place, what in superuser_uses(path)
    ]
    assert not found, "superuser rights in a controller (write a checked model method):\n" + (
        "\n".join(found)
    )


def test_the_check_finds_each_way_to_superuser(tmp_path):
    sample = tmp_path / "portal.py"
    sample.write_text(
        "def route(env, family):\n"
        "    env['x'].sudo().search([])\n"
        "    family.with_env(env(su=True)).write({})\n"
        "    return family.with_user(SUPERUSER_ID)\n"
    )
    assert sorted(what for _place, what in superuser_uses(sample)) == [
        ".sudo()",
        "SUPERUSER_ID",
        "su=",
    ]
