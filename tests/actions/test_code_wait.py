"""A member who asks for a moment at the one-time-code step is answered patiently, and no try is counted;
a member who cannot get the code gets one reply per situation, whatever the model read: a phone that is
no longer theirs is for member services to update; a code that did not come is sent once more, then
member services can check the phone on file."""

from __future__ import annotations

import pytest

from common.gsm import to_gsm7
from tests.support.action_conversation import Conversation, assert_asked_again_uncounted, at_the_code, joined
from tests.support.one_time_code import add_alvarez, code_sent_a_while_ago, last_code, texts


@pytest.fixture
def with_phone(backend):
    return add_alvarez(backend)


@pytest.mark.parametrize(("language", "text", "intent", "words"), [
    ("en", "give me a sec", "inform", "No rush"),
    ("en", "hold on, let me check my wife's phone", "nlu_fallback", "No rush"),
    ("en", "that phone is my husband's, let me ask him, one sec", "out_of_scope", "No rush"),
    ("es", "ese phone es del owner, dejame le pregunto, one sec", "inform", "Sin prisa"),
    ("es", "un momento", "inform", "Sin prisa"),
    ("es", "ahorita se lo pido a mi hijo", "out_of_scope", "Sin prisa"),
])
def test_asking_for_a_moment_at_the_code_gets_a_patient_reply_and_no_try(with_phone, language, text, intent, words):
    chat = at_the_code(language)
    replies = chat.form_turn(text, intent)
    said = joined(replies)
    assert len(replies) == 1 and words in said and "10 min" in said, replies
    assert "6 dig" not in said and "6 díg" not in said
    assert_asked_again_uncounted(chat, "one_time_code")
    code = last_code(with_phone)
    wrong = "000000" if code != "000000" else "111111"
    assert "2 " in joined(chat.form_turn(wrong))  # the first wrong code still leaves 2 tries
    chat.form_turn(code)
    assert chat.slots["one_time_code"] == "verified"


@pytest.mark.parametrize(("language", "text"), [("en", "what code"), ("es", "cual codigo")])
def test_other_words_without_digits_still_say_the_code_has_6_digits(with_phone, language, text):
    chat = at_the_code(language)
    said = joined(chat.form_turn(text))
    assert "6" in said and chat.failures("one_time_code") == 1, said


@pytest.mark.parametrize(("language", "text", "words"), [("en", "hold on one sec", "No rush"),
                                                          ("es", "ahorita, déjame le pregunto", "Sin prisa")])
def test_a_moment_read_as_never_mind_at_the_code_keeps_the_sign_up(with_phone, language, text, words):
    chat = at_the_code(language)
    chat.user(text, "never_mind")
    events, texts = chat.run("action_never_mind")
    assert any(e.get("event") == "followup" for e in events)
    replies = texts + chat.follow_up_form()
    assert len(replies) == 1 and words in replies[0], replies
    assert chat.slots["goal"] == "register" and chat.slots["requested_slot"] == "one_time_code"
    chat.form_turn(last_code(with_phone))
    assert chat.slots["one_time_code"] == "verified"


# --- a code that cannot be received: one reply per situation, whatever the model read ------------
def _replies_at_the_code(chat: Conversation, text: str, intent: str) -> list[str]:
    """One message at the code step as the member reads the replies (a rule answers what the form rejects)."""
    return chat.form_or_side_turn(text, intent)


@pytest.mark.parametrize(("language", "text", "words"), [
    ("en", "I don't have that phone anymore", "update it"),
    ("es", "ya no tengo ese teléfono", "actualizarlo"),
])
@pytest.mark.parametrize("intent", ["inform", "human", "email_not_received", "help"])
def test_a_phone_no_longer_theirs_gets_one_reply_whatever_the_model_read(with_phone, language, text, words, intent):
    chat = at_the_code(language)
    codes = len(texts(with_phone.settings))
    replies = _replies_at_the_code(chat, text, intent)
    said = joined(replies)
    assert len(replies) == 1 and words in said and "1-888" in said, replies
    assert "keep going" not in said and "sigamos" not in said
    assert len(texts(with_phone.settings)) == codes, "no code is sent to a phone that is not theirs"
    assert not (chat.slots["failures"] or {}).get("one_time_code")
    assert chat.slots["requested_slot"] == "one_time_code" and chat.slots["identity_proof"] == "verified"


