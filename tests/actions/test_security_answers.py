"""Only an answer is ever stored as the security answer, in English and Spanish, against the
real backend API (tests/actions/conftest.py). A wrong stored answer shows only when the member
forgets the password, so:

- a question picked in the member's own words is picked, and its answer is then asked;
- a question, a "wait" or an "I don't know" at the answer step gets a reply, counts as no
  failure and stores nothing; the answer is asked again;
- a choice and its answer in one message are both taken; chatter after an answer is dropped;
- the "saved" reply names the question (never the answer) and says how to redo it, and
  CHANGE ANSWER / CAMBIAR RESPUESTA redoes it.
"""

from __future__ import annotations

import pytest

from actions import messages
from actions.language import speaking
from backend.privacy.hashing import verify_answer
from common.gsm import MAX_SEPTETS, is_gsm7, septets, to_gsm7
from tests.support.action_conversation import (
    FORM, Conversation, assert_asked_again_uncounted, joined, stored_answer_hash, to_the_answer, to_the_question,
)
from tests.support.replies import LONG, reply_in

QUESTION_TEXT = {1: "What is your mother's maiden name?", 2: "What is your pet's name?",
                 3: "Which high school did you attend?"}


def said_at_the_menu(language: str, text: str, intent: str = "inform",
                     confidence: float = 0.95) -> tuple[Conversation, list[str]]:
    """A sign-up at the question menu, and the replies to ``text`` sent there."""
    chat = to_the_question(language)
    return chat, chat.form_turn(text, intent, confidence)


def assert_picked_with_its_answer_asked(backend, chat: Conversation, reply: str, language: str, number: int) -> None:
    """Question ``number`` is chosen and its answer asked; nothing is stored or said to be saved."""
    assert chat.slots["security_question"] == str(number)
    assert chat.slots["requested_slot"] == "security_answer"
    assert chat.slots["security_answer"] is None and stored_answer_hash(backend) is None
    assert reply_in(language, messages.ask_security_answer, number) in reply
    assert "saved" not in reply and "guard" not in reply


def assert_menu_asked_again(chat: Conversation, replies: list[str], language: str) -> None:
    """No question is chosen: the menu is the last reply, and no failure is counted."""
    assert chat.slots["security_question"] is None and chat.slots["requested_slot"] == "security_question"
    assert replies[-1] == reply_in(language, messages.ask_security_question), replies


# --- 1. a question picked in other words: picked, then its answer asked ---------------------
@pytest.mark.parametrize(("language", "text", "number"), [
    ("en", "what high school I went to", 3), ("en", "the school one", 3),
    ("en", "my mother's maiden name one", 1), ("en", "the pet question", 2),
    ("en", "where I went to high school", 3), ("en", "my first pet", 2),
    ("es", "la del high school", 3), ("es", "la de mi mamá", 1), ("es", "la de mi mascota", 2),
    ("es", "la del apellido de mi mamá", 1), ("es", "la de la prepa a la que fui", 3),
])
def test_a_question_picked_in_other_words_is_picked_and_its_answer_asked(backend, language, text, number):
    chat, replies = said_at_the_menu(language, text)
    assert_picked_with_its_answer_asked(backend, chat, joined(replies), language, number)


def test_naming_another_question_while_the_answer_is_asked_switches_to_it(backend):
    chat = to_the_answer("en", "2")
    reply = joined(chat.form_turn("the school one"))
    assert chat.slots["security_question"] == "3" and chat.slots["requested_slot"] == "security_answer"
    assert QUESTION_TEXT[3] in reply and stored_answer_hash(backend) is None


@pytest.mark.parametrize("language", ["en", "es"])
def test_naming_the_same_question_again_is_no_answer(backend, language):
    chat = to_the_answer(language, "2")
    reply = joined(chat.form_turn("the pet one" if language == "en" else "la de la mascota"))
    assert chat.slots["requested_slot"] == "security_answer" and stored_answer_hash(backend) is None
    assert reply_in(language, messages.ask_security_answer, 2) in reply


