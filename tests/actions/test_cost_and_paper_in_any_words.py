"""Whether online access costs anything and what becomes of the paper bill, asked in any words (a
play-test: "And does this cost anything? Will it show up on my electric bill?" and "What happens to my
paper bill if I do this online thing?" heard the list of what online access offers, "I asked if it costs
money though" heard "call member services about billing", and after registering "is it free?" heard how
to sign up and "how long until I can log in?" a password reset): the free answer, the paper bill's
answer and, once registered, how the new login opens, whatever the model read."""

from __future__ import annotations

import pytest

from tests.support.action_conversation import Conversation, joined, sign_up_start, sign_up_to, registered

FREE = {"en": "free", "es": "gratis"}
FEATURES = {"en": "energy use", "es": "consumo"}
BILLING = {"en": "billing, payment or fee", "es": "facturación"}
SIGN_UP = {"en": "send your account number", "es": "envíe su número de cuenta"}
PAPER = {"en": "paper bills keep coming", "es": "papel"}
COST = {
    "en": ("And does this cost anything? Will it show up on my electric bill?", "I asked if it costs money though"),
    "es": ("¿Y eso cuesta algo? ¿Me lo van a poner en mi recibo de luz?", "Le pregunté si me cobran algo por eso"),
}
PAPER_ASKED = {"en": "What happens to my paper bill if I do this online thing?",
               "es": "¿Qué pasa con mi recibo de papel si hago esto en línea?"}
# The model's readings of such questions seen or likely: what online access offers, help, nothing sure.
READINGS = ("ask_benefits", "help", "nlu_fallback", "out_of_scope")


def _side(chat: Conversation, text: str, intent: str) -> str:
    chat.user(text, intent)
    _, texts = chat.run("action_side_answer")
    return joined(texts)


# Outside a step, asked before any sign-up (asked again: free again, never "call about billing") or once
# registered (no "To sign up, send your account number" after it): what each must not say beside "free".
OUTSIDE_A_STEP = {
    "before a sign-up": (lambda language: Conversation(language=language), COST, BILLING),
    "after registering": (registered,
                          {"en": ("does it cost anything to use the online account?", "is it free?"),
                           "es": ("¿cuesta algo usar la cuenta en línea?", "¿es gratis?")}, SIGN_UP),
}


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("intent", READINGS)
@pytest.mark.parametrize("when", OUTSIDE_A_STEP)
def test_the_price_in_any_words_outside_a_step_is_free(backend, language, intent, when):
    begin, asked, never = OUTSIDE_A_STEP[when]
    chat = begin(language)
    for text in asked[language]:
        reply = _side(chat, text, intent)
        assert FREE[language] in reply and FEATURES[language] not in reply, reply
        assert never[language] not in reply, reply


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("intent", READINGS)
def test_the_price_in_any_words_is_free_at_a_step_then_the_question(backend, language, intent):
    chat = sign_up_to(Conversation(language=language), "email", sign_up_start(language))
    for text in COST[language]:
        reply = joined(chat.form_or_side_turn(text, intent, 0.8))
        assert FREE[language] in reply and FEATURES[language] not in reply, reply
        assert ("e-mail" if language == "en" else "correo") in reply.split(FREE[language])[-1], reply
    assert chat.slots["requested_slot"] == "email" and not chat.failures("email")


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("intent", READINGS)
def test_the_paper_bill_asked_in_any_words_hears_that_paper_keeps_coming(backend, language, intent):
    reply = _side(Conversation(language=language), PAPER_ASKED[language], intent)
    assert PAPER[language] in reply and FEATURES[language] not in reply, reply
    chat = sign_up_to(Conversation(language=language), "email", sign_up_start(language))
    reply = joined(chat.form_or_side_turn(PAPER_ASKED[language], intent, 0.8))
    assert PAPER[language] in reply and FEATURES[language] not in reply, reply
    assert chat.slots["requested_slot"] == "email"


@pytest.mark.parametrize(("language", "text"), [
    ("en", "how long until I can log in?"), ("en", "when can I sign in?"),
    ("es", "¿en cuánto tiempo puedo entrar?"), ("es", "¿cuándo puedo iniciar sesión?"),
])
@pytest.mark.parametrize("intent", ["forgot_password", "ask_benefits", "nlu_fallback"])
def test_when_to_sign_in_after_registering_is_the_activation_link_never_a_reset(backend, language, text, intent):
    chat = registered(language)
    chat.user(text, intent)
    action = "action_start_flow" if intent == "forgot_password" else "action_side_answer"
    events, texts = chat.run(action)
    reply = joined(texts)
    assert ("open the link" if language == "en" else "abra el enlace") in reply, reply
    assert ("reset" if language == "en" else "cambiar la contraseña") not in reply.lower(), reply
    assert not any(e.get("event") == "slot" and e.get("name") == "goal" and e.get("value") for e in events)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_paper_bill_asked_beside_an_address_without_a_question_mark_is_answered(backend, language):
    """The paper bill's one reader serves beside an answer too: a question's opening words ask it."""
    text = {"en": "g@example.com, will I still get bills in the mail",
            "es": "g@example.com, y el recibo de papel me sigue llegando"}[language]
    chat = sign_up_to(Conversation(language=language), "email", sign_up_start(language))
    reply = joined(chat.form_turn(text))
    assert PAPER[language] in reply, reply
    assert chat.slots["email"] == "g@example.com" and chat.slots["requested_slot"] == "identity_proof", reply


# A charge already on the electric bill is a billing question for member services, never "online access
# is free"; a charge asked of online access itself ("any charge for this?") is its price: free.
CHARGE_ON_THE_BILL = {"en": "why is there a $5 charge on my bill?", "es": "¿por qué tengo un cargo de 5 dólares?"}
CHARGE_FOR_THIS = {"en": "any charge for this?", "es": "¿hay algún cargo por esto?"}
OFF_TOPIC = {"en": "Sorry, I can only help with online account access",
             "es": "Lo siento, solo puedo ayudarle con el acceso en línea"}
PENDING = {"email": {"en": "e-mail", "es": "correo"}, "terms_accepted": {"en": "Reply YES", "es": "Responda SÍ"}}


def _asked(language: str, where: str | None, text: str) -> str:
    if where is None:
        return _side(Conversation(language=language), text, "out_of_scope")
    chat = sign_up_to(Conversation(language=language), where, sign_up_start(language))
    reply = joined(chat.form_or_side_turn(text, "out_of_scope", 0.8))
    assert PENDING[where][language] in reply and chat.slots["requested_slot"] == where, reply
    return reply


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("where", [None, "email", "terms_accepted"])
def test_a_charge_on_the_bill_never_hears_that_online_access_is_free(backend, language, where):
    """Nor what the pending step is for (it is no why about a step): off-topic, or at the Terms whom to call."""
    reply = _asked(language, where, CHARGE_ON_THE_BILL[language])
    assert FREE[language] not in reply.lower(), reply
    if where == "terms_accepted":
        assert backend.settings.support_phone in reply, reply
    else:
        assert reply.startswith(OFF_TOPIC[language]), reply


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("where", [None, "email", "terms_accepted"])
def test_any_charge_for_online_access_is_still_its_price(backend, language, where):
    reply = _asked(language, where, CHARGE_FOR_THIS[language])
    assert FREE[language] in reply.lower(), reply
