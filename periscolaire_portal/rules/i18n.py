"""Texts of the rules core meant for people, marked for translation without Odoo.

The core speaks French. A text for people is written ``_lt("Le fichier « %(name)s » est vide.",
name=name)``: the French source with its parameters, never an f-string. ``_lt`` returns a
:class:`Text`, a ``str`` holding the French text (the core, its tests and the logs use it as it
is) that also keeps its source and parameters: it is translated where it is shown, later, as
Odoo's own ``_lt`` (lazy translation) is.

Odoo's term extractor reads every ``_lt("…")`` call of an addon's Python files, these ones
included: their sources reach ``periscolaire_portal``'s ``.pot`` and ``fr.po``. The Odoo layer
shows a text in the reader's language with :func:`translate` and a lookup of that module's
translations (``periscolaire_portal/texts.py``).
"""

from collections.abc import Callable, Iterable, Mapping
from typing import Any

Params = tuple[Any, ...] | Mapping[str, Any]


class Text(str):
    """A French text for people, with the ``source`` and ``params`` it was built from."""

    source: str
    params: Params

    def __new__(cls, source: str, params: Params = ()):
        text = super().__new__(cls, source % params if params else source)
        text.source = source
        text.params = params
        return text

    def __reduce__(self):
        return Text, (self.source, self.params)


def _lt(source: str, *args: Any, **kwargs: Any) -> Text:
    """``source`` marked for translation, formatted with ``args`` or ``kwargs`` as ``%`` does."""
    if args and kwargs:
        raise TypeError("Use positional or named parameters, not both.")
    return Text(source, args or kwargs)


def join(separator: str, texts: Iterable[Any]) -> Text:
    """``texts`` joined by ``separator`` (no ``%`` in it), each one translated on its own."""
    texts = tuple(texts)
    return Text(separator.join(["%s"] * len(texts)), texts)


def translate(value: Any, gettext: Callable[[str, Params], str]) -> Any:
    """``value`` in the reader's language when it is a :class:`Text` (its :class:`Text`
    parameters too); any other value as it is. ``gettext(source, params)`` looks the source up
    and formats it."""
    if not isinstance(value, Text):
        return value
    params = value.params
    if isinstance(params, Mapping):
        params = {name: translate(param, gettext) for name, param in params.items()}
    else:
        params = tuple(translate(param, gettext) for param in params)
    return gettext(value.source, params)