# --- 2. a question or a non-answer at the answer step --------------------------------------
@pytest.mark.parametrize(("language", "text", "intent", "kind"), [
    ("en", "does it have to be my mom's or the owner's mom?", "inform", "question"),
    ("en", "which one, my mom or my dad?", "account_help", "question"),
    ("en", "can it be a nickname?", "nlu_fallback", "question"),
    ("en", "Should it be her name before she married", "inform", "question"),
    ("en", "wait", "correct", "wait"), ("en", "hold on", "nlu_fallback", "wait"),
    ("en", "I don't know", "account_help", "unsure"),
    ("es", "¿tiene que ser el apellido de mi mamá o el de la dueña?", "inform", "question"),
    ("es", "cual, el de mi mama o el de mi suegra", "inform", "question"),
    ("es", "espera", "correct", "wait"), ("es", "un momento", "correct", "wait"),
    ("es", "no sé", "nlu_fallback", "unsure"), ("es", "no me acuerdo", "deny", "unsure"),
])
def test_no_answer_at_the_answer_step_is_stored_or_counted(backend, language, text, intent, kind):
    chat = to_the_answer(language, "1")
    reply = joined(chat.form_turn(text, intent=intent, confidence=0.9))
    assert not chat.rejected, "the form itself replies"
    assert reply_in(language, messages.not_an_answer, kind) in reply
    assert reply_in(language, messages.ask_security_answer, 1) in reply  # asked again
    assert chat.slots["requested_slot"] == "security_answer" and chat.slots["security_answer"] is None
    assert stored_answer_hash(backend) is None and chat.failures("security_answer") == 0
    reply = joined(chat.form_turn("Kowalski"))
    assert chat.slots["security_answer"] == "stored" and verify_answer(stored_answer_hash(backend), "Kowalski")
    assert "Kowalski" not in reply


@pytest.mark.parametrize(("language", "text"), [("en", "let me think"), ("es", "déjame pensar")])
def test_let_me_think_read_as_never_mind_asks_for_the_answer_again(backend, language, text):
    chat = to_the_answer(language, "2")
    chat.user(text, "never_mind", 0.93)
    events, texts = chat.run("action_never_mind")
    assert reply_in(language, messages.not_an_answer, "wait") in joined(texts)
    assert any(e.get("event") == "followup" and e.get("name") == FORM for e in events)
    assert chat.slots["goal"] == "register" and chat.slots["security_question"] == "2"
    reply = joined(chat.follow_up_form())
    assert reply_in(language, messages.ask_security_answer, 2) in reply
    assert stored_answer_hash(backend) is None


def test_the_transcripts_question_is_answered_then_the_real_answer_stored(backend):
    """The member who asked whose mother is meant gets an answer, then the name is stored."""
    chat = to_the_answer("en", "mother's maiden name")
    reply = joined(chat.form_turn("does it have to be my mom's or the owner's mom?", intent="inform", confidence=0.36))
    assert "Any answer works" in reply and QUESTION_TEXT[1] in reply and "saved" not in reply
    chat.form_turn("Kowalski")
    assert verify_answer(stored_answer_hash(backend), "Kowalski")
    assert not verify_answer(stored_answer_hash(backend), "does it have to be my mom's or the owner's mom?")


# --- 3. the choice and its answer in one message; chatter after an answer ------------------
@pytest.mark.parametrize(("language", "text", "number", "answer"), [
    ("es", "la d mi mascota, se llama firulais", 2, "firulais"),
    ("es", "la de la escuela: Preparatoria Benito Juárez", 3, "Preparatoria Benito Juárez"),
    ("es", "la de mi mamá, Treviño", 1, "Treviño"),
    ("en", "2, the dog's name is Biscuit", 2, "Biscuit"),
    ("en", "the pet one, his name is Biscuit", 2, "Biscuit"),
    ("en", "pets name. its Chispa", 2, "Chispa"),
    ("en", "the school one - Lanier High", 3, "Lanier High"),
    # a lead-in before the choice by its number, or the choice in a sentence, then the answer
    ("en", "oh ok. number 1, Sullivan", 1, "Sullivan"),
    ("es", "ah ok. la 1, Treviño", 1, "Treviño"), ("es", "ah ok. la 1, Garza", 1, "Garza"),
    ("en", "I shall choose the question regarding my mother's maiden name. The answer is Lindgren.", 1, "Lindgren"),
])
def test_a_choice_and_its_answer_in_one_message_are_both_taken(backend, language, text, number, answer):
    chat, replies = said_at_the_menu(language, text)
    reply = joined(replies)
    assert chat.slots["security_question"] == str(number) and chat.slots["security_answer"] == "stored"
    assert verify_answer(stored_answer_hash(backend), answer) and not verify_answer(stored_answer_hash(backend), text)
    assert reply_in(language, messages.confirm_answer, number) in reply
    assert answer.lower() not in reply.lower()