@pytest.mark.parametrize(("language", "first", "second", "resent", "call"), [
    ("en", "I never got the code", "still nothing, the code didn't come", "Texts can take a minute", "Still no code?"),
    ("es", "no me llega el código", "no recibí ningún código", "Los textos pueden tardar", "¿Sigue sin llegar"),
])
@pytest.mark.parametrize("intent", ["inform", "human", "email_not_received"])
def test_a_code_that_did_not_come_is_sent_once_more_then_member_services(with_phone, language, first, second,
                                                                         resent, call, intent):
    chat = at_the_code(language)
    codes = len(texts(with_phone.settings))
    # Seconds after the text: that code may still be on its way; nothing new is sent or promised.
    replies = _replies_at_the_code(chat, first, intent)
    assert len(replies) == 1 and "0177" in replies[0] and resent not in replies[0], replies
    assert len(texts(with_phone.settings)) == codes
    # Half a minute on, the code is sent once more ...
    code_sent_a_while_ago(with_phone, chat.sender)
    replies = _replies_at_the_code(chat, first, intent)
    assert len(replies) == 1 and resent in replies[0] and "0177" in replies[0], replies
    codes = len(texts(with_phone.settings))
    assert codes == 2
    # ... and when that one did not come either, member services can check the phone on file.
    code_sent_a_while_ago(with_phone, chat.sender)
    replies = _replies_at_the_code(chat, second, intent)
    said = joined(replies)
    assert len(replies) == 1 and (call in said or to_gsm7(call) in said), replies
    assert "1-888" in said and "keep going" not in said and "sigamos" not in said
    assert len(texts(with_phone.settings)) == codes, "no more codes"
    assert not (chat.slots["failures"] or {}).get("one_time_code")
    assert chat.slots["requested_slot"] == "one_time_code"
    chat.form_turn(last_code(with_phone))  # the code that comes late still works
    assert chat.slots["one_time_code"] == "verified"


@pytest.mark.parametrize(("language", "text", "words"), [
    ("en", "I don't have access to that phone", "update it"),
    ("en", "that's not my number anymore", "update it"),
    ("es", "ese teléfono ya no lo tengo", "actualizarlo"),
    ("es", "ya no tengo acceso a ese cel", "actualizarlo"),
])
@pytest.mark.parametrize("intent", ["inform", "human", "help"])
def test_a_phone_no_longer_theirs_in_other_words(with_phone, language, text, words, intent):
    chat = at_the_code(language)
    codes = len(texts(with_phone.settings))
    replies = _replies_at_the_code(chat, text, intent)
    said = joined(replies)
    assert len(replies) == 1 and words in said and "1-888" in said, replies
    assert "6 dig" not in said and "6 díg" not in said and "No text?" not in said
    assert len(texts(with_phone.settings)) == codes
    assert not chat.failures("one_time_code") and chat.slots["requested_slot"] == "one_time_code"


@pytest.mark.parametrize(("language", "text"), [
    ("en", "that number is my old landline, I don't think I can get texts there"),
    ("en", "it's a home phone, it can't get texts"),
    ("es", "es un teléfono de casa"),
    ("es", "es fijo, no me llegan mensajes a ese número"),
])
@pytest.mark.parametrize("intent", ["inform", "human", "email_not_received", "help"])
def test_a_phone_that_may_take_no_texts_hears_of_the_call_and_of_member_services(with_phone, language, text, intent):
    """A landline is called with the code when a text cannot reach it (NEW CODE); a phone that is no
    longer theirs is updated by member services. No code is sent and no try counted."""
    chat = at_the_code(language)
    codes = len(texts(with_phone.settings))
    replies = _replies_at_the_code(chat, text, intent)
    said = joined(replies)
    new_code, landline, update = {"en": ("NEW CODE", "landline", "update it"),
                                  "es": ("CÓDIGO NUEVO", "fijo", "actualizarlo")}[language]
    assert len(replies) == 1 and landline in said and update in said and "1-888" in said, replies
    assert new_code in said or to_gsm7(new_code) in said
    assert "6 dig" not in said and "6 díg" not in said
    assert len(texts(with_phone.settings)) == codes, "nothing is sent before the member asks"
    assert not chat.failures("one_time_code") and chat.slots["requested_slot"] == "one_time_code"
    chat.form_turn(last_code(with_phone))  # the code, if it comes after all, still works
    assert chat.slots["one_time_code"] == "verified"
