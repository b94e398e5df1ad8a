"""The conversation's language: detection on short messages, explicit requests, and the switch
rules (webhook/language.py); then through /sms and /chat, remembered in the database and sent
to Rasa as metadata."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from backend.storage.models import ConversationLanguage, TranscriptMessage
from tests.support.sms import Texter
from webhook.language import detect, requested_language

OFFERED = ("en", "es")

# Short messages members send, as a new member's first message.
SPANISH = ["hola", "quiero registrarme", "sí", "sí, acepto", "es el 1001234567", "mi correo es ana@example.com",
           "no tengo mi factura", "claro que sí", "está bien", "quiero hablar con un agente", "olvidé mi contraseña",
           "gracias", "sigue", "el de mi mamá", "la segunda", "me llamo Garza", "de acuerdo", "perfecto",
           "buenas tardes, quisiera crear una cuenta en línea", "no recibí el correo", "no gracias",
           "¿por qué necesitan mi seguro social?", "cómo me registro", "mi número de cuenta es 1001234567"]
ENGLISH = ["hi", "I want to sign up", "yes", "yes I accept", "my email is ana@example.com", "I don't have my bill",
           "sure", "sounds good", "talk to an agent", "forgot my password", "thanks", "go on",
           "the one about my mother", "the second", "my name is Garza", "good afternoon, I would like to register",
           "I did not get the email", "why do you need my SSN?", "no thanks", "how do I register",
           "account number 1001234567"]
NO_LANGUAGE = ["Garza", "Maria Lopez", "Hernández", "1001234567", "ana@example.com", "ok", "OK!", "Garza Ranch LLC",
               "78620", "Rex", "Lincoln High", "Jose Gonzalez Ramirez", "no", "👍", "1", "2"]
FOREIGN = ["Bonjour, je voudrais créer un compte", "não entendi", "Ich möchte mich registrieren",
           "gusto kong magparehistro", "Xin chào, tôi muốn đăng ký tài khoản", "我想注册网上账户",
           "안녕하세요 등록하고 싶어요", "Здравствуйте"]
# Typos look foreign to a detector: they are English, or nothing.
TYPOS = ["regster pls", "regstr me plz", "wanna sinup", "acct numbr", "pls hlp", "thx u", "kthxbye",
         "helo i wnt to regstr", "sigup 4 online", "registr"]


@pytest.mark.parametrize("text", SPANISH)
def test_a_new_member_writing_spanish_is_answered_in_spanish(text):
    decision = detect(text, None, OFFERED)
    assert decision.language == "es" and decision.changed and not decision.foreign


@pytest.mark.parametrize("text", ENGLISH)
def test_a_new_member_writing_english_is_answered_in_english(text):
    assert detect(text, None, OFFERED).language == "en"


@pytest.mark.parametrize("current", [None, "en", "es"])
@pytest.mark.parametrize("text", NO_LANGUAGE)
def test_a_message_without_language_never_switches(text, current):
    decision = detect(text, current, OFFERED)
    assert decision.language == (current or "en") and not decision.changed and not decision.foreign


@pytest.mark.parametrize("text", [t for t in SPANISH if len(t.split()) >= 5 and "1001234567" not in t])
def test_a_spanish_sentence_switches_an_english_conversation(text):
    assert detect(text, "en", OFFERED).language == "es"


@pytest.mark.parametrize(("text", "current", "language"), [
    ("mi correo es ana@example.com", "en", "es"),
    ("ay perdon, me equivoque, es 3100000116", "en", "es"),
    ("my email is ana@example.com", "es", "en"),
])
def test_a_sentence_around_a_value_switches(text, current, language):
    """ "mi correo es ..." and "ay perdon, me equivoque, es ..." are whole Spanish sentences; "mi email
    es ..." is a mixed one, which keeps an established language (below)."""
    decision = detect(text, current, OFFERED, previous=lambda: "3100000161 Lopez")
    assert decision.language == language and decision.changed