# A message at the menu that names the question in a sentence AND gives its answer: both are taken,
# the answer read as at the answer step (the school's kind, the clause after it and the question's
# own words are no part of it), so the answer is never asked for again.
NAMED_WITH_ITS_ANSWER = [
    ("es", "Mi escuela fue la secundaria Benito Juárez", 3, "Benito Juárez"),
    ("es", "mi escuela era la prepa Benito Juárez", 3, "Benito Juárez"),
    ("es", "Asistí a la preparatoria Benito Juárez en Monterrey", 3, "Benito Juárez"),
    ("en", "my school was Lanier High", 3, "Lanier High"),
    ("en", "my high school was Lanier High in Austin", 3, "Lanier High"),
    ("en", "my dog was called Rex", 2, "Rex"),
    ("en", "my pet is Rex", 2, "Rex"),
    ("es", "mi mascota es Firulais", 2, "Firulais"),
    ("es", "tenía un perro que se llamaba Firulais", 2, "Firulais"),
    ("es", "mi mamá se apellidaba Villarreal", 1, "Villarreal"),
    ("es", "mi madre de soltera era Treviño", 1, "Treviño"),
    ("en", "my mom's last name before she married was Kowalski", 1, "Kowalski"),
]


@pytest.mark.parametrize(("language", "text", "number", "answer"), NAMED_WITH_ITS_ANSWER)
def test_a_question_named_with_its_answer_at_the_menu_stores_both(backend, language, text, number, answer):
    chat, replies = said_at_the_menu(language, text)
    reply = joined(replies)
    assert chat.slots["security_question"] == str(number) and chat.slots["security_answer"] == "stored", reply
    assert verify_answer(stored_answer_hash(backend), answer), "the answer alone is stored"
    assert reply_in(language, messages.confirm_answer, number) in reply
    assert reply_in(language, messages.ask_security_answer, number) not in reply, "never asked again"
    assert chat.slots["requested_slot"] == "terms_accepted"
    assert chat.slots["member_name"] == "Garza", "a 'last name' in the answer's sentence is no account name"
    assert answer.lower() not in reply.lower()


@pytest.mark.parametrize(("language", "text", "number", "answer"), NAMED_WITH_ITS_ANSWER)
def test_the_same_sentence_at_the_answer_step_stores_the_same_answer(backend, language, text, number, answer):
    chat = to_the_answer(language, str(number))
    chat.form_turn(text)
    assert chat.slots["security_answer"] == "stored" and verify_answer(stored_answer_hash(backend), answer)
    assert chat.slots["member_name"] == "Garza"


@pytest.mark.parametrize(("language", "text"), [("en", "the pet one, I don't know yet"), ("en", "2, please"),
                                                ("es", "la de mi mascota, gracias"), ("es", "la de mi perro, no sé")])
def test_a_choice_with_no_answer_after_it_asks_for_the_answer(backend, language, text):
    chat, replies = said_at_the_menu(language, text)
    assert_picked_with_its_answer_asked(backend, chat, joined(replies), language, 2)


@pytest.mark.parametrize(("language", "text", "answer"), [
    ("es", "firulais ya te dije", "firulais"), ("es", "Firulais, como te dije", "Firulais"),
    ("en", "Rex, I told you already", "Rex"), ("en", "Rex like I said", "Rex"),
    ("en", "wait, it's Rex", "Rex"),
])
def test_chatter_around_an_answer_is_no_part_of_it(backend, language, text, answer):
    chat = to_the_answer(language, "2")
    reply = joined(chat.form_turn(text))
    assert chat.slots["security_answer"] == "stored"
    assert verify_answer(stored_answer_hash(backend), answer) and not verify_answer(stored_answer_hash(backend), text)
    assert answer.lower() not in reply.lower()


