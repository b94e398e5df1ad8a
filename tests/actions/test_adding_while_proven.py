"""Another account brought with words of adding once the first matched its name, proven (the Terms
asked) or not yet (the e-mail, the ZIP, the texted code asked): the first is finished, never silently
replaced, and its registration's reply offers to add the other; a plain correction still replaces the
number, against the real backend API (tests/actions/conftest.py)."""

from __future__ import annotations

import pytest

from tests.support.action_conversation import Conversation, at_the_email_step, joined, sign_up_start, sign_up_to
from tests.support.one_time_code import ALVAREZ, add_alvarez, last_code

ADDS = {"en": "I also have the barn account to add: 3005551212 O'Brien-Smith zip 78701",
        "es": "también tengo otra cuenta para agregar: 3005551212 O'Brien-Smith código postal 78701"}
FIRST = {"en": "Let's finish account ending in 67 first; you can add the other right after.",
         "es": "Terminemos primero la cuenta que termina en 67; puede agregar la otra justo después."}
TERMS = {"en": "do you accept the Terms and Conditions", "es": "acepta los Términos y Condiciones"}
OFFER = {"en": "You mentioned another account: send its number to add it too.",
         "es": "Nos dijo que tiene otra cuenta: envíe su número para agregarla también."}
YES = {"en": "yes", "es": "sí, acepto"}
CORRECTS = {"en": "sorry, the account is 3005551212", "es": "perdón, la cuenta es 3005551212"}


@pytest.mark.parametrize("language", ["en", "es"])
def test_an_added_account_waits_for_the_proven_one(backend, language):
    chat = sign_up_to(Conversation(language=language), "terms_accepted", sign_up_start(language))
    said = joined(chat.form_turn(ADDS[language]))
    assert FIRST[language] in said and TERMS[language] in said
    assert "78701" not in said and chat.slots["account_number"] == "1001234567"
    assert chat.slots["identity_proof"] == "verified" and chat.slots["requested_slot"] == "terms_accepted"
    replies = chat.form_turn(YES[language])
    assert chat.slots["outcome"] == "registered" and OFFER[language] in joined(replies), replies


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_correction_still_replaces_the_account(backend, language):
    chat = sign_up_to(Conversation(language=language), "terms_accepted", sign_up_start(language))
    said = joined(chat.form_turn(CORRECTS[language]))
    assert FIRST[language] not in said
    assert chat.slots["account_number"] == "3005551212"


STRAY = {"en": ("That number is not an e-mail address. I kept account ending in 67.", "What e-mail address"),
         "es": ("Ese número no es un correo electrónico. Conservé la cuenta que termina en 67.", "correo")}


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_bare_six_digit_number_at_the_email_step_keeps_the_account(backend, language):
    chat = at_the_email_step(language)
    said = joined(chat.form_turn("000000"))
    assert STRAY[language][0] in said and STRAY[language][1] in said
    assert chat.slots["account_number"] == "1001234567" and chat.slots["member_name"]
    assert chat.slots["requested_slot"] == "email" and not chat.failures("email")


# Before the proof: the account and name matched, the ZIP (or the texted code) still asked.
ADDS_BEFORE = {"en": ("I also have account 400777", "also the barn one is 3005551212"),
               "es": ("y también la cuenta 400777", "también la del rancho es la 3005551212")}
ZIP_ASKED = {"en": "ZIP", "es": "código postal"}
CORRECTS_BEFORE = {"en": ("sorry, the account is 3005551212", "no, wrong number, it's 3005551212"),
                   "es": ("perdón, la cuenta es 3005551212", "no, me equivoqué de número, es 3005551212")}


def at_the_zip(language: str) -> Conversation:
    chat = sign_up_to(Conversation(language=language), "identity_proof", sign_up_start(language))
    assert chat.slots["member_name"] and chat.slots["identity_proof"] is None
    return chat


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("which", [0, 1])
def test_an_added_account_before_the_proof_waits_and_is_offered_after_the_registration(backend, language, which):
    chat = at_the_zip(language)
    said = joined(chat.form_turn(ADDS_BEFORE[language][which]))
    assert FIRST[language] in said and ZIP_ASKED[language] in said, said
    assert chat.slots["account_number"] == "1001234567" and chat.slots["member_name"]
    assert chat.slots["requested_slot"] == "identity_proof" and not chat.failures("identity_proof")
    for text in ("78620", "2", "Rex", YES[language]):
        replies = chat.form_turn(text)
    assert chat.slots["outcome"] == "registered", replies
    assert OFFER[language] in joined(replies), replies
    # The member sends the other number: its sign-up starts, its name asked.
    chat.message("400777" if which == 0 else "3005551212")
    assert chat.slots["account_number"] == ("400777" if which == 0 else "3005551212")
    assert chat.slots["requested_slot"] == "member_name"


@pytest.mark.parametrize("language", ["en", "es"])
def test_an_added_account_at_the_email_step_waits(backend, language):
    chat = at_the_email_step(language)
    said = joined(chat.form_turn(ADDS_BEFORE[language][0]))
    assert FIRST[language] in said and chat.slots["requested_slot"] == "email", said
    assert chat.slots["account_number"] == "1001234567" and chat.slots["member_name"]


@pytest.mark.parametrize("language", ["en", "es"])
def test_an_added_account_at_the_code_step_waits_and_the_code_still_works(backend, language):
    add_alvarez(backend)
    chat = Conversation(language=language)
    chat.start(sign_up_start(language))
    for text in (ALVAREZ["account"], ALVAREZ["name"], "a@example.com", ALVAREZ["zip"]):
        chat.form_turn(text)
    assert chat.slots["requested_slot"] == "one_time_code"
    said = joined(chat.form_turn(ADDS_BEFORE[language][0]))
    assert FIRST[language].replace("67", "23") in said and chat.slots["account_number"] == ALVAREZ["account"], said
    assert chat.slots["requested_slot"] == "one_time_code" and not chat.failures("one_time_code")
    chat.form_turn(last_code(backend))
    assert chat.slots["one_time_code"] == "verified" and chat.slots["account_number"] == ALVAREZ["account"]


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("which", [0, 1])
def test_a_correction_before_the_proof_still_replaces_the_account(backend, language, which):
    chat = at_the_zip(language)
    said = joined(chat.form_turn(CORRECTS_BEFORE[language][which]))
    assert FIRST[language] not in said
    assert chat.slots["account_number"] == "3005551212"
    assert not chat.slots["other_account_held"]