@pytest.mark.parametrize("text", ["mi account es 50010009, Perez Salinas", "mi cuenta es 50010009",
                                  "hola, mi account number es 50010009"])
def test_a_first_spanglish_message_with_more_spanish_words_sets_spanish(text):
    """A fifth play-test's member: the detector ranks "mi account es ..." English (or Tagalog); with
    nothing set yet, the Spanish common words ("mi", "es") outnumbering the English ones decide."""
    decision = detect(text, None, OFFERED)
    assert decision.language == "es" and decision.changed


@pytest.mark.parametrize(("text", "current"), [
    ("mi account es 50010009, Perez Salinas", "en"), ("mi account es 50010009, Perez Salinas", "es"),
    ("hi, my cuenta es 1001234567", "en"), ("hi, my cuenta es 1001234567", "es"),
    ("the email is ana@example.com, gracias", "es"), ("mi email is ana@example.com", "en"),
])
def test_a_mixed_message_keeps_an_established_language(text, current):
    decision = detect(text, current, OFFERED, previous=lambda: "ok")
    assert decision.language == current and not decision.changed


@pytest.mark.parametrize(("text", "current"), [
    ("3100000116", "en"), ("ana@example.com", "en"), ("ok 3100000116", "es"), ("ok, 1001234567 de la cruz", "en"),
    ("va, 1001234567 de la cruz", "en"), ("yes acepto", "en"), ("es el 1001234567", "en"), ("ok, ana@example.com", "es"),
])
def test_a_value_with_a_fragment_or_a_name_keeps_the_member_s_language(text, current):
    assert detect(text, current, OFFERED, previous=lambda: "3100000161 Lopez").language == current


@pytest.mark.parametrize("text", ["I want to sign up", "the one about my mother", "I did not get the email",
                                  "sorry, I do not read Spanish very well"])
def test_an_english_sentence_switches_a_spanish_conversation(text):
    assert detect(text, "es", OFFERED).language == "en"


# Members who mix languages: a short fragment in the other language, or a message holding words of both.
SPANGLISH = [("the high school one pls", "es"), ("the first one pls", "es"), ("my name is Garza", "es"),
             ("go on", "es"), ("yes I accept", "es"), ("ok el bill de june", "es"),
             ("si, acepto los terms", "en"), ("quiero registrarme", "en"), ("la segunda", "en"),
             ("no tengo el bill ahorita, sorry", "en"), ("sí, acepto", "en")]


@pytest.mark.parametrize("text, current", SPANGLISH)
def test_a_short_or_mixed_fragment_keeps_the_member_s_language(text, current):
    decision = detect(text, current, OFFERED)
    assert decision.language == current and not decision.changed


@pytest.mark.parametrize("previous, text, current, language", [
    ("the high school one pls", "yes I accept", "es", "en"),
    ("the second one", "go on", "es", "en"),
    ("quiero registrarme", "la segunda", "en", "es"),
    ("hola buenas", "sí, acepto", "en", "es"),
])
def test_two_messages_in_a_row_in_the_other_language_switch(previous, text, current, language):
    assert detect(text, current, OFFERED, previous=lambda: previous).language == language


@pytest.mark.parametrize("previous, text, current", [
    ("si, acepto los terms", "the high school one pls", "es"),  # the previous one was Spanish
    ("1001234567", "yes I accept", "es"),  # no words: it leans nowhere
    ("the high school one pls", "si, acepto los terms", "en"),
])
def test_a_fragment_after_a_message_of_the_member_s_language_or_none_keeps_it(previous, text, current):
    assert detect(text, current, OFFERED, previous=lambda: previous).language == current


@pytest.mark.parametrize("text, current", [("yes", "es"), ("thanks", "es"), ("ok", "es"), ("gracias", "en"),
                                           ("sí", "en"), ("hola", "en")])
