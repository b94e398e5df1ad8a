"""The form reads messages in their context (issue: understand members the way they write).

- after a yes/no question "that's wrong" is a no;
- while a slot is asked, a message holding a valid value for it fills it, whatever the model thought;
- every answer, the security answer included, can come before its question and is never echoed;
- a change of course read with low confidence, or with answers in the same message, is confirmed
  first and "no" goes back to the pending question with every answer kept;
- a lapsed identity check says why and asks again for exactly that.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from backend.storage.models import Registration, RegistrationDraft
from tests.support.action_conversation import FORM, Conversation, joined


def up_to_email(chat: Conversation) -> None:
    chat.start("sign up")
    chat.form_turn("1001234567")
    chat.form_turn("Garza")
    assert chat.slots["requested_slot"] == "email"


def up_to_terms(chat: Conversation) -> None:
    up_to_email(chat)
    for text in ("g@example.com", "78620", "2", "Rex"):
        chat.form_turn(text)
    assert chat.slots["requested_slot"] == "terms_accepted"


def switch_turn(chat: Conversation, text: str, intent: str, confidence: float, action: str) -> list[str]:
    """A message the rules send to ``action`` during the form, then the form itself (like Rasa)."""
    chat.user(text, intent, confidence)
    _, texts = chat.run(action)
    if chat.active_loop == FORM:
        texts += chat._form()
    return texts


def test_thats_wrong_after_the_terms_question_is_a_no(backend):
    chat = Conversation()
    up_to_terms(chat)
    reply = joined(chat.form_turn("that's wrong", intent="correct"))
    assert "have not registered you" in reply
    assert chat.slots["terms_accepted"] is None and chat.slots["requested_slot"] == "terms_accepted"
    with backend.session() as session:
        assert session.scalar(select(Registration)) is None


def test_security_answer_read_as_another_intent_is_still_the_answer(backend):
    chat = Conversation()
    up_to_email(chat)
    for text in ("g@example.com", "78620", "1"):
        chat.form_turn(text)
    assert chat.slots["requested_slot"] == "security_answer"
    message_id = chat.user("Bill", "no_bill", 0.99)
    reply = joined(chat._form())
    assert chat.slots["security_answer"] == "stored"
    assert "Bill" not in reply and "terms" in reply.lower()
    assert chat.slots["redact_message_id"] == message_id


def test_security_answer_before_its_question_is_kept_and_not_echoed(backend):
    chat = Conversation()
    up_to_email(chat)
    chat.form_turn("g@example.com")
    assert chat.slots["requested_slot"] == "identity_proof"
    message_id = chat.user("my dog's name is Rufus")
    reply = joined(chat._form())
    assert "Rufus" not in reply
    assert chat.slots["redact_message_id"] == message_id
    assert chat.slots["security_question"] == "2" and chat.slots["security_answer"] == "stored"
    assert chat.slots["requested_slot"] == "identity_proof"  # still the pending question
    reply = joined(chat.form_turn("78620"))
    assert "Terms" in reply and "Rufus" not in reply  # question and answer are not asked again
    reply = joined(chat.form_turn("yes"))
    assert chat.slots["outcome"] == "registered"
    with backend.session() as session:
        assert session.scalar(select(Registration)).login.security_question == 2


def test_unsure_switch_to_delete_is_confirmed_and_no_returns_to_the_question(backend):
    chat = Conversation()
    up_to_email(chat)
    reply = joined(switch_turn(chat, "please delete my online access", "unregister", 0.69, "action_start_flow"))
    assert "It sounds like you want to delete your online access" in reply and "YES or NO" in reply
    assert "e-mail address" not in reply  # one question per turn
    assert chat.slots["goal"] == "register" and chat.slots["pending_switch"] == "unsubscribe"
    reply = joined(chat.form_turn("no", intent="deny"))
    assert "e-mail address" in reply
    assert chat.slots["pending_switch"] is None and chat.slots["goal"] == "register"
    assert chat.slots["member_name"] == "Garza" and chat.slots["requested_slot"] == "email"
    chat.form_turn("g@example.com")
    assert chat.slots["requested_slot"] == "identity_proof"


def test_confirmed_switch_to_delete_keeps_what_was_proved(backend):
    chat = Conversation()
    up_to_email(chat)
    switch_turn(chat, "delete my account", "unregister", 0.8, "action_start_flow")
    reply = joined(chat.form_turn("yes", intent="affirm"))
    assert "delete your online registration" in reply
    assert chat.slots["goal"] == "unsubscribe" and chat.slots["requested_slot"] == "identity_proof"
    assert chat.slots["account_number"] == "1001234567"


def test_switch_in_a_message_with_answers_is_confirmed_and_keeps_them(backend):
    chat = Conversation()
    up_to_email(chat)
    reply = joined(switch_turn(chat, "delete it, my email is maria@example.com", "unregister", 0.99,
                               "action_start_flow"))
    assert "It sounds like you want to delete" in reply
    assert chat.slots["email"] == "maria@example.com"
    reply = joined(chat.form_turn("nope", intent="deny"))
    assert chat.slots["goal"] == "register" and chat.slots["requested_slot"] == "identity_proof"
    assert "ZIP" in reply


def test_sure_switch_mid_form_needs_no_confirmation(backend):
    chat = Conversation()
    up_to_email(chat)
    reply = joined(switch_turn(chat, "I forgot my password", "forgot_password", 0.98, "action_start_flow"))
    assert "sounds like" not in reply and chat.slots["goal"] == "reset"


def test_unsure_start_over_and_never_mind_are_confirmed(backend):
    chat = Conversation()
    up_to_email(chat)
    reply = joined(switch_turn(chat, "restart?", "start_over", 0.6, "action_start_over"))
    assert "start over" in reply and "YES or NO" in reply
    assert chat.slots["account_number"] == "1001234567"
    reply = joined(chat.form_turn("yes", intent="affirm"))
    assert "start over" in reply and "account number" in reply
    assert chat.slots["account_number"] is None and chat.slots["goal"] == "register"

    chat.form_turn("1001234567 garza")
    reply = joined(switch_turn(chat, "forget it", "never_mind", 0.5, "action_never_mind"))
    assert "stop signing up" in reply
    reply = joined(chat.form_turn("yes", intent="affirm"))
    assert "Nothing was registered" in reply
    assert chat.slots["goal"] is None and chat.active_loop is None


def test_sign_up_words_read_as_delete_are_never_offered_deletion(backend):
    chat = Conversation()
    up_to_email(chat)
    reply = joined(switch_turn(chat, "i want online access", "unregister", 0.69, "action_start_flow"))
    assert "delete" not in reply.lower() and "e-mail address" in reply
    assert chat.slots["pending_switch"] is None and chat.slots["goal"] == "register"
    chat.user("hi my email is ana@example.com i want online access", "unregister", 0.97)
    chat.active_loop = None
    _, texts = chat.run("action_start_flow")
    assert "delete" not in joined(texts).lower() and chat.slots["goal"] == "register"


def test_unsure_delete_outside_a_flow_is_confirmed(backend):
    chat = Conversation()
    chat.user("hi my email is ana@example.com, remove my online access", "unregister", 0.97)
    _, texts = chat.run("action_start_flow")
    assert "It sounds like you want to delete" in joined(texts)
    assert chat.slots["goal"] is None
    chat.user("no", "deny")
    _, texts = chat.run("action_side_answer")
    assert "send your account number" in joined(texts) and chat.slots["pending_switch"] is None


def test_lapsed_identity_check_says_why_and_asks_only_for_it(backend):
    chat = Conversation()
    up_to_terms(chat)
    with backend.session() as session:
        draft = session.get(RegistrationDraft, chat.sender)
        draft.verified_at = draft.verified_at - timedelta(hours=3)
        session.commit()
    chat.user("yes", "affirm")  # the terms, hours later: the form is complete
    chat.set(terms_accepted=True, requested_slot=None)
    chat.active_loop = None
    _, texts = chat.run("action_complete_flow")
    reply = joined(texts)
    assert "expired" in reply and "kept" in reply
    assert chat.slots["goal"] == "register" and chat.slots["identity_proof"] is None
    assert any(e.get("event") == "followup" for e in chat.events)
    chat.active_loop = FORM
    reply = joined(chat._form(activation=True))
    assert chat.slots["requested_slot"] == "identity_proof" and "ZIP" in reply
    reply = joined(chat.form_turn("78620"))
    assert chat.slots["outcome"] == "registered", reply


def test_delete_with_nothing_to_delete_resumes_the_sign_up_keeping_the_answers(backend):
    chat = Conversation()
    up_to_email(chat)
    chat.form_turn("g@example.com")
    switch_turn(chat, "delete my online account", "unregister", 0.8, "action_start_flow")
    chat.form_turn("yes", intent="affirm")
    assert chat.slots["goal"] == "unsubscribe"
    reply = joined(chat.form_turn("78620"))  # the YES above was the deletion's one yes: not asked again
    assert "Delete your online account registration?" not in reply
    assert "nothing to delete" in reply and "continue with your sign-up" in reply
    assert chat.slots["goal"] == "register"
    assert any(e.get("event") == "followup" for e in chat.events)
    chat.active_loop = FORM
    reply = joined(chat._form(activation=True))
    assert chat.slots["requested_slot"] == "security_question" and "1, 2 or 3" in reply
    assert chat.slots["email"] == "g@example.com" and chat.slots["identity_proof"] == "verified"


def test_names_that_start_like_a_filler_word_are_kept_whole():
    from actions.extract import clean_name

    assert [clean_name(n) for n in ("Underwood", "Itson", "its Garza", "under Garza")] == \
        ["Underwood", "Itson", "Garza", "Garza"]


def test_a_new_flow_after_a_finished_one_starts_from_nothing(backend):
    chat = Conversation()
    chat.start("i forgot my password", intent="forgot_password")
    for text in ("1001234567", "Garza"):
        chat.form_turn(text)
    reply = joined(chat.form_turn("78620"))
    assert "no online registration yet" in reply and chat.active_loop is None
    reply = joined(chat.start("REGISTER"))
    assert chat.slots["account_number"] is None and chat.slots["requested_slot"] == "account_number"
    assert "account number" in reply
