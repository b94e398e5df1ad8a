"""Another account brought with words of adding once the first is proven (the Terms asked): the
first is finished, never silently replaced; a plain correction still replaces the number, against
the real backend API (tests/actions/conftest.py)."""

from __future__ import annotations

import pytest

from tests.support.action_conversation import Conversation, at_the_email_step, joined, sign_up_start, sign_up_to

ADDS = {"en": "I also have the barn account to add: 3005551212 O'Brien-Smith zip 78701",
        "es": "también tengo otra cuenta para agregar: 3005551212 O'Brien-Smith código postal 78701"}
FIRST = {"en": "Let's finish account ending in 67 first; you can add the other right after.",
         "es": "Terminemos primero la cuenta que termina en 67; puede agregar la otra justo después."}
TERMS = {"en": "do you accept the Terms and Conditions", "es": "acepta los Términos y Condiciones"}
CORRECTS = {"en": "sorry, the account is 3005551212", "es": "perdón, la cuenta es 3005551212"}


@pytest.mark.parametrize("language", ["en", "es"])
def test_an_added_account_waits_for_the_proven_one(backend, language):
    chat = sign_up_to(Conversation(language=language), "terms_accepted", sign_up_start(language))
    said = joined(chat.form_turn(ADDS[language]))
    assert FIRST[language] in said and TERMS[language] in said
    assert "78701" not in said and chat.slots["account_number"] == "1001234567"
    assert chat.slots["identity_proof"] == "verified" and chat.slots["requested_slot"] == "terms_accepted"


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
