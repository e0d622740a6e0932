"""Every text a user reads reaches the translation files: no French literal is shown without
``_()`` (``self.env._``, ``request.env._``, ``_lt`` at module level, or the rules core's ``_lt``
of ``periscolaire_portal/rules/i18n.py``), in the code of every addon.

Checked, in every addon's Python code but its tests:

- the message of an exception (``UserError``, ``ValidationError``, ``AccessError``,
  ``RuleError``…), of a flash (``flash``, ``_pf_flash``), a chatter body (``message_post``), a
  form's error (``error = …``), a field label given to ``clean_text``: no literal, f-string or
  concatenation with words in it;
- ``_()`` itself: its text is one literal (never an f-string, a concatenation or ``.format``),
  or the extractor cannot see it;
- a ``RuleError`` caught and shown: through ``rule_text()`` (``periscolaire_portal/texts.py``),
  which translates the core's text, never as ``error.message`` or ``error`` itself.
"""

import ast
import re

from addon_sources import parse, python_files, where

#: Calls whose first argument (or ``message=``/``body=``) is shown to a user.
MESSAGE_SINKS = {
    "UserError",
    "ValidationError",
    "AccessError",
    "AccessDenied",
    "MissingError",
    "RedirectWarning",
    "RuleError",
    "MissingSchoolCalendar",
    "flash",
    "_pf_flash",
    "message_post",
}
#: Calls whose argument at this index is a label shown to a user.
LABEL_SINKS = {"clean_text": 1, "parse_enum": 2}
#: Variables whose value is shown as a form's error.
MESSAGE_VARIABLES = {"error", "message"}
TRANSLATORS = {"_", "_lt"}
#: What may take a caught RuleError: the translation of its text, and the logs.
SHOWS_RULE_ERRORS = {"rule_text", "error_message", "log", "debug", "info", "warning"}
WORD = re.compile(r"[^\W\d_]{2,}")


def call_name(node):
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)


def has_words(node):
    """Whether ``node`` builds a text with words from literals without ``_()``."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and bool(WORD.search(node.value))
    if isinstance(node, ast.JoinedStr):
        return any(has_words(value) for value in node.values)
    if isinstance(node, ast.BinOp):
        return has_words(node.left) or has_words(node.right)
    if isinstance(node, ast.IfExp):
        return has_words(node.body) or has_words(node.orelse)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        if node.func.attr in ("format", "join"):
            return has_words(node.func.value)
    return False


def shown_messages(node):
    """The arguments of a sink call that are shown to a user."""
    name = call_name(node)
    if name in MESSAGE_SINKS:
        if node.args:
            yield node.args[0]
        yield from (kw.value for kw in node.keywords if kw.arg in ("message", "body"))
    elif name in LABEL_SINKS and len(node.args) > LABEL_SINKS[name]:
        yield node.args[LABEL_SINKS[name]]


def rule_error_names(tree):
    """Names bound to a caught ``RuleError`` (``except RuleError as error``), by handler."""
    for handler in ast.walk(tree):
        if isinstance(handler, ast.ExceptHandler) and handler.name:
            caught = ast.unparse(handler.type) if handler.type else ""
            if "RuleError" in caught:
                yield handler, handler.name


def problems(path):
    tree = parse(path)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for shown in shown_messages(node):
                if has_words(shown):
                    yield where(path, shown), "text shown without _()"
            if call_name(node) in TRANSLATORS and node.args:
                source = node.args[0]
                if not isinstance(source, (ast.Constant, ast.Name, ast.Attribute)):
                    yield where(path, source), "_() of a text built in code: one literal only"
        elif isinstance(node, ast.Assign) and has_words(node.value):
            targets = [target.id for target in node.targets if isinstance(target, ast.Name)]
            if MESSAGE_VARIABLES & set(targets):
                yield where(path, node), "form error without _()"
    for handler, name in rule_error_names(tree):
        for node in ast.walk(handler):
            if not (isinstance(node, ast.Name) and node.id == name and node is not handler):
                continue
            parent = parents.get(node)
            if isinstance(parent, ast.Raise) and parent.cause is node:
                continue  # "raise … from error"
            if isinstance(parent, ast.Attribute):
                parent = parents.get(parent)
            if isinstance(parent, ast.Call) and call_name(parent) in SHOWS_RULE_ERRORS:
                continue
            if isinstance(parent, ast.keyword) and call_name(parents[parent]) == "rule_text":
                continue
            yield where(path, node), f"RuleError {name!r} shown without rule_text()"


def found(paths):
    """``file:line: problem`` of each text of ``paths`` that never reaches the ``.pot``."""
    rows = {(place, what) for path in paths for place, what in problems(path)}
    ordered = sorted(
        rows, key=lambda row: (row[0].rpartition(":")[0], int(row[0].rpartition(":")[2]))
    )
    return [f"{place}: {what}" for place, what in ordered]


def test_every_text_shown_is_translatable():
    unwrapped = found(python_files())
    assert not unwrapped, "texts that never reach the .pot:\n" + "\n".join(unwrapped)


def test_the_check_finds_each_unwrapped_text(tmp_path):
    sample = tmp_path / "model.py"
    sample.write_text(
        "def check(self, child, error):\n"
        "    raise UserError('Le panier est vide.')\n"
        "    raise RuleError(f'Action inconnue : « {child} ».')\n"
        "    self._pf_flash('Personne autorisée ' + child.name, 'success')\n"
        "    error = 'Cliquez sur au moins une activité.'\n"
        "    clean_text(value, 'Commentaire')\n"
        "    self.env._(f'Bonjour {child.name}')\n"
        "    self.env._('Bonjour %s' % child.name)\n"
        "    try:\n"
        "        pass\n"
        "    except RuleError as error:\n"
        "        raise UserError(error.message) from error\n"
    )
    assert [line.split(":", 2)[-1].strip() for line in found([sample])] == [
        "text shown without _()",
        "text shown without _()",
        "text shown without _()",
        "form error without _()",
        "text shown without _()",
        "_() of a text built in code: one literal only",
        "_() of a text built in code: one literal only",
        "RuleError 'error' shown without rule_text()",
    ]


def test_wrapped_texts_pass(tmp_path):
    sample = tmp_path / "model.py"
    sample.write_text(
        "def check(self, child):\n"
        "    raise UserError(self.env._('Le panier est vide.'))\n"
        "    raise RuleError(_lt('Action inconnue : « %s ».', child))\n"
        "    self._pf_flash(request.env._('%s peut venir.', child.name), 'success')\n"
        "    raise UserError(f'{child.name} — {child.id}')\n"
        "    try:\n"
        "        pass\n"
        "    except RuleError as error:\n"
        "        raise UserError(rule_text(self.env, error.message)) from error\n"
    )
    assert found([sample]) == []
