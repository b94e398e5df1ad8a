"""After a pause, a message that only takes the sign-up up again ("yes I'm back", "ok back", "sí, ya
regresé", "ya estoy") resumes it and does nothing else, whatever the model read (``affirm``,
``never_mind``): the question pending before the pause is asked again, never accepted, refused or
ended by it. At the Terms a yes greeting the return accepts nothing; at "Did you mean ...?" about an
e-mail address the offer is asked again and the next yes answers it (docs/dialogue.md). In English and
Spanish, against the real backend API (tests/actions/conftest.py)."""

from __future__ import annotations

import pytest

from tests.support.action_conversation import FORM, Conversation, joined, sign_up_start, sign_up_to

# The rule data/rules.yml gives each intent outside the form (the flow is paused: no form runs).
RULE = {"affirm": "action_side_answer", "never_mind": "action_never_mind"}
PAUSE = {"en": "stop, I'll finish this later", "es": "para, lo termino despues"}
MOMENT = {"en": "brb", "es": "un momento"}
MOMENT_AT_THE_TERMS = {"en": "one sec", "es": "un momento"}
BACK = {"en": ["yes I'm back", "ok back", "yes, let's continue"], "es": ["sí, ya regresé", "ya estoy", "sí, continuemos"]}
WELCOME = {"en": "Welcome back", "es": "Qué bueno tenerle de vuelta"}
TERMS = {"en": "do you accept the Terms and Conditions", "es": "acepta los Términos y Condiciones"}
OFFER = {"en": "Did you mean t@gmail.com?", "es": "¿Quiso decir t@gmail.com?"}
YES = {"en": "yes", "es": "sí"}


def _back(chat: Conversation, text: str, intent: str) -> str:
    """A message while the flow is paused, answered by the rule of ``intent``; the form follows
    when that action takes the flow up again."""
    chat.user(text, intent)
    events, said = chat.run(RULE[intent])
    if any(event.get("event") == "followup" for event in events):
        said += chat.follow_up_form()
    return joined(said)


def _cases():
    return [(language, text, intent) for language in BACK for text in BACK[language] for intent in RULE]


@pytest.mark.parametrize(("language", "text", "intent"), _cases())
def test_coming_back_at_the_terms_only_asks_them_again(backend, language, text, intent):
    chat = sign_up_to(Conversation(language=language), "terms_accepted", sign_up_start(language))
    chat.form_turn(PAUSE[language], intent="never_mind")
    chat.run("action_never_mind")
    assert chat.slots["outcome"] == "paused" and chat.active_loop is None
    said = _back(chat, text, intent)
    assert chat.slots["terms_accepted"] is not True and chat.slots["outcome"] is None, said
    assert chat.active_loop == FORM and chat.slots["requested_slot"] == "terms_accepted"
    assert WELCOME[language] in said and TERMS[language] in said.splitlines()[-1], said
    chat.form_turn(YES[language], intent="affirm")
    assert chat.slots["outcome"] == "registered"


@pytest.mark.parametrize(("language", "text", "intent"), _cases())
def test_coming_back_at_did_you_mean_asks_the_offer_again(backend, language, text, intent):
    chat = Conversation(language=language)
    chat.start(sign_up_start(language))
    chat.form_turn("7001230125")
    chat.form_turn("Tran")
    assert OFFER[language] in joined(chat.form_turn("t@gmial.com"))
    chat.form_turn(MOMENT[language])
    assert chat.slots["outcome"] == "paused" and chat.active_loop is None
    said = _back(chat, text, intent)
    assert chat.slots["email"] is None and chat.slots["outcome"] is None and chat.slots["goal"] == "register", said
    assert chat.active_loop == FORM and chat.slots["requested_slot"] == "email"
    assert WELCOME[language] in said and OFFER[language] in said.splitlines()[-1], said
    chat.form_turn(YES[language], intent="affirm")
    assert chat.slots["email"] == "t@gmail.com"


@pytest.mark.parametrize(("language", "text", "intent"), [case for case in _cases() if "contin" not in case[1]])
def test_back_after_a_moment_at_the_terms_accepts_nothing(backend, language, text, intent):
    """ "one sec" at the Terms (their patient reply, the form still waiting), then "yes I'm back":
    the Terms are asked again, nothing accepted. (Without a pause, "sí, continuemos" at a yes/no
    question is a yes: docs/dialogue.md, "Explanations resume".)"""
    chat = sign_up_to(Conversation(language=language), "terms_accepted", sign_up_start(language))
    chat.form_turn(MOMENT_AT_THE_TERMS[language])
    said = joined(chat.form_or_side_turn(text, intent=intent))
    assert chat.slots["terms_accepted"] is not True and chat.slots["outcome"] is None, said
    assert chat.slots["requested_slot"] == "terms_accepted" and TERMS[language] in said.splitlines()[-1], said