# --- 4. the saved reply names the question; CHANGE ANSWER redoes it ------------------------
def test_the_saved_reply_names_the_question_and_how_to_redo_it():
    with speaking("en"):
        assert messages.confirm_answer(2) == (
            "Thanks, I saved your answer to: What is your pet's name? (Reply CHANGE ANSWER to redo it.)")
    with speaking("es"):
        text = messages.confirm_answer(2)
    assert text.startswith("Gracias, guardé su respuesta a: ¿") and "CAMBIAR RESPUESTA" in text


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("number", [1, 2, 3])
def test_the_saved_reply_and_the_terms_question_fit_one_text(language, number):
    """The turn that saves the answer also asks the Terms: even sent as one text it is GSM-7
    of at most two segments, with the longest co-op facts."""
    with speaking(language):
        turn = to_gsm7(messages.confirm_answer(number) + "\n" + messages.ask_terms(LONG))
    assert is_gsm7(turn) and septets(turn) <= MAX_SEPTETS, septets(turn)


@pytest.mark.parametrize(("language", "change"), [("en", "CHANGE ANSWER"), ("en", "change answer"),
                                                   ("es", "CAMBIAR RESPUESTA"), ("es", "cambiar respuesta")])
def test_change_answer_after_the_saved_reply_redoes_the_answer(backend, language, change):
    chat = to_the_answer(language, "3")
    reply = joined(chat.form_turn("Lehman High"))
    assert reply_in(language, messages.confirm_answer, 3) in reply
    assert chat.slots["requested_slot"] == "terms_accepted"
    reply = joined(chat.form_turn(change, intent="correct", confidence=0.99))
    assert chat.slots["requested_slot"] == "security_answer" and chat.slots["security_question"] == "3"
    assert reply_in(language, messages.ask_security_answer, 3) in reply
    assert chat.slots["email"] == "g@example.com" and chat.slots["identity_proof"] == "verified"
    chat.form_turn("Westlake High")
    assert verify_answer(stored_answer_hash(backend), "Westlake High")
    assert chat.slots["requested_slot"] == "terms_accepted"


# --- secrets: the answer never reaches a reply ----------------------------------------------
@pytest.mark.parametrize("language", ["en", "es"])
def test_no_reply_of_a_whole_sign_up_repeats_the_security_answer(backend, language):
    chat = to_the_question(language)
    replies = chat.form_turn("la d mi mascota, se llama Zarzamora" if language == "es"
                             else "the pet one, his name is Zarzamora")
    replies += chat.form_turn("CHANGE ANSWER" if language == "en" else "cambiar respuesta", intent="correct")
    replies += chat.form_turn("wait" if language == "en" else "espera", intent="correct")
    replies += chat.form_turn("Zarzamora Segunda ya te dije" if language == "es" else "Zarzamora Segunda, I told you")
    replies += chat.form_turn("yes" if language == "en" else "sí", intent="affirm")
    assert chat.slots["outcome"] == "registered"
    assert "zarzamora" not in joined(replies).lower()


@pytest.mark.parametrize(("language", "change"), [("en", "CHANGE QUESTION"), ("es", "CAMBIAR PREGUNTA")])
def test_change_question_as_the_unsure_reply_suggests_offers_the_questions_again(backend, language, change):
    chat = to_the_answer(language, "1")
    joined(chat.form_turn("I don't know" if language == "en" else "no sé", intent="account_help"))
    reply = joined(chat.form_turn(change, intent="correct", confidence=0.99))
    assert chat.slots["requested_slot"] == "security_question" and chat.slots["security_question"] is None
    assert reply_in(language, messages.ask_security_question) in reply
    chat.form_turn("2")
    chat.form_turn("Rex")
    assert verify_answer(stored_answer_hash(backend), "Rex") and chat.failures("security_answer") == 0


@pytest.mark.parametrize(("language", "text"), [("en", "the school one. Actually no, the pet one"),
                                                ("en", "3, actually the pet one"),
                                                ("es", "la de la escuela, mejor la de mi mamá")])
