"""Side answers that depend on where the member is: a bill not at hand, a follow-up to the same
side question, and "is this safe?" at each step (real backend API, English and Spanish)."""

from __future__ import annotations

import pytest

from common.gsm import MAX_SEPTETS, septets, to_gsm7
from tests.support.action_conversation import (
    Conversation, assert_asked_again_uncounted, joined, sign_up_to, to_the_proof,
)


def _side(chat: Conversation, text: str, intent: str) -> str:
    chat.user(text, intent)
    _, texts = chat.run("action_side_answer")
    return joined(texts)


def _in_form_side(chat: Conversation, text: str, intent: str) -> tuple[str, str]:
    """A side question while the form waits: the side answer, then the pending question asked again."""
    chat.form_turn(text, intent)
    assert chat.rejected
    _, answer = chat.run("action_side_answer")
    _, pending = chat.run(f"action_ask_{chat.slots['requested_slot']}")
    return joined(answer), joined(pending)


# --- a bill that is not at hand -------------------------------------------------------------
@pytest.mark.parametrize(("language", "text", "words"), [
    ("en", "I don't have my bill with me right now, I'm at work", "keep your place"),
    ("en", "my bill is at home, can I do this later?", "keep your place"),
    ("es", "no traigo el recibo conmigo, estoy en el trabajo", "le guardo su lugar"),
    ("es", "ahorita no tengo la factura a la mano", "le guardo su lugar"),
])
def test_a_bill_not_at_hand_keeps_the_place_and_names_member_services(backend, language, text, words):
    chat = Conversation(language=language)
    chat.start("sign up" if language == "en" else "quiero registrarme")
    answer, pending = _in_form_side(chat, text, "no_bill")
    assert words in answer and backend.settings.support_phone in answer, answer
    assert "No bill yet" not in answer and "Aún no tiene" not in answer
    assert chat.slots["requested_slot"] == "account_number" and chat.slots["goal"] == "register"
    outside = _side(Conversation(language=language), text, "no_bill")
    assert words in outside and backend.settings.support_phone in outside


@pytest.mark.parametrize(("language", "text", "words"), [
    ("en", "i dont have a bill yet, we just moved in", "No bill yet"),
    ("es", "todavía no me llega ningún recibo, soy nuevo", "no tiene factura"),
])
def test_a_new_member_without_a_bill_still_hears_to_call_for_the_number(backend, language, text, words):
    answer = _side(Conversation(language=language), text, "no_bill")
    assert words in answer and backend.settings.support_phone in answer, answer


# --- the same side answer twice in a row --------------------------------------------------------
@pytest.mark.parametrize(("language", "first", "follow_up", "question"), [
    ("en", "will paper bills stop if I sign up?", "does it cost anything? can I still pay by check?", "ZIP"),
    ("es", "¿dejan de llegar los recibos de papel?", "¿eso cuesta algo? ¿puedo seguir pagando con cheque?",
     "codigo postal"),
])
def test_a_follow_up_to_a_side_answer_is_not_the_same_paragraph_again(backend, language, first, follow_up, question):
    chat = Conversation(language=language)
    to_the_proof(chat)
    answer, _ = _in_form_side(chat, first, "ask_paperless")
    again, pending = _in_form_side(chat, follow_up, "ask_paperless")
    assert again != answer and backend.settings.support_phone in again, again
    assert question in pending.replace("ó", "o"), pending
    assert chat.slots["requested_slot"] == "identity_proof"


@pytest.mark.parametrize("language", ["en", "es"])
def test_outside_a_flow_the_follow_up_says_who_can_answer_and_how_to_sign_up(backend, language):
    chat = Conversation(language=language)
    answer = _side(chat, "how do I get paperless billing?", "ask_paperless")
    again = _side(chat, "does it cost anything? can I still pay by check?", "ask_paperless")
    assert again != answer and backend.settings.support_phone in again
    assert "account number" in again or "número de cuenta" in again
    third = _side(chat, "what do I get with online access?", "ask_benefits")
    assert third != again and backend.settings.support_phone not in third  # another question: its own answer


