import pickle
from datetime import date

import pytest
from periscolaire_rules import recurrence
from periscolaire_rules.errors import RuleError
from periscolaire_rules.i18n import Text, _lt, join, translate

ENGLISH = {
    "%(label)s (rang %(rank)s)": "%(label)s (position %(rank)s)",
    "Liste d'attente": "Waiting list",
    "à fournir": "to provide",
}


def english(source, params):
    """A stand-in for Odoo's lookup of a module's translations, as ``get_translation`` does."""
    translated = ENGLISH.get(source, source)
    return translated % params if params else translated


def test_a_text_reads_as_its_french_with_its_parameters():
    text = _lt("Le fichier « %(name)s » dépasse %(limit)s.", name="a.pdf", limit="10 Mo")
    assert text == "Le fichier « a.pdf » dépasse 10 Mo."
    assert isinstance(text, str)
    assert text.source == "Le fichier « %(name)s » dépasse %(limit)s."
    assert text.params == {"name": "a.pdf", "limit": "10 Mo"}


def test_a_text_without_parameters_keeps_its_percent_signs():
    assert _lt("Une réduction doit être comprise entre 0 et 100 %.") == (
        "Une réduction doit être comprise entre 0 et 100 %."
    )


def test_positional_and_named_parameters_do_not_mix():
    with pytest.raises(TypeError):
        _lt("%s %(name)s", "a", name="b")


def test_translate_looks_up_the_source_and_the_text_parameters():
    text = _lt("%(label)s (rang %(rank)s)", label=_lt("Liste d'attente"), rank=2)
    assert translate(text, english) == "Waiting list (position 2)"
    assert translate("déjà traduit", english) == "déjà traduit"
    assert translate(None, english) is None


def test_joined_texts_are_translated_one_by_one():
    joined = join(" ; ", [_lt("à fournir"), "PHOTO"])
    assert joined == "à fournir ; PHOTO"
    assert translate(joined, english) == "to provide ; PHOTO"


def test_a_rule_error_keeps_its_text_for_translation():
    with pytest.raises(RuleError) as caught:
        recurrence.concerned_days(date(2026, 3, 2), date(2026, 3, 6), [], "every")
    assert isinstance(caught.value.message, Text)
    assert caught.value.message.source == "Choisissez au moins un jour de la semaine."
    assert str(caught.value) == "Choisissez au moins un jour de la semaine."


def test_a_text_survives_a_copy():
    text = _lt("Refusé : %s", "illisible")
    copied = pickle.loads(pickle.dumps(text))
    assert (copied, copied.source, copied.params) == (text, text.source, text.params)