def test_a_choice_taken_back_in_the_same_message_stores_no_answer(backend, language, text):
    chat, _ = said_at_the_menu(language, text)
    assert stored_answer_hash(backend) is None and chat.slots["security_answer"] is None


# --- 5. a choice said politely: the politeness is no answer --------------------------------
@pytest.mark.parametrize(("language", "text", "number"), [
    ("es", "Elijo la pregunta sobre la escuela secundaria, si me hace el favor.", 3),
    ("es", "la de mi mascota, si es tan amable", 2),
    ("es", "la de mi mamá, si no es molestia", 1),
    ("es", "la de la escuela, si se puede", 3),
    ("es", "la de mi mascota, por favor", 2),
    ("es", "la de la prepa, de favor", 3),
    ("es", "quiero la de mi mamá, si fuera tan amable, muchas gracias", 1),
    ("en", "the school one, if you don't mind", 3),
    ("en", "the pet one, if you would", 2),
    ("en", "my mother's maiden name one, if you please", 1),
    ("en", "the high school one, thank you kindly", 3),
    ("en", "the pet one - when you get a chance", 2),
    ("en", "I'll take the school question, if that's okay", 3),
])
def test_a_choice_said_politely_asks_for_the_answer(backend, language, text, number):
    chat, replies = said_at_the_menu(language, text)
    assert_picked_with_its_answer_asked(backend, chat, joined(replies), language, number)


# --- 6. a question at the menu chooses nothing: it is answered, the menu asked again -------
@pytest.mark.parametrize(("language", "text", "intent"), [
    ("en", "hmm none of those fit a business really. which one should I use for an LLC? "
           "the ranch doesn't have a mother lol", "account_help"),
    ("en", "which of these is best for a business account?", "account_help"),
    ("en", "which question should I pick?", "inform"),
    ("en", "none of these fit, what do I do", "nlu_fallback"),
    ("es", "¿cuál pregunta me conviene para la cuenta de mi negocio?", "account_help"),
    ("es", "ninguna aplica a una empresa, ¿cuál escojo? el rancho no tiene mamá", "inform"),
    ("es", "¿cuál de estas es mejor?", "nlu_fallback"),
])
def test_a_question_at_the_menu_is_answered_and_chooses_nothing(backend, language, text, intent):
    chat, replies = said_at_the_menu(language, text, intent, 0.9)
    assert not chat.rejected, "the form itself replies"
    assert_menu_asked_again(chat, replies, language)
    assert_asked_again_uncounted(chat, "security_question")
    assert reply_in(language, messages.which_question) in joined(replies)
    chat.form_turn("3")
    chat.form_turn("Lanier High")
    assert chat.slots["security_question"] == "3" and verify_answer(stored_answer_hash(backend), "Lanier High")


def test_the_which_question_reply_says_any_works_and_what_a_business_may_use():
    with speaking("en"):
        text = messages.which_question()
    assert "Any of them works" in text and "business" in text and "password is forgotten" in text