def test_a_follow_up_is_recognised_when_the_first_answer_was_stored_folded(backend):
    """A conversation stored while every reply was folded to GSM-7 (before the web chat kept
    accents) holds the first answer without them: the same paragraph is still not said again."""
    chat = Conversation(language="es")
    answer = _side(chat, "¿cómo me cambio a factura sin papel?", "ask_paperless")
    assert to_gsm7(answer) != answer  # the answer has letters GSM-7 lacks
    for event in chat.events:
        if event.get("event") == "bot":
            event["text"] = to_gsm7(event["text"])  # as Rasa stored it then
    again = _side(chat, "¿y puedo seguir pagando con cheque?", "ask_paperless")
    assert again != answer and backend.settings.support_phone in again, again


# --- "is this safe?" at each step ---------------------------------------------------------------
WORDS = {
    "en": {"answer": "hash", "email": "activation link", "ssn": "discarded", "general": "own assistant"},
    "es": {"answer": "hash", "email": "enlace de activacion", "ssn": "se descartan", "general": "asistente de"},
}
SAFE = {"en": "wait, is this safe?", "es": "¿oiga, esto es seguro?"}


def _fits(text: str) -> bool:
    return septets(to_gsm7(text)) <= MAX_SEPTETS


@pytest.mark.parametrize("language", ["en", "es"])
def test_is_this_safe_at_the_security_answer_is_about_the_answer(backend, language):
    chat = Conversation(language=language)
    to_the_proof(chat)
    chat.form_turn("78620")
    chat.form_turn("2")
    assert chat.slots["requested_slot"] == "security_answer"
    answer, _ = _in_form_side(chat, SAFE[language], "ask_safety")
    assert WORDS[language]["answer"] in answer and backend.settings.support_phone in answer, answer
    assert WORDS[language]["ssn"] not in answer and "SSN" not in answer and _fits(answer)


@pytest.mark.parametrize("language", ["en", "es"])
def test_is_this_safe_at_the_email_is_about_the_address(backend, language):
    chat = Conversation(language=language)
    chat.start("sign up")
    chat.form_turn("1001234567")
    chat.form_turn("Garza")
    assert chat.slots["requested_slot"] == "email"
    answer, _ = _in_form_side(chat, SAFE[language], "ask_safety")
    assert WORDS[language]["email"] in answer.replace("ó", "o") and WORDS[language]["ssn"] not in answer, answer
    assert _fits(answer)


@pytest.mark.parametrize("language", ["en", "es"])
def test_is_this_safe_at_the_zip_or_last_4_is_about_the_ssn(backend, language):
    chat = Conversation(language=language)
    to_the_proof(chat)
    answer, _ = _in_form_side(chat, SAFE[language], "ask_safety")
    assert WORDS[language]["ssn"] in answer and _fits(answer), answer


@pytest.mark.parametrize("language", ["en", "es"])
def test_is_this_safe_at_the_opening_says_who_asks_and_how_to_check(backend, language):
    answer = _side(Conversation(language=language), SAFE[language], "ask_safety")
    assert WORDS[language]["general"] in answer and backend.settings.support_phone in answer, answer
    assert WORDS[language]["ssn"] not in answer and "SSN" not in answer and "hash" not in answer
    assert _fits(answer)


@pytest.mark.parametrize(("language", "text"), [("en", "is it safe to text my ssn?"),
                                                ("es", "¿es seguro mandar mi seguro social por mensaje?")])
def test_a_question_naming_the_ssn_is_answered_about_it_at_any_step(backend, language, text):
    answer = _side(Conversation(language=language), text, "ask_safety")
    assert WORDS[language]["ssn"] in answer, answer


# --- "will I still get my paper bill?" ---------------------------------------------------------
@pytest.mark.parametrize(("language", "text", "keeps", "unless", "until"), [
    ("en", "Will I still get my paper bill in the mail?", "Your paper bills keep coming by mail",
     "unless you turn on paperless billing yourself", "until then"),
    ("es", "¿me va a seguir llegando el recibo de papel por correo?",
     "Las facturas en papel le siguen llegando por correo", "active la factura sin papel",
     "hasta entonces"),
])
def test_paper_bills_keep_coming_unless_the_member_turns_on_paperless(backend, language, text, keeps, unless, until):
    """Signing up stops no paper bill: said plainly before, during and after the sign-up, never
    "until then" (which reads as if paper stopped at sign-up)."""
    outside = _side(Conversation(language=language), text, "ask_paperless")
    chat = Conversation(language=language)
    to_the_proof(chat)
    during, _pending = _in_form_side(chat, text, "ask_paperless")
    sign_up_to(chat, "terms_accepted")
    chat.form_turn("yes" if language == "en" else "sí")
    assert chat.slots["outcome"] == "registered"
    after = _side(chat, text, "ask_paperless")
    for answer in (outside, during, after):
        said = to_gsm7(answer)
        assert said.startswith(to_gsm7(keeps)) and to_gsm7(unless) in said, answer
        assert until not in said, answer
    assert "/login" in after and "/login" not in during
    assert to_gsm7("after you sign up" if language == "en" else "después de registrarse") in to_gsm7(during)