def test_one_word_does_not_leave_the_member_s_language(text, current):
    assert detect(text, current, OFFERED).language == current


@pytest.mark.parametrize("text, language", [
    ("español", "es"), ("Español!", "es"), ("espanol", "es"), ("en español por favor", "es"),
    ("¿Habla español?", "es"), ("spanish please", "es"), ("Spanish", "es"), ("can we continue in Spanish?", "es"),
    ("in English please", "en"), ("inglés", "en"), ("english", "en"), ("en inglés, por favor", "en"),
    ("do you speak English?", "en"), ("prefiero inglés", "en"),
])
@pytest.mark.parametrize("current", [None, "en", "es"])
def test_an_explicit_request_switches_at_any_time(text, language, current):
    decision = detect(text, current, OFFERED)
    assert decision.language == language and decision.requested
    assert requested_language(text, OFFERED) == language


@pytest.mark.parametrize("text", ["I speak Spanish and my account is 1001234567", "mi apellido es English",
                                  "Spanish Oaks Ranch", "the english muffin", "my wife speaks Spanish",
                                  "go to the Spanish Oaks office"])
def test_a_language_name_inside_other_words_is_no_request(text):
    assert requested_language(text, OFFERED) is None
    assert not detect(text, "en", OFFERED).requested


def test_a_request_for_a_language_the_co_op_does_not_offer_is_no_request():
    assert requested_language("español", ("en",)) is None
    assert detect("hola, quiero registrarme", None, ("en",)).language == "en"


@pytest.mark.parametrize("text", FOREIGN)
@pytest.mark.parametrize("current", [None, "es"])
def test_a_language_the_co_op_does_not_offer_is_answered_in_the_current_one(text, current):
    decision = detect(text, current, OFFERED)
    assert decision.foreign and decision.language == (current or "en") and not decision.changed


@pytest.mark.parametrize("text", TYPOS)
@pytest.mark.parametrize("current", [None, "en", "es"])
def test_typos_are_no_foreign_language_and_switch_nothing(text, current):
    decision = detect(text, current, OFFERED)
    assert not decision.foreign and decision.language in {current or "en", "en"}


def test_at_a_free_text_step_only_an_explicit_request_switches():
    assert detect("Maria de la Cruz", "en", OFFERED, free_text=True).language == "en"
    assert detect("el perro de mi casa", "en", OFFERED, free_text=True).language == "en"
    assert detect("en español por favor", "en", OFFERED, free_text=True).language == "es"
    # "English" answering "what is the last name on the account?" is a name
    assert not detect("English", "es", OFFERED, free_text=True).requested
    assert detect("in English please", "es", OFFERED, free_text=True).language == "en"