# --- 7. an answer given in a sentence: the answer is read out, or asked for alone ----------
SENTENCES_WITH_THE_ANSWER = [
    ("es", "1", "Mi madre se llamaba Guadalupe y su apellido de soltera era Villarreal, de una familia de Monterrey.",
     "Villarreal"),
    ("es", "2", "Tuvimos un perro que se llamaba Canelo y era el consentido de la casa", "Canelo"),
    ("es", "3", "fui a la prepa Benito Juárez en Monterrey, hace muchos años", "Benito Juárez"),
    ("en", "1", "My mom's name was Linda and her maiden name was Kowalski, her family came from Chicago", "Kowalski"),
    ("en", "2", "my pet was a dog called Biscuit, a beagle we got when I was ten", "Biscuit"),
    ("en", "2", "we had a golden retriever named Max when I was a kid", "Max"),
    # the school as a sentence, like the pet: the name, with its "High" / "Academy", no trailing place
    ("es", "3", "Asistí a la preparatoria Benito Juárez en Monterrey.", "Benito Juárez"),
    ("es", "3", "asisti a la prepa Benito Juarez en Monterrey", "Benito Juarez"),
    ("es", "3", "estudié en la secundaria Lanier High en Austin", "Lanier High"),
    ("es", "3", "me gradué de la escuela preparatoria Sam Houston High", "Sam Houston High"),
    ("es", "3", "asistí al colegio Americano en Monterrey", "Americano"),
    ("es", "3", "fui a la escuela Benito Juárez allá en Monterrey", "Benito Juárez"),
    ("en", "3", "I went to Lincoln High", "Lincoln High"),
    ("en", "3", "I went to Lincoln High in Austin", "Lincoln High"),
    ("en", "3", "I attended Westlake Academy in Austin.", "Westlake Academy"),
    ("en", "3", "I went to high school at Lanier High in Austin", "Lanier High"),
    ("en", "3", "I graduated from Lanier High School in Austin, class of 1975", "Lanier High School"),
    # M1: the pet's name, not the sentence about the pet
    ("en", "2", "His name is Biscuit, he's a beagle", "Biscuit"),
    ("es", "2", "se llama Canela, es una perrita", "Canela"),
]
# Members who write Portuguese frame the answer the same way; the conversation stays in its language.
PORTUGUESE_SENTENCES_WITH_THE_ANSWER = [
    ("en", "2", "o nome do meu cachorro era Rex", "Rex"),
    ("es", "2", "meu cachorro se chamava Rex, obrigado", "Rex"),
    ("es", "2", "tivemos uma cachorra chamada Mel, ela era muito boazinha", "Mel"),
    ("en", "1", "minha mãe se chama Fátima", "Fátima"),
    ("es", "1", "o sobrenome de solteira da minha mãe é Souza", "Souza"),
    ("en", "3", "eu estudei na escola São José", "São José"),
    ("es", "3", "a escola era Dom Pedro II em Campinas", "Dom Pedro II"),
]


@pytest.mark.parametrize(("language", "question", "text", "answer"),
                         SENTENCES_WITH_THE_ANSWER + PORTUGUESE_SENTENCES_WITH_THE_ANSWER)
def test_an_answer_in_a_sentence_is_read_out_of_it(backend, language, question, text, answer):
    chat = to_the_answer(language, question)
    reply = joined(chat.form_turn(text))
    assert chat.slots["security_answer"] == "stored" and chat.slots["requested_slot"] == "terms_accepted"
    assert verify_answer(stored_answer_hash(backend), answer), "only the answer is hashed"
    assert not verify_answer(stored_answer_hash(backend), text)
    assert answer.lower() not in reply.lower() and reply_in(language, messages.confirm_answer, int(question)) in reply


SENTENCES_WITHOUT_THE_ANSWER = [
    ("es", "1", "Mi mamá era de una familia muy grande de Monterrey, todos comerciantes", "Villarreal"),
    ("en", "3", "It was the one by the river where my father used to teach math", "Lanier High"),
    # the school's sentence without the school's name: the place ("Monterrey", "Austin") is no answer
    ("es", "3", "fui a la preparatoria en Monterrey", "Benito Juárez"),
    ("es", "3", "asistí a la prepa allá en Monterrey hace muchos años", "Benito Juárez"),
    ("en", "3", "I went to high school in Austin a long time ago", "Lanier High"),
    ("en", "3", "I went to high school in Austin", "Lanier High"),
]
PORTUGUESE_SENTENCES_WITHOUT_THE_ANSWER = [
    ("en", "1", "minha mãe era de uma família grande de Minas", "Souza"),
    ("es", "3", "eu estudei numa escola perto do rio", "São José"),
]


@pytest.mark.parametrize(("language", "question", "text", "answer"),
                         SENTENCES_WITHOUT_THE_ANSWER + PORTUGUESE_SENTENCES_WITHOUT_THE_ANSWER)
