"""Replies that answered what was not asked, from a play-test (SMS), in Spanish and English, against the
real backend: a ZIP given in a sentence that names the home ("El código postal de mi domicilio es el
78636.") matched and still heard which ZIP to use; a question about marketing at the e-mail step, or the
why of the e-mail after it was taken, heard "Send it like name@example.com".

A matched ZIP hears no hint; "will you put me on a marketing list?" hears that the address is never used
for marketing, at any step, then the pending question; the e-mail's why once it was taken never asks
for it again."""

from __future__ import annotations

import pytest

from tests.support.action_conversation import Conversation, at_the_email_step, joined, to_the_proof

ZIP_SENTENCE = {"es": "El código postal de mi domicilio es el 78620.", "en": "The ZIP code of my home is 78620."}
MATCHED = {"es": "coincide con nuestros registros", "en": "that matches our records"}
HINT = {"es": "Use el código postal de envío", "en": "Use the mailing ZIP code printed"}
MARKETING = {"es": "¿me van a meter en una lista de publicidad?", "en": "will you put me on a marketing list?"}
NEVER_MARKETING = {"es": "nunca se vende ni se usa para publicidad", "en": "never used for marketing"}
SEND_IT_LIKE = ("Send it like", "Envíelo así")
WHY_EMAIL = {"es": "¿para qué quieren mi correo?", "en": "why do you need my email?"}
EMAIL_QUESTION = {"es": "¿Qué correo electrónico", "en": "What e-mail address"}


@pytest.mark.parametrize("language", ["es", "en"])
def test_a_matched_zip_hears_no_hint_about_which_zip(backend, language):
    chat = Conversation(language=language, channel="sms")
    to_the_proof(chat, start="quiero registrarme" if language == "es" else "sign up")
    said = joined(chat.form_or_side_turn(ZIP_SENTENCE[language]))
    assert MATCHED[language] in said and HINT[language] not in said, said


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize("intent", ["inform", "help", "ask_safety"])
def test_a_marketing_question_at_the_email_step_hears_never(backend, language, intent):
    chat = at_the_email_step(language)
    said = joined(chat.form_or_side_turn(MARKETING[language], intent))
    assert NEVER_MARKETING[language] in said and not any(words in said for words in SEND_IT_LIKE), said
    assert chat.slots["requested_slot"] == "email" and not chat.failures("email")


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize("intent", ["inform", "help"])
def test_after_the_email_was_taken_its_why_never_asks_for_it_again(backend, language, intent):
    chat = at_the_email_step(language)
    chat.form_turn("g@example.com")
    assert chat.slots["requested_slot"] == "identity_proof"
    said = joined(chat.form_or_side_turn(MARKETING[language], intent))
    assert NEVER_MARKETING[language] in said, said
    said = joined(chat.form_or_side_turn(WHY_EMAIL[language], intent))
    assert not any(words in said for words in SEND_IT_LIKE) and EMAIL_QUESTION[language] not in said, said