@pytest.mark.parametrize("text, language, rest", [
    ("perdon, mejor en español por favor. El apellido es Garza", "es", "El apellido es Garza"),
    ("can we do this in English? my account is 1001234567", "en", "my account is 1001234567"),
    ("mejor en español", "es", ""),
    ("in spanish please", "es", ""),
    ("español por favor", "es", ""),
    ("Garza. In English please", "en", "Garza."),
    # a clause of only the request's politeness goes with it: the name stays
    ("es Acuña, mejor hablemos en español", "es", "es Acuña"),
    ("it's Miller, can we do English please", "en", "it's Miller"),
    # "switch to" / "cambiar a" asks too; the reason, which names a language again, goes with it
    ("Sorry, my wife does the Spanish, can we switch to English?", "en", ""),
    ("¿lo podemos cambiar a español? mi esposo no habla inglés", "es", ""),
    ("switch to Spanish please, my name is Peña", "es", "my name is Peña"),
    ("my husband speaks English, can we switch to English? 1001234567", "en", "1001234567"),
    # the language said easier or preferred asks for it too; the rest (the e-mail) is still read
    ("actually english is easier for me to read, can you switch", "en", ""),
    ("inglés es más fácil para mí", "en", ""),
    ("mi esposa va a terminar, ella prefiere español. el correo es anatrevino@yahoo.com", "es",
     "mi esposa va a terminar el correo es anatrevino@yahoo.com"),
    ("she prefers Spanish. her email is ana@example.com", "es", "her email is ana@example.com"),
    ("I'd prefer English please", "en", ""),
    ("mejor español", "es", ""),
    ("¿puede ser en inglés?", "en", ""),
    # read or understood better (a play-test's member whose daughter took over)
    ("sorry my daughter is helping me now, she reads english better. the email is danny.alvarez@icloud.com", "en",
     "sorry my daughter is helping me now the email is danny.alvarez@icloud.com"),
    ("mi hija me ayuda, ella lee el inglés mejor. el correo es danny@icloud.com", "en",
     "mi hija me ayuda el correo es danny@icloud.com"),
    ("mejor en inglés, el correo es danny@icloud.com", "en", "el correo es danny@icloud.com"),
    ("my son understands Spanish a lot better", "es", ""),
])
@pytest.mark.parametrize("free_text", [True, False])
def test_a_request_inside_a_longer_message_switches_also_at_a_free_text_step(text, language, rest, free_text):
    current = "en" if language == "es" else "es"
    decision = detect(text, current, OFFERED, free_text=free_text)
    assert decision.language == language and decision.requested and decision.changed
    assert decision.rest == rest


@pytest.mark.parametrize("text", ["I speak English and Spanish", "hablo inglés y español", "my wife speaks Spanish",
                                  "mi esposo habla inglés", "is there a Spanish version of the terms?",
                                  "the bill is in English", "los términos vienen en inglés"])
def test_a_language_named_in_passing_asks_for_nothing(text):
    for current in ("en", "es"):
        decision = detect(text, current, OFFERED)
        assert not decision.requested


@pytest.mark.parametrize("text", ["English", "Español", "Inglés", "Garza English", "Spanish Oaks Ranch"])
def test_a_name_that_is_a_language_stays_a_name_at_a_free_text_step(text):
    for current in ("en", "es"):
        decision = detect(text, current, OFFERED, free_text=True)
        assert not decision.requested and decision.language == current


# --- through the channels -----------------------------------------------------------------------

def _remembered(app, channel):
    with app.extensions["coopbot.sessions"]() as session:
        return {(row.channel, row.language, row.explicit) for row in session.query(ConversationLanguage)
                if row.channel == channel}


def test_sms_language_is_detected_remembered_and_sent_to_rasa(sms_app, sms_client, fake_rasa):
    texter = Texter(sms_client)
    texter.texts("hola, quiero registrarme", from_="+15125550111")
    texter.texts("1001234567", from_="+15125550111")
    texter.texts("ok", from_="+15125550111")
    texter.texts("I want to sign up", from_="+15125550112")
    assert [r["metadata"] for r in fake_rasa.received] == [
        {"channel": "sms", "language": "es"}, {"channel": "sms", "language": "es"},
        {"channel": "sms", "language": "es"}, {"channel": "sms", "language": "en"}]
    assert _remembered(sms_app, "sms") == {("sms", "es", False), ("sms", "en", False)}


def test_sms_spanglish_fragments_never_flap_the_language(sms_app, sms_client, fake_rasa):
    texter = Texter(sms_client)
    for text in ("hola, quiero registrarme", "1001234567", "the high school one pls", "si, acepto los terms"):
        texter.texts(text, from_="+15125550116")
    assert [r["metadata"]["language"] for r in fake_rasa.received] == ["es"] * 4
    texter.texts("sorry, I do not read Spanish very well", from_="+15125550116")  # a clear switch still switches
    assert fake_rasa.received[-1]["metadata"]["language"] == "en"