def test_a_sentence_with_no_answer_in_it_is_not_stored_and_the_answer_alone_is_asked(
        backend, language, question, text, answer):
    """Nothing is stored, the answer alone is asked, the text sent is never echoed (a place named
    in it neither) and is kept out of the record; the answer sent next is stored."""
    chat = to_the_answer(language, question)
    reply = joined(chat.form_turn(text))
    assert stored_answer_hash(backend) is None and chat.slots["security_answer"] is None
    assert chat.slots["requested_slot"] == "security_answer"
    asked = reply_in(language, messages.answer_only, int(question))
    assert asked in reply and reply_in(language, messages.confirm_answer, int(question)) not in reply
    # No word of the sentence is said back, but for the question's own ("school").
    sentence_words = {word.strip(",.").lower() for word in text.split() if len(word) > 4}
    echoed = [word for word in sentence_words if word in reply.lower() and word not in asked.lower()]
    assert echoed == [], "the text sent is never echoed"
    latest = [event for event in chat.events if event.get("event") == "user"][-1]["message_id"]
    assert chat.slots["redact_message_id"] == latest, "kept out of the record"
    chat.form_turn(answer)
    assert chat.slots["security_answer"] == "stored" and verify_answer(stored_answer_hash(backend), answer)


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_long_answer_sent_again_after_the_request_is_taken(backend, language):
    """Asked for the answer alone, a member who sends the same long name again means it."""
    chat = to_the_answer(language, "3")
    school = "Our Lady of Guadalupe Catholic High School"
    reply = joined(chat.form_turn(school))
    assert stored_answer_hash(backend) is None and reply_in(language, messages.answer_only, 3) in reply
    chat.form_turn(school)
    assert chat.slots["security_answer"] == "stored" and verify_answer(stored_answer_hash(backend), school)
# --- 8. options ruled out do not count; the one chosen wins; "didn't catch" before the menu -------
@pytest.mark.parametrize(("language", "text", "number"), [
    ("es", "Pues mascotas ya no tengo y la secundaria fue hace tantos años que ni me acuerdo del nombre, así "
           "que mejor escojo la del apellido de soltera de mi madre, que en paz descanse también.", 1),
    ("es", "ya no tengo perro, prefiero la de la escuela", 3),
    ("es", "la de la escuela no, elijo la de mi mascota", 2),
    ("en", "I don't have a pet anymore, so I'll go with my mother's maiden name", 1),
    ("en", "not the school one, let's do the pet one", 2),
    ("en", "I can't remember my high school and I don't have a pet, I'll take my mom's maiden name", 1),
])
def test_an_option_ruled_out_does_not_count_and_the_one_chosen_wins(backend, language, text, number):
    chat, replies = said_at_the_menu(language, text)
    assert_picked_with_its_answer_asked(backend, chat, joined(replies), language, number)


@pytest.mark.parametrize(("language", "text", "missed"), [
    ("en", "I don't have a pet", "I didn't catch which one you chose."),
    ("en", "hmm not the school one", "I didn't catch which one you chose."),
    ("es", "no tengo mascota", "No entendí cuál eligió."),
    ("es", "la secundaria ni me acuerdo", "No entendí cuál eligió."),
])
def test_a_menu_asked_again_says_first_that_no_choice_was_understood(backend, language, text, missed):
    chat, replies = said_at_the_menu(language, text)
    assert_menu_asked_again(chat, replies, language)
    assert replies[0] == missed, replies


# --- 9. "was that OK?" right after the proof: yes, what it was (never its digits), then the menu --
def proven_by_last4(language: str) -> Conversation:
    chat = Conversation(language=language)
    chat.start("sign up" if language == "en" else "quiero registrarme")
    chat.form_turn("3005551212")
    chat.form_turn("obrien smith")
    chat.form_turn("s@example.com")
    chat.form_turn("use my ssn instead" if language == "en" else "mejor el seguro social", intent="correct")
    chat.form_turn("1111")
    assert chat.slots["requested_slot"] == "security_question" and chat.slots["proof_method"] == "last4"
    return chat