# --- "is it safe to text my SSN?" is answered first; "is this a scam?" hears who asks first ------
SSN_FIRST = {"en": "The last 4 of the SSN or Tax ID are only checked against the co-op's records, then discarded",
             "es": "Los últimos 4 del SSN o ID fiscal solo se comparan con los registros de la cooperativa"}
NOT_STORED = {"en": ("never shown back, never stored in clear", "Or send your ZIP code instead."),
              "es": ("nunca se muestran ni se guardan tal cual", "O envíe su código postal.")}
WHO_FIRST = {"en": "This is {coop}'s own assistant; to check, call {phone}",
             "es": "Soy el asistente de {coop}; compruébelo al {phone}"}
CHECK_AFTER = {"en": "To check that this is {coop}, call {phone}",
               "es": "Para comprobar que soy el asistente de {coop}, llame al {phone}"}


@pytest.mark.parametrize("intent", ["ask_safety", "inform"])
@pytest.mark.parametrize(("language", "text"), [
    ("en", "Is it safe to give the last four of my social security number by text message?"),
    ("en", "is it safe to text my SSN?"),
    ("es", "es seguro mandar lo del seguro social por msj?"),
    ("es", "¿es seguro mandar los últimos 4 del seguro social por mensaje?"),
])
def test_is_it_safe_to_text_the_ssn_leads_with_the_answer_then_how_to_check(backend, language, text, intent):
    chat = Conversation(language=language)
    to_the_proof(chat)
    said = to_gsm7(joined(chat.form_or_side_turn(text, intent)))
    facts = {"coop": backend.settings.coop_name, "phone": backend.settings.support_phone}
    assert said.startswith(to_gsm7(SSN_FIRST[language])), said
    assert all(to_gsm7(words) in said for words in NOT_STORED[language]), said
    check = to_gsm7(CHECK_AFTER[language].format(**facts))
    assert check in said and said.index(to_gsm7(NOT_STORED[language][1])) < said.index(check), said
    assert to_gsm7(WHO_FIRST[language].format(**facts)) not in said
    assert_asked_again_uncounted(chat, "identity_proof")


@pytest.mark.parametrize(("language", "text"), [
    ("en", "wait, is this a scam? are you really the co-op?"),
    ("en", "how do I know you're legit before I send my social?"),
    ("es", "¿esto es una estafa? ¿de verdad es la cooperativa?"),
    ("es", "¿cómo sé que no es fraude antes de mandar lo del seguro social?"),
])
def test_is_this_a_scam_at_the_ssn_step_still_says_who_asks_first(backend, language, text):
    chat = Conversation(language=language)
    to_the_proof(chat)
    said = to_gsm7(joined(chat.form_or_side_turn(text, "ask_safety")))
    facts = {"coop": backend.settings.coop_name, "phone": backend.settings.support_phone}
    assert said.startswith(to_gsm7(WHO_FIRST[language].format(**facts))), said
    assert to_gsm7(NOT_STORED[language][0]) in said, said  # and what becomes of the last 4
    assert_asked_again_uncounted(chat, "identity_proof")


@pytest.mark.parametrize(("language", "text"), [
    ("en", "is it safe to text my ssn"),
    ("es", "¿es seguro mandar mi seguro social por mensaje?"),
])
def test_outside_a_flow_is_it_safe_to_text_the_ssn_leads_with_the_answer(backend, language, text):
    said = to_gsm7(_side(Conversation(language=language), text, "ask_safety"))
    assert said.startswith(to_gsm7(SSN_FIRST[language])) and backend.settings.support_phone in said, said