def test_sms_a_spanglish_sign_up_is_answered_in_spanish_throughout(sms_app, sms_client, fake_rasa):
    """A fifth play-test's member: the first message sets Spanish, and the Spanglish that follows
    never flips the replies to English and back."""
    texter = Texter(sms_client)
    for text in ("mi account es 50010009, Perez Salinas", "mi email es perez.s@example.com", "78620",
                 "the pet one", "si acepto los terms"):
        texter.texts(text, from_="+15125550119")
    assert [r["metadata"]["language"] for r in fake_rasa.received] == ["es"] * 5


def test_sms_two_english_messages_in_a_row_switch_a_spanish_conversation(sms_app, sms_client, fake_rasa):
    texter = Texter(sms_client)
    for text in ("hola, quiero registrarme", "the high school one pls", "yes I accept"):
        texter.texts(text, from_="+15125550117")
    assert [r["metadata"]["language"] for r in fake_rasa.received] == ["es", "es", "en"]


def test_sms_explicit_request_greets_in_the_new_language(sms_app, sms_client, fake_rasa):
    texter = Texter(sms_client)
    texter.texts("I want to sign up", from_="+15125550113")
    texter.texts("en español por favor", from_="+15125550113")
    texter.texts("1001234567", from_="+15125550113")
    sent = fake_rasa.received
    assert sent[1]["message"] == "/greet" and sent[1]["metadata"]["language"] == "es"
    assert sent[1]["metadata"]["language_requested"] is True  # answered without a second hello
    assert sent[2]["message"] == "1001234567" and sent[2]["metadata"]["language"] == "es"
    assert "language_requested" not in sent[2]["metadata"]
    assert _remembered(sms_app, "sms") == {("sms", "es", True)}


def test_sms_request_inside_an_answer_switches_and_the_answer_is_read(sms_app, sms_client, fake_rasa):
    texter = Texter(sms_client)
    texter.texts("I want to sign up", from_="+15125550114")
    texter.texts("perdon, mejor en español por favor. El apellido es Garza", from_="+15125550114")
    sent = fake_rasa.received
    assert sent[1]["message"] == "El apellido es Garza"
    # marked, so that the politeness around the request answers no question (actions.language_turn)
    assert sent[1]["metadata"] == {"channel": "sms", "language": "es", "language_requested": True}
    assert _remembered(sms_app, "sms") == {("sms", "es", True)}


def test_sms_a_preferred_language_with_the_address_switches_this_reply(sms_app, sms_client, fake_rasa):
    """A play-test's member: "ella prefiere español" with the address is answered in Spanish at
    once, and the address is still sent on to be read."""
    texter = Texter(sms_client)
    texter.texts("I want to sign up", from_="+15125550117")
    texter.texts("mi esposa va a terminar, ella prefiere español. el correo es anatrevino@yahoo.com",
                 from_="+15125550117")
    texter.texts("actually english is easier for me to read, can you switch", from_="+15125550117")
    sent = fake_rasa.received
    assert sent[1]["message"] == "mi esposa va a terminar el correo es anatrevino@yahoo.com"
    assert sent[1]["metadata"] == {"channel": "sms", "language": "es", "language_requested": True}
    assert sent[2]["message"] == "/greet"
    assert sent[2]["metadata"] == {"channel": "sms", "language": "en", "language_requested": True}


def test_sms_reading_english_better_switches_and_the_address_is_read(sms_app, sms_client, fake_rasa):
    """A play-test's member: "she reads english better" in a Spanish conversation is answered in
    English at once, and the address beside it still goes on to be read."""
    texter = Texter(sms_client)
    texter.texts("Hola, quiero registrarme", from_="+15125550118")
    texter.texts("sorry my daughter is helping me now, she reads english better. the email is danny.alvarez@icloud.com",
                 from_="+15125550118")
    sent = fake_rasa.received
    assert sent[0]["metadata"]["language"] == "es"
    assert sent[1]["message"] == "sorry my daughter is helping me now the email is danny.alvarez@icloud.com"
    assert sent[1]["metadata"] == {"channel": "sms", "language": "en", "language_requested": True}