@pytest.mark.parametrize(("language", "text", "intent"), [
    ("es", "no espera, eso era el seguro social, esta bien?", "correct"),
    ("es", "¿está bien?", "inform"),
    ("es", "¿sí sirvió el número del seguro?", "ask_safety"),
    ("en", "wait, that was my social security number, is that ok?", "correct"),
    ("en", "was that right?", "inform"),
    ("en", "is the SSN ok or do you need the zip?", "account_help"),
])
def test_was_the_proof_ok_gets_a_short_yes_and_the_pending_question(backend, language, text, intent):
    chat = proven_by_last4(language)
    replies = chat.form_turn(text, intent=intent)
    assert replies == [reply_in(language, messages.proof_accepted, "last4"),
                       reply_in(language, messages.ask_security_question)], replies
    assert ("SSN" in replies[0] and "last 4" in replies[0]) if language == "en" else "ltimos 4" in replies[0]
    assert "1111" not in joined(replies)
    assert chat.slots["identity_proof"] == "verified" and chat.slots["security_question"] is None
    assert not (chat.slots["failures"] or {}).get("security_question")


@pytest.mark.parametrize("language", ["en", "es"])
def test_was_the_zip_ok_names_the_zip(backend, language):
    _, replies = said_at_the_menu(language, "was that right?" if language == "en" else "¿estuvo bien?")
    assert replies[0] == reply_in(language, messages.proof_accepted, "zip")
    assert ("ZIP" in replies[0]) if language == "en" else "postal" in replies[0]
    assert "78620" not in joined(replies)


@pytest.mark.parametrize(("language", "text"), [("es", "¿cuál sirve para un negocio?"),
                                                 ("en", "which is fine for a business?")])
def test_which_question_is_fine_is_about_the_menu_not_the_proof(backend, language, text):
    _, replies = said_at_the_menu(language, text, "account_help")
    reply = joined(replies)
    assert reply_in(language, messages.which_question) in reply
    assert reply_in(language, messages.proof_accepted, "zip") not in reply


# --- 10. "what is the security question for?": what it is for, then the pending question ----------
@pytest.mark.parametrize(("language", "text", "intent"), [
    ("es", "¿Y para qué sirve la pregunta de seguridad?", "help"),
    ("es", "¿Y para qué sirve la pregunta de seguridad?", "inform"),
    ("es", "y la pregunta de seguridad para que sirve?", "inform"),
    ("es", "¿para qué sirve la pregunta de seguridad?", "out_of_scope"),
    ("en", "what's the security question for?", "help"),
    ("en", "what's the security question for?", "inform"),
    ("en", "what's the security question for?", "out_of_scope"),
    ("en", "why do you need a security question?", "inform"),
    ("en", "why do you need a security question?", "out_of_scope"),
    ("en", "why do you need a security question?", "ask_safety"),
])
def test_what_the_security_question_is_for_is_answered_then_the_question(backend, language, text, intent):
    """Never the answer about the proof ("Sí, está bien: el código postal ... coincidió") nor the
    hint that any answer works: at the menu what the question is for and the menu; at the answer
    step what the answer is for and the question again, in English as in Spanish, whatever the
    model read; nothing chosen, stored or counted."""
    chat = to_the_question(language)
    replies = chat.form_or_side_turn(text, intent=intent)
    assert replies == [reply_in(language, messages.step_help, "security_question", LONG),
                       reply_in(language, messages.ask_security_question)], replies
    assert chat.slots["security_question"] is None and not chat.failures("security_question")
    chat.form_turn("2")
    replies = chat.form_or_side_turn(text, intent=intent)
    assert replies == [reply_in(language, messages.step_help, "security_answer", LONG),
                       reply_in(language, messages.ask_security_answer, 2)], replies
    assert reply_in(language, messages.proof_accepted, "zip") not in joined(replies)
    assert stored_answer_hash(backend) is None and chat.slots["security_answer"] is None
    assert not chat.failures("security_answer")


@pytest.mark.parametrize(("language", "text", "answer"), [
    ("es", "escuela primaria: Bowie", "Bowie"), ("es", "primera escuela: Lamar", "Lamar"),
    ("en", "elementary school: Bowie", "Bowie"), ("en", "first school, Travis Elementary", "Travis Elementary"),
])
def test_the_school_named_with_its_kind_at_the_menu_keeps_the_answer(backend, language, text, answer):
    chat = to_the_question(language)
    chat.form_turn(text)
    assert chat.slots["security_question"] == "3" and chat.slots["security_answer"] == "stored"
    assert verify_answer(stored_answer_hash(backend), answer)
    assert chat.slots["requested_slot"] == "terms_accepted"
