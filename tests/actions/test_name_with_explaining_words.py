"""A correct name with a few explaining words ("sorry autocorrect. Kowalski with an i", "perdón, es Vogel
con V") is the name alone: it matches and spends no further try; a business name that holds such words
("Tacos Como En Casa", "Cabins With A View") is sent whole, and so is a name written as printed that
opens with a word a reply also opens with ("Well Written Books", "Hola Taqueria") or holds common words
before its legal form ("Cabins With A View LLC"). A title after a self-introduction ("soy
la Sra. Hernández") introduces the surname after it. A message that cannot be read down to one name is
asked again and costs no try. Against the real backend API, in English and Spanish."""

from __future__ import annotations

import pytest

from tests.support.action_conversation import Conversation, joined, name_attempts
from tests.support.backend_helpers import load_members
from tests.support.name_step import at_the_name_step_of, found_for, read_in_one_try

KOWALSKI = dict(account="5101000021", name="Kowalski", zip="78801", last4="5521")
VOGEL = dict(account="5101000022", name="Vogel", zip="78802", last4="5522")
HERNANDEZ = dict(account="305118", name="Hernández", zip="78803", last4="5523")

WORDS = {
    "en": dict(wrong="Kowalsky", left="2 tries left", member=KOWALSKI,
               fixed="sorry autocorrect. Kowalski with an i", found="Kowalski", mismatch="does not match"),
    "es": dict(wrong="Vogle", left="2 intentos", member=VOGEL, fixed="perdon, es Vogel con V", found="Vogel",
               mismatch="coincid"),
}


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_name_with_how_it_is_spelled_is_the_name_alone(backend, language):
    words = WORDS[language]
    chat = at_the_name_step_of(backend, language, words["member"])
    said = joined(chat.form_turn(words["wrong"]))
    assert words["left"] in said, said
    said = joined(chat.form_turn(words["fixed"]))
    assert words["found"] in said and words["mismatch"] not in said, said
    assert " con V" not in said and "with an i" not in said and "autocorrect" not in said, said
    assert name_attempts(backend) == 2  # the typo and the corrected name: no third try


@pytest.mark.parametrize("language,message", [
    ("en", "sorry autocorrect changed it, the one with the e"),
    ("es", "perdón, el autocorrector lo cambió, es el de la e"),
])
def test_an_apology_without_a_name_costs_no_try(backend, language, message):
    chat = at_the_name_step_of(backend, language, KOWALSKI)
    chat.form_turn("Kowalsky")
    said = joined(chat.form_turn(message))
    assert "1 try left" not in said and "1 intento" not in said, said
    assert chat.failures("member_name") == 1 and name_attempts(backend) == 1


@pytest.mark.parametrize("language,message,found,surname", [
    ("es", "Hola, soy la Sra. Hernández. ¿Me puede ayudar a abrir mi cuenta por internet? Mi número es 305118.",
     "a nombre de Hernández", "Hernández"),
    ("en", "Hi, this is Mrs. Hernández. Can you help me get online access? My account number is 305118.",
     "for Hernández", "Hernández"),
    # an initial's dot ends nothing: the whole name after the title is tried (one try, a match), never
    # "Adelaide J"; only the name that matched is said back
    ("en", "Hello, this is Mrs. Adelaide J. Whitcombe. My account number is 305118.",
     "for Whitcombe", "Whitcombe"),
])
def test_a_title_after_a_self_introduction_gives_the_surname(backend, language, message, found, surname):
    load_members(backend.session, backend.settings, dict(HERNANDEZ, name=surname))
    chat = Conversation(language=language, channel="sms")
    said = joined(chat.start(message))
    if "305118" not in said:
        said = joined(chat.form_turn(message))
    assert found in said and "2 " not in said.split("305118")[-1][:60], said
    assert chat.failures("member_name") == 0 and name_attempts(backend) == 1


# Business names that hold the words of a spelling remark: the whole name on file is the name sent.
TACOS = dict(account="5101000023", name="Tacos Como En Casa", zip="78804", last4="5524")
CABINS = dict(account="5101000024", name="Cabins With A View", zip="78805", last4="5525")
FARM = dict(account="5101000025", name="Run Like The Wind Farm", zip="78806", last4="5526")


# A business name that holds the words of a spelling remark is sent whole; a remark beside a name is still
# cut: the name on file is found at the first try.
@pytest.mark.parametrize("language,member,typed", [
    ("es", TACOS, "Tacos Como En Casa"),
    ("es", TACOS, "tacos como en casa"),
    ("en", TACOS, "Tacos Como En Casa"),
    ("en", CABINS, "Cabins With A View"),
    ("es", CABINS, "cabins with a view"),
    ("en", FARM, "Run Like The Wind Farm"),
    ("es", FARM, "Run Like The Wind Farm"),
    # the remark beside the name
    ("en", KOWALSKI, "Kowalski with an i, not a y"),
    ("es", VOGEL, "Vogel con V de Victor"),
    ("es", VOGEL, "Vogel, como el pajaro"),
    ("en", VOGEL, "Vogel like the bird"),
])
def test_remark_words_inside_a_business_name_stay_and_beside_a_name_are_cut(backend, language, member, typed):
    said = read_in_one_try(backend, language, member, typed)
    assert found_for(language, member["name"]) in said, said


# Names written as printed, sent alone, whose first words are also the words a reply opens with, or whose
# common words come before a legal form: the whole name is the one try, never its last words.
def _member(name: str) -> dict:
    return dict(account="5101000026", name=name, zip="78807", last4="5527")


PRINTED = ["Cabins With A View LLC", "Well Written Books", "Well Pump Services Inc", "Sure Shot Pest Control",
           "Yes Ma'am Catering", "Hola Taqueria"]


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("name", PRINTED)
def test_a_printed_name_opening_with_a_filler_word_is_sent_whole(backend, language, name):
    said = read_in_one_try(backend, language, _member(name), name)
    assert found_for(language, name) in said, said


# Names of common words that were read whole already, kept so (a reading that cut them would cost a try).
@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("name", ["A Cut Above Salon", "Just For Fun Rentals", "Como En Casa Bakery",
                                  "Buena Vista Ranch", "Bueno", "De La Cruz", "Del Toro"])
def test_a_name_of_common_words_stays_whole(backend, language, name):
    said = read_in_one_try(backend, language, _member(name), name)
    assert found_for(language, name) in said, said


GARZA = dict(account="5101000027", name="Garza", zip="78808", last4="5528")


@pytest.mark.parametrize("language,typed", [
    ("en", "well, it's Garza"),
    ("en", "Well, it's Garza"),
    ("es", "bueno, es Garza"),
    ("es", "Bueno, es Garza"),
    ("es", "Es Garza"),
    ("en", "It's Garza"),
    ("es", "hola garza"),
    ("en", "Kowalski With An I"),
])
def test_chatter_set_apart_before_a_name_is_still_cut(backend, language, typed):
    member = KOWALSKI if "Kowalski" in typed else GARZA
    said = read_in_one_try(backend, language, member, typed)
    assert found_for(language, member["name"]) in said, said