def test_sms_foreign_language_gets_the_offer_of_the_others(sms_app, sms_client, fake_rasa):
    from tests.support.sms_replies import bot_replies

    fake_rasa.bot = bot_replies("Hi! I am the sign-up assistant.")
    replies = Texter(sms_client).texts("Bonjour, je voudrais créer un compte", from_="+15125550114")
    assert replies == ["Hi! I am the sign-up assistant.", "¿Prefiere español? Responda ESPAÑOL."]
    assert fake_rasa.received[0]["message"] == "/greet"
    assert fake_rasa.received[0]["metadata"]["language"] == "en"
    assert _remembered(sms_app, "sms") == set()


def test_sms_only_english_offered_never_answers_in_spanish(make_app, sms_settings, fake_rasa):
    app = make_app(sms_settings.model_copy(update={"languages": ("en",)}), testing=True)
    Texter(app.test_client()).texts("hola, quiero registrarme", from_="+15125550115")
    assert fake_rasa.received[0]["metadata"]["language"] == "en"


def _chat_send(client, token, text, **fields):
    return client.post("/chat/api/messages", json={"text": text, **fields},
                       headers={"Authorization": f"Bearer {token}"})


@pytest.fixture
def chat_client(make_app, db_url, fake_rasa):
    app = make_app(db_url, rasa_url=fake_rasa.url)
    app.config.update(TESTING=True)
    return app, app.test_client()


def _token(client):
    return client.post("/chat/api/session").get_json()["token"]


def test_chat_language_is_detected_remembered_and_returned(chat_client, fake_rasa):
    app, client = chat_client
    token = _token(client)
    assert _chat_send(client, token, "hola").get_json()["language"] == "es"
    assert _chat_send(client, token, "1001234567").get_json()["language"] == "es"
    assert [r["metadata"] for r in fake_rasa.received] == [{"channel": "web", "language": "es"}] * 2
    assert _remembered(app, "web") == {("web", "es", False)}


@pytest.mark.parametrize("opening", ["buenas tardes, quiero crear mi usuario para ver el recibo de la luz",
                                     "Hola quiero registrarme"])
def test_chat_page_language_is_only_the_default_a_spanish_writer_outweighs(chat_client, fake_rasa, opening):
    """The widget on the English /chat page sends "en" as its default: Spanish words outweigh it, as by SMS."""
    app, client = chat_client
    token = _token(client)
    assert _chat_send(client, token, opening, default_language="en").get_json()["language"] == "es"
    assert _chat_send(client, token, "1001234567", default_language="en").get_json()["language"] == "es"
    assert [r["metadata"]["language"] for r in fake_rasa.received] == ["es", "es"]
    assert _remembered(app, "web") == {("web", "es", False)}


def test_chat_page_language_answers_a_message_without_language(chat_client, fake_rasa):
    """A Spanish page's default holds until the member writes in a language; an English writer gets English."""
    app, client = chat_client
    token = _token(client)
    assert _chat_send(client, token, "1001234567", default_language="es").get_json()["language"] == "es"
    assert _remembered(app, "web") == set()
    assert _chat_send(client, token, "hi, I want to sign up for online access",
                      default_language="es").get_json()["language"] == "en"
    assert _chat_send(client, token, "ok", default_language="en").get_json()["language"] == "en"
    assert [r["metadata"]["language"] for r in fake_rasa.received] == ["es", "en", "en"]


def test_chat_widget_choice_wins_and_is_remembered(chat_client, fake_rasa):
    app, client = chat_client
    token = _token(client)
    assert _chat_send(client, token, "hi", language="es").get_json()["language"] == "es"
    assert _chat_send(client, token, "ok").get_json()["language"] == "es"
    assert fake_rasa.received[0]["message"] == "hi"
    assert _remembered(app, "web") == {("web", "es", True)}


