"""The name reader strips polite and framing words in English and Spanish and never takes them
for a name (actions/name_words.py: strip_name_filler, only_filler_words; actions/extract.py:
name_after_spanish_intro)."""

from __future__ import annotations

import pytest

from actions.extract import parse
from actions.name_words import is_plausible_name, only_filler_words, strip_name_filler

NAMES = [
    ("es el 1004567823", "account_number", "1004567823", None),
    ("Hola, es el 1004567823", "account_number", "1004567823", None),
    ("Buenas tardes, mi número de cuenta es el 1004567823", "account_number", "1004567823", None),
    ("Good afternoon, my account number is 1004567823", "account_number", "1004567823", None),
    ("quiero registrarme, es el 1004567823", None, "1004567823", None),
    ("quiero registrarme 1004567823 Garza", None, "1004567823", "Garza"),
    ("my account is 1004567823 and my name is Garza", "account_number", "1004567823", "Garza"),
    ("mi cuenta es 1004567823 y mi apellido es Garza", "account_number", "1004567823", "Garza"),
    ("es la cuenta 1004567823 a nombre de Garza Ranch LLC", "account_number", "1004567823", "Garza Ranch LLC"),
    ("mi cuenta es 1004567823 y el apellido Garza", "account_number", "1004567823", "Garza"),
    ("cuenta 1004567823, apellido: De La Cruz", "account_number", "1004567823", "De La Cruz"),
    ("el apellido Garza", "member_name", None, "Garza"),
    ("es Garza", "member_name", None, "Garza"),
    ("mi apellido es Garza", "member_name", None, "Garza"),
    ("el apellido es De La Cruz", "member_name", None, "De La Cruz"),
    ("a nombre de Garza", "member_name", None, "Garza"),
    ("está a nombre de Garza, gracias", "member_name", None, "Garza"),
    ("it's under Garza", "member_name", None, "Garza"),
    ("Thank you. My last name is Garza.", "member_name", None, "Garza"),
    ("soy Garza", "member_name", None, "Garza"),
    ("De La Cruz", "member_name", None, "De La Cruz"),
    ("Day", "member_name", None, "Day"),
    ("Le", "member_name", None, "Le"),
    ("es el", "member_name", None, None),
    ("buenas tardes", "member_name", None, None),
    ("gracias", "member_name", None, None),
]


@pytest.mark.parametrize(("text", "requested", "account", "name"), NAMES)
def test_names_among_polite_words(text, requested, account, name):
    parsed = parse(text, requested)
    assert parsed.account == account
    assert parsed.name == name


@pytest.mark.parametrize("value", ["es el", "es la", "Buenas tardes", "good afternoon", "mi apellido es", "gracias",
                                   "quiero registrarme", ""])
def test_filler_alone_is_never_a_name(value):
    assert only_filler_words(value) or not strip_name_filler(value)
    assert not is_plausible_name(strip_name_filler(value))


@pytest.mark.parametrize("value", ["Garza", "De La Cruz", "Day", "Good", "Bueno", "Le", "Del Rio"])
def test_real_names_stay_names(value):
    assert is_plausible_name(strip_name_filler(value))


@pytest.mark.parametrize(("text", "requested", "fields"), [
    ("me equivoqué de correo", "identity_proof", {"email"}),
    ("perdón, el apellido está mal", "email", {"member_name"}),
    ("quiero cambiar la pregunta", "security_answer", {"security_question"}),
    ("wait wrong email", "identity_proof", {"email"}),
])
def test_corrections_in_both_languages(text, requested, fields):
    assert fields <= parse(text, requested).corrections