def test_chat_widget_choice_is_a_request_like_in_english_please(chat_client, fake_rasa):
    """A click on "English" outweighs the Spanish words it comes with; later words are read as usual."""
    app, client = chat_client
    token = _token(client)
    assert _chat_send(client, token, "hola quiero registrarme", language="en").get_json()["language"] == "en"
    assert _chat_send(client, token, "1001234567", default_language="en").get_json()["language"] == "en"
    assert _remembered(app, "web") == {("web", "en", True)}
    assert _chat_send(client, token, "quiero hablar con un agente",
                      default_language="en").get_json()["language"] == "es"


def test_chat_click_in_a_conversation_is_the_request_alone_answered_at_once(chat_client, fake_rasa):
    """A click on "Español" with nothing typed (the widget sends it at once) reaches the dialogue as
    "en español, por favor" alone does: the greeting marked as a language request, which the dialogue
    answers with "De acuerdo, seguimos en español." and the pending question (tests/e2e); the
    transcript keeps no member message for it."""
    app, client = chat_client
    fake_rasa.bot = lambda sender, text: ([{"text": "Para empezar, ¿cuál es su número de cuenta?"}],
                                          {"requested_slot": "account_number"}, "greet", 0.9)
    token = _token(client)
    _chat_send(client, token, "I want to sign up", default_language="en")
    answer = client.post("/chat/api/messages", json={"language": "es"},
                         headers={"Authorization": f"Bearer {token}"}).get_json()
    assert answer["language"] == "es" and answer["handoff"] is False
    assert [reply["text"] for reply in answer["replies"]] == ["Para empezar, ¿cuál es su número de cuenta?"]
    request = fake_rasa.received[-1]
    assert request["message"] == "/greet"
    assert request["metadata"] == {"channel": "web", "language": "es", "language_requested": True}
    assert _remembered(app, "web") == {("web", "es", True)}
    with app.extensions["coopbot.sessions"]() as session:
        texts = session.scalars(select(TranscriptMessage.text).where(TranscriptMessage.direction == "in")).all()
    assert texts == ["I want to sign up"]
    # The next message is read as usual, in the language now remembered.
    assert _chat_send(client, token, "1001234567", default_language="es").get_json()["language"] == "es"
    assert fake_rasa.received[-1]["metadata"] == {"channel": "web", "language": "es"}


@pytest.mark.parametrize("body", [{}, {"default_language": "es"}, {"language": "fr"}, {"text": "", "language": "es"},
                                  {"language": None}, {"language": None, "default_language": "es"}, {"language": ""},
                                  {"language": ["es"]}, {"language": "es", "text": None}])
def test_chat_only_a_language_may_come_without_text(chat_client, fake_rasa, body):
    """Only a language the co-op offers comes without text (a click on a language button): any
    other body is refused before Rasa, and the transcript gets no empty member line."""
    app, client = chat_client
    response = client.post("/chat/api/messages", json=body, headers={"Authorization": f"Bearer {_token(client)}"})
    assert response.status_code == 400
    assert fake_rasa.received == []
    with app.extensions["coopbot.sessions"]() as session:
        assert session.scalars(select(TranscriptMessage)).all() == []


@pytest.mark.parametrize(("body", "error"), [
    ({"language": None}, "Please type a message first."),
    ({"language": None, "default_language": "es"}, "Primero escriba un mensaje."),
])
def test_chat_a_body_without_text_or_an_offered_language_is_an_empty_message(chat_client, fake_rasa, body, error):
    _, client = chat_client
    response = client.post("/chat/api/messages", json=body, headers={"Authorization": f"Bearer {_token(client)}"})
    assert (response.status_code, response.get_json()) == (400, {"error": error})


@pytest.mark.parametrize("bad", ["fr", "", 3, ["es"]])
@pytest.mark.parametrize("field", ["language", "default_language"])
def test_chat_refuses_a_language_it_does_not_offer(chat_client, fake_rasa, bad, field):
    _, client = chat_client
    response = _chat_send(client, _token(client), "hi", **{field: bad})
    assert response.status_code == 400 and "language" in response.get_json()["error"].lower()
    assert fake_rasa.received == []


def test_chat_sessions_keep_their_own_language(chat_client, fake_rasa):
    _, client = chat_client
    spanish, english = _token(client), _token(client)
    _chat_send(client, spanish, "quiero registrarme")
    assert _chat_send(client, english, "1001234567").get_json()["language"] == "en"


# --- Spanglish with Spanish grammar (a tenth play-test) -----------------------------------------
@pytest.mark.parametrize("text", [
    "hey quiero hacer sign up para el online account, mi account es 5101000002 y last name Quintanilla",
    "hi quiero sign up pa mi cuenta online porfa",
    "quiero hacer sign up",
])
def test_a_first_message_with_spanish_grammar_and_english_nouns_is_spanish(text):
    decision = detect(text, None, OFFERED)
    assert decision.language == "es" and decision.changed


@pytest.mark.parametrize("text", [
    "hey I want to sign up for my online account, account 5101000002 last name Quintanilla",
    "hi can you help me sign up, my name is Maria de la Cruz",
    "I want to sign up para mi esposa",
])
def test_a_first_message_with_english_grammar_stays_english(text):
    assert detect(text, None, OFFERED).language == "en"


@pytest.mark.parametrize(("text", "current"), [
    ("mi email es quintanilla.rosy@gmail.com", "en"),
    ("mi email es gallardo.m@gmial.com", "en"),
    ("mi account es 5101000002", "en"),
    ("hi, my cuenta es 5101000002", "es"),
])
def test_a_short_mixed_message_keeps_an_established_language(text, current):
    """Once the member's first words set a language, "mi email es ..." (English "email" in a
    Spanish sentence) is a mixed message: the conversation keeps its language, also right after a
    message leaning the other way."""
    decision = detect(text, current, OFFERED, previous=lambda: "quiero registrarme")
    assert decision.language == current and not decision.changed


def test_a_whole_spanish_sentence_with_an_english_noun_still_switches():
    decision = detect("ya me inscribí y no me ha llegado el email", "en", OFFERED)
    assert decision.language == "es" and decision.changed


def test_sms_spanglish_with_spanish_grammar_is_spanish_from_the_first_message(sms_app, sms_client, fake_rasa):
    """A tenth play-test's member (S02): Spanish grammar with English nouns was answered in English,
    then "mi email es ..." flipped the replies to Spanish. Spanish from the first message on."""
    texter = Texter(sms_client)
    for text in ("hey quiero hacer sign up para el online account, mi account es 5101000002 y last name Quintanilla",
                 "mi email es quintanilla.rosy@gmail.com", "78570"):
        texter.texts(text, from_="+15125550120")
    assert [r["metadata"]["language"] for r in fake_rasa.received] == ["es"] * 3


def test_chat_spanglish_with_spanish_grammar_is_spanish_on_the_english_page(chat_client, fake_rasa):
    """The same play-test's web member (W03), on the English /chat page: Spanish throughout."""
    app, client = chat_client
    token = _token(client)
    for text in ("hi quiero sign up pa mi cuenta online porfa", "account 5101000020 Gallardo",
                 "mi email es gallardo.m@gmail.com"):
        assert _chat_send(client, token, text, default_language="en").get_json()["language"] == "es"


def test_sms_an_english_conversation_keeps_english_through_a_short_mixed_message(sms_app, sms_client, fake_rasa):
    texter = Texter(sms_client)
    for text in ("I want to sign up", "5101000002 Quintanilla", "mi email es quintanilla.rosy@gmail.com"):
        texter.texts(text, from_="+15125550121")
    assert [r["metadata"]["language"] for r in fake_rasa.received] == ["en"] * 3
