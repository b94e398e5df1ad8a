"""Actions around the form, against the real backend API (tests/actions/conftest.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from backend.storage.models import Login, Notification, Registration, RegistrationDraft
from actions import messages
from common.gsm import to_gsm7
from tests.support.action_conversation import (
    DOMAIN, FORM, Conversation, assert_asked_again_uncounted, at_the_email_step, joined, sign_up_start, sign_up_to, to_the_proof,
)


def register(chat: Conversation, email: str = "g@example.com") -> None:
    chat.start("sign up")
    for text in ("1001234567", "Garza", email, "78620", "2", "Rex", "yes"):
        chat.form_turn(text)
    assert chat.slots["outcome"] == "registered"


def test_talk_to_a_person_gives_number_and_hours(backend):
    chat = Conversation()
    chat.user("can I talk to a person", "human")
    events, texts = chat.run("action_human")
    reply = joined(texts)
    assert backend.settings.support_phone in reply and backend.settings.support_hours in reply
    assert chat.slots["outcome"] == "human_requested"


def test_talk_to_a_person_in_spanish_gives_the_hours_in_spanish(backend):
    """The hours come in the member's language: the default translated (GET /api/config,
    ``support_hours_by_language``), never the English setting in a Spanish reply."""
    chat = Conversation(language="es")
    chat.user("quiero hablar con una persona", "human")
    reply = joined(chat.run("action_human")[1])
    assert backend.settings.support_phone in reply and "de 7 a.m. a 9 p.m., de lunes a viernes" in reply
    assert "Monday" not in reply


def test_off_topic_twice_offers_a_person(backend):
    chat = Conversation()
    chat.user("my power is out", "out_of_scope")
    _, first = chat.run("action_side_answer")
    assert "sign" in joined(first) and backend.settings.support_phone not in joined(first)
    chat.user("what's the weather", "out_of_scope")
    _, second = chat.run("action_side_answer")
    assert backend.settings.support_phone in joined(second)
    chat.user("hello", "greet")
    chat.run("action_side_answer")
    assert chat.slots["offtopic_count"] == 0


def test_a_sign_up_the_model_was_unsure_of_starts_and_keeps_every_answer_of_the_message(backend):
    chat = Conversation()
    chat.user("hi i want to sign up. acct 1001234567 last name Garza email g@example.com", "nlu_fallback", 0.35)
    events, texts = chat.run("action_side_answer")
    assert any(e.get("event") == "followup" and e.get("name") == FORM for e in events)
    replies = joined(texts + chat.follow_up_form())
    assert chat.slots["member_name"] == "Garza" and chat.slots["email"] == "g@example.com"
    assert chat.slots["requested_slot"] == "identity_proof"
    assert "Sorry" not in replies and "ZIP" in replies


def test_an_unsure_reading_without_sign_up_words_stays_a_side_answer(backend):
    chat = Conversation()
    chat.user("my meter is blinking", "nlu_fallback", 0.35)
    events, _ = chat.run("action_side_answer")
    assert not any(e.get("event") == "followup" for e in events) and not chat.slots["goal"]


def test_account_help_and_no_bill(backend):
    chat = Conversation()
    chat.user("where is my account number", "account_help")
    _, texts = chat.run("action_side_answer")
    assert "6 to 12 digits" in joined(texts) and "meter number" in joined(texts)
    chat.user("i dont have a bill yet", "no_bill")
    _, texts = chat.run("action_side_answer")
    assert backend.settings.support_phone in joined(texts)


def test_paperless_needs_online_access_then_points_to_the_account_page(backend):
    chat = Conversation()
    chat.user("how do I go paperless", "ask_paperless")
    _, texts = chat.run("action_side_answer")
    assert "needs online access" in joined(texts) and "send your account number" in joined(texts)
    register(chat)
    chat.user("will I still get paper bills", "ask_paperless")
    _, texts = chat.run("action_side_answer")
    assert "/login" in joined(texts) and "account page" in joined(texts)
    assert "send your account number" not in joined(texts)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_sign_in_link_opens_in_the_language_of_the_chat(backend, language):
    """As the Terms link: a member chatting in Spanish from an English browser lands on the
    Spanish sign-in page."""
    chat = Conversation(language=language)
    register(chat)
    chat.user("how do I go paperless" if language == "en" else "¿cómo activo la factura sin papel?", "ask_paperless")
    _, texts = chat.run("action_side_answer")
    login = backend.settings.public_url.rstrip("/") + "/login"
    assert f"{login}?lang={language} " in joined(texts), texts


def test_benefits_and_safety_are_answered_not_off_topic(backend):
    chat = Conversation()
    chat.user("why should I sign up", "ask_benefits")
    _, texts = chat.run("action_side_answer")
    assert "pay your bills" in joined(texts) and "paperless" in joined(texts)
    chat.user("is it safe to text my ssn", "ask_safety")
    _, texts = chat.run("action_side_answer")
    assert "discarded" in joined(texts) and backend.settings.support_phone in joined(texts)
    assert chat.slots["offtopic_count"] == 0


def test_a_question_during_the_form_is_followed_by_the_pending_question(backend):
    chat = Conversation()
    to_the_proof(chat)
    assert chat.slots["requested_slot"] == "identity_proof"
    for text, intent in (("is it safe to text the last 4 of my social", "ask_safety"),
                         ("what do I get with online access", "ask_benefits"),
                         ("will paper bills stop", "ask_paperless")):
        chat.form_turn(text, intent)
        assert chat.rejected
        _, answer = chat.run("action_side_answer")
        assert answer and "/login" not in joined(answer)
        # Rasa runs the interrupted form next (rule "... the form could not use"): it asks again.
        _, pending = chat.run("action_ask_identity_proof")
        assert "ZIP code" in joined(pending)
    assert chat.form_turn("78620") and chat.slots["identity_proof"] == "verified"


def test_help_during_the_form_explains_the_step(backend):
    chat = Conversation()
    to_the_proof(chat)
    chat.user("why do you need that", "help")
    _, texts = chat.run("action_side_answer")
    assert "ZIP" in joined(texts) and "never repeat" in joined(texts)


@pytest.mark.parametrize(("language", "text", "intent", "words"), [
    ("en", "why do you need that", "help", "never repeat"),
    ("en", "why do you need my zip? what do you do with it", "inform", "never repeat"),
    ("en", "what's that for?", "nlu_fallback", "never repeat"),
    ("es", "y xq necesitan mi zip? q hacen con eso", "inform", "Nunca lo repito"),
    ("es", "no me contesto, para que quieren el codigo postal?", "inform", "Nunca lo repito"),
    ("es", "pq el codigo postal", "nlu_fallback", "Nunca lo repito"),
    ("es", "¿de qué sirve eso?", "inform", "Nunca lo repito"),
    ("es", "porq lo piden?", "inform", "Nunca lo repito"),
])
def test_a_why_at_the_proof_step_is_answered_then_asked_again(backend, language, text, intent, words):
    chat = Conversation(language=language)
    to_the_proof(chat)
    reply = chat.form_or_side_turn(text, intent, 0.6)
    said = joined(reply)
    assert words in said, said
    assert len(reply) == 2 and "ZIP" in reply[1] and "(SSN)" not in reply[0], said  # the answer, then the question
    assert_asked_again_uncounted(chat, "identity_proof")


# The model reads a bare "para" as help (0.57): no why-explanation, the e-mail question again with
# what an address looks like.
EMAIL_AGAIN = {
    "en": ("Sorry, I didn't catch that. An e-mail address looks like name@example.com.",
           "What e-mail address should we use for your online account?", "becomes your username"),
    "es": ("Perdón, no entendí. Un correo electrónico se ve así: nombre@ejemplo.com.",
           "¿Qué correo electrónico quiere usar para su cuenta en línea?", "será su usuario"),
}


@pytest.mark.parametrize(("language", "text"), [("es", "para"), ("es", "para?"), ("es", "¿para?"), ("en", "para?")])
def test_a_bare_para_at_the_email_step_asks_for_the_address_again_not_why(backend, language, text):
    chat = at_the_email_step(language)
    replies = chat.form_or_side_turn(text, "help", 0.57)
    again, question, why = EMAIL_AGAIN[language]
    assert replies == [again, question], replies
    assert why not in joined(replies)
    assert_asked_again_uncounted(chat, "email")


@pytest.mark.parametrize("text", ["¿para qué?", "para que lo necesitan", "para q?"])
def test_para_que_at_the_email_step_is_still_a_why(backend, text):
    chat = at_the_email_step("es")
    replies = chat.form_or_side_turn(text, "help", 0.99)
    assert EMAIL_AGAIN["es"][2] in joined(replies) and EMAIL_AGAIN["es"][0] not in joined(replies), replies
    assert replies[-1] == EMAIL_AGAIN["es"][1]
    assert_asked_again_uncounted(chat, "email")


@pytest.mark.parametrize(("language", "text", "words"), [
    ("en", "what do the terms say? short version please", "In short"),
    ("es", "pero que dicen los términos y condiciones?", "En resumen"),
    ("es", "y q dicen los terminos? resumido porfa", "En resumen"),
    ("es", "resumido porfa, q dicen las condiciones", "En resumen"),
    ("es", "xq tengo que aceptar los terminos?", "En resumen"),
])
def test_what_the_terms_say_in_shorthand_gets_the_summary_then_the_question(backend, language, text, words):
    chat = Conversation(language=language)
    sign_up_to(chat, "terms_accepted")
    said = joined(chat.form_turn(text))
    assert words in said and said.count("/terms") == 1, said
    assert_asked_again_uncounted(chat, "terms_accepted")


@pytest.mark.parametrize("text", ["sure, why not", "yes, why not, I accept"])
def test_why_not_at_the_terms_is_a_yes(backend, text):
    chat = Conversation()
    sign_up_to(chat, "terms_accepted")
    chat.form_turn(text)
    assert chat.slots["outcome"] == "registered"


@pytest.mark.parametrize(("language", "text", "intent", "words"), [
    ("en", "Hi, I got a text about signing up online. Is this actually the co-op or is this a scam?", "register",
     ("own assistant", "Sure, I can sign you up")),
    ("en", "is this really the co-op? I want to register", "register", ("own assistant", "Sure, I can sign you up")),
    ("es", "me llego un mensaje para registrarme en linea. ¿es una estafa o de verdad es la cooperativa?", "register",
     ("asistente de", "registrarle")),
    ("es", "quiero registrarme pero es seguro?", "nlu_fallback", ("asistente de", "registrarle")),
])
def test_a_safety_question_with_a_sign_up_is_answered_first(backend, language, text, intent, words):
    chat = Conversation(language=language)
    chat.user(text, intent, 0.5 if intent == "nlu_fallback" else 0.95)
    if intent == "nlu_fallback":
        _, texts = chat.run("action_side_answer")
        texts += chat.follow_up_form()
    else:
        texts = chat.start(text, intent)
    said = joined(texts)
    safety, started = words
    assert backend.settings.support_phone in texts[0] and safety in texts[0], said
    assert started in said and said.index(safety) < said.index(started)
    assert chat.slots["requested_slot"] == "account_number" and chat.slots["goal"] == "register"


def test_a_safety_question_during_the_sign_up_is_answered_and_the_question_follows(backend):
    chat = Conversation()
    to_the_proof(chat)
    chat.user("wait is this really the co-op? i want to keep signing up", "register")
    _, texts = chat.run("action_start_flow")
    texts += chat.follow_up_form()
    said = joined(texts)
    # The pending question follows, in full or in short after the answer (messages.ask_identity_proof_short).
    assert "own assistant" in said and said.rstrip().endswith(("Tax ID on it.", "SSN or Tax ID.")), said
    assert chat.slots["requested_slot"] == "identity_proof"


@pytest.mark.parametrize(("language", "text", "words"), [
    ("en", "what do you do with my email? will you spam me?", ("activation link", "never used for marketing")),
    ("es", "¿que hacen con mi correo? me van a mandar spam?", ("enlace de activación", "publicidad")),
])
def test_a_question_about_the_email_address_says_what_it_is_for(backend, language, text, words):
    chat = Conversation(language=language)
    chat.user(text, "ask_safety")
    [answer] = chat.run("action_side_answer")[1]
    assert backend.settings.support_phone in answer and all(word in answer for word in words), answer
    chat.user("is it safe to text my ssn", "ask_safety")
    [general] = chat.run("action_side_answer")[1]
    assert "activation" not in general and "activación" not in general


def test_resend_once_then_spam_folder(backend):
    chat = Conversation()
    register(chat)
    chat.user("i didnt get the email", "email_not_received")
    _, texts = chat.run("action_resend_email")
    assert "again" in joined(texts) and "spam" in joined(texts)
    assert chat.slots["outcome"] == "resent"
    chat.user("still nothing", "email_not_received")
    _, texts = chat.run("action_resend_email")
    assert "already sent" in joined(texts) and backend.settings.support_phone in joined(texts)


def test_resend_without_a_registration(backend):
    chat = Conversation()
    chat.user("i didnt get the email", "email_not_received")
    _, texts = chat.run("action_resend_email")
    assert "spam" in joined(texts)


def test_start_over_forgets_everything_also_in_the_backend(backend):
    chat = Conversation()
    chat.start("sign up")
    chat.form_turn("1001234567 garza g@example.com 78620")
    assert chat.slots["identity_proof"] == "verified"
    chat.user("start over", "start_over")
    _, texts = chat.run("action_start_over")
    assert "start over" in joined(texts)
    assert all(chat.slots[s] is None for s in ("account_number", "member_name", "email", "identity_proof"))
    with backend.session() as session:
        assert session.get(RegistrationDraft, chat.sender) is None  # what it proved is forgotten


@pytest.mark.parametrize(("language", "text"), [
    ("en", "Good morning, I would like to register for online access please"),
    ("es", "buenas tardes, quisiera registrarme en línea por favor"),
])
def test_a_sign_up_request_read_as_never_mind_starts_the_sign_up(backend, language, text):
    chat = Conversation(language=language)
    chat.user(text, "never_mind")
    events, texts = chat.run("action_never_mind")
    assert any(e.get("event") == "followup" and e.get("name") == FORM for e in events)
    assert chat.slots["goal"] == "register"
    replies = joined(texts + chat.follow_up_form())
    assert chat.slots["requested_slot"] == "account_number"
    assert ("account number" if language == "en" else "cuenta") in replies


@pytest.mark.parametrize("text", ["never mind, I'll register another day", "mejor luego me registro"])
def test_leaving_the_sign_up_for_later_outside_a_flow_starts_nothing(backend, text):
    chat = Conversation()
    chat.user(text, "never_mind")
    events, _ = chat.run("action_never_mind")
    assert not any(e.get("event") == "followup" for e in events) and not chat.slots["goal"]


def test_never_mind_stops_the_form(backend):
    chat = Conversation()
    chat.start("sign up")
    chat.form_turn("1001234567")
    chat.user("never mind", "never_mind")
    events, texts = chat.run("action_never_mind")
    assert {"event": "active_loop", "name": None} in [
        {"event": e["event"], "name": e.get("name")} for e in events if e["event"] == "active_loop"]
    assert "REGISTER" in joined(texts)
    assert chat.slots["account_number"] is None


def test_greeting_introduces_the_assistant(backend):
    chat = Conversation()
    chat.user("hi", "greet")
    _, texts = chat.run("action_side_answer")
    assert "account number" in joined(texts)


def test_session_start_resets_the_backend_draft_of_an_old_conversation(backend):
    chat = Conversation()
    chat.start("sign up")
    chat.form_turn("1001234567 garza")
    with backend.session() as session:
        assert session.get(RegistrationDraft, chat.sender).member_id is not None
    events, _ = chat.run("action_session_start")
    assert [e["event"] for e in events] == ["session_started", "action"]
    with backend.session() as session:
        assert session.get(RegistrationDraft, chat.sender) is None  # what it proved is forgotten


def test_an_address_another_login_uses_gets_the_same_answer_as_a_new_one(backend):
    """A verified conversation cannot learn whether an address has a login (docs/security.md)."""
    first = Conversation()
    register(first, email="shared@example.com")
    replies = {}
    for account, name, zip_code, email in (("6001112223", "Peterson", "78610", "shared@example.com"),
                                            ("3005551212", "O'Brien-Smith", "78701", "sherry@example.com")):
        chat = Conversation()
        chat.start("sign up")
        for text in (account, name, email, zip_code, "1", "Smith"):
            chat.form_turn(text)
        chat.user("yes", "affirm")
        chat.run("validate_registration_form")
        _, texts = chat.run("action_complete_flow")
        assert chat.slots["outcome"] == "registered"
        replies[email] = joined(texts)
    assert replies["shared@example.com"] == replies["sherry@example.com"]
    assert "s***@e***.com" in replies["shared@example.com"]
    with backend.session() as session:
        [login] = session.scalars(select(Login).where(Login.email == "shared@example.com")).all()
        # One login holds the address; Peterson's account waits there as an offer its mailbox confirms.
        assert [(r.member.last_name_or_business, r.status) for r in login.registrations] == [
            ("Garza", "pending"), ("Peterson", "pending")]


def test_backend_down_gets_a_polite_answer(backend):
    from actions import backend_client

    chat = Conversation()
    chat.start("sign up")
    backend_client.set_client(backend_client.BackendClient("http://127.0.0.1:9", "key"))
    reply = joined(chat.form_turn("1001234567 garza"))
    assert "cannot reach" in reply
    assert chat.slots["account_number"] == "1001234567"
    assert chat.slots["member_name"] is None
    assert chat.active_loop == FORM


def test_registration_is_stored_with_lowercase_email(backend):
    chat = Conversation()
    register(chat, email="MiXeD@Example.COM")
    with backend.session() as session:
        assert session.scalar(select(Registration)).email == "mixed@example.com"


def test_a_plain_reply_after_a_finished_flow_does_not_restart_it(backend):
    chat = Conversation()
    register(chat)
    texts = chat.start("ok got it", intent="inform")
    assert "all set" in joined(texts)
    assert chat.slots["requested_slot"] is None and chat.active_loop is None
    assert chat.slots["outcome"] == "registered"


def test_every_ask_action_of_the_domain_is_served_and_asks_its_question(backend):
    asks = sorted(a for a in DOMAIN["actions"] if a.startswith("action_ask_"))
    assert len(asks) == 9
    chat = Conversation()
    assert set(asks) <= set(chat.executor.actions)
    chat.set(account_number="1001234567", proof_method="zip", security_question=2)
    expected = {
        "action_ask_account_number": (messages.ask_account_number(), None),
        "action_ask_member_name": (messages.ask_member_name("1001234567"), None),
        "action_ask_email": (messages.ask_email(), None),
        "action_ask_identity_proof": (messages.ask_identity_proof("zip"), None),
        "action_ask_security_question": (messages.ask_security_question(),
                                         messages.question_buttons()),
        "action_ask_one_time_code": (messages.ask_one_time_code(), None),
        "action_ask_confirm_unsubscribe": (messages.ask_confirm_unsubscribe(), messages.yes_no_buttons()),
    }
    for action in asks:
        before = len(chat.buttons)
        events, texts = chat.run(action)
        # Each says which question it put (Rasa records no event for a form's ask action).
        assert events == [{"event": "slot", "name": "last_asked", "value": action.removeprefix("action_ask_"),
                           "timestamp": None}] and len(texts) == 1, (action, events)
        if action in expected:
            text, buttons = expected[action]
            assert texts == [text], action
            assert (chat.buttons[before:] or [None]) == [buttons], action
    # The two that name co-op facts: the chosen question and the terms link, with Yes/No.
    _, texts = chat.run("action_ask_security_answer")
    assert "pet" in texts[0].lower()
    _, texts = chat.run("action_ask_terms_accepted")
    assert "Terms and Conditions" in texts[0] and chat.buttons[-1] == messages.yes_no_buttons()


def test_the_questions_around_registration_are_answered_in_spanish(backend):
    """Paperless billing, what online access gives, texting the SSN, the account number and
    paper bills: a Spanish-speaking member gets the real answer in Spanish, never "off topic"."""
    chat = Conversation(language="es")
    for text, intent, words in (("¿cómo me cambio a factura sin papel?", "ask_paperless", "necesita acceso en línea"),
                                ("¿qué gano con el acceso en línea?", "ask_benefits", "pagar sus facturas"),
                                ("¿es seguro mandar mi seguro social por mensaje?", "ask_safety", "últimos 4 del SSN"),
                                ("¿dónde encuentro mi número de cuenta?", "account_help", "6 a 12"),
                                ("¿me van a seguir llegando los recibos de papel?", "ask_paperless", "en papel")):
        chat.user(text, intent)
        _, texts = chat.run("action_side_answer")
        assert words in joined(texts), (text, texts)
    assert chat.slots["offtopic_count"] == 0


@pytest.mark.parametrize(("language", "yes", "finish", "not_said"), [
    ("en", "yes", "to set your password. (If you already sign in with that address, it adds this account instead.)",
     "if that address already has an online login"),
    ("es", "sí", "para crear su contraseña. (Si ya entra con ese correo, el enlace agrega esta cuenta.)",
     "si ese correo ya tiene acceso"),
])
def test_the_reply_after_a_sign_up_is_true_for_a_new_login_and_for_an_added_account(
        backend, language, yes, finish, not_said):
    """M17: an address that already has a login (signed up in another conversation) gets the link
    that adds the account, which sets no password; a new address gets the activation link. The
    reply is true for both and the same for both: it never tells whether the address has a login."""
    def sign_up(account: str, name: str, zip_code: str, email: str) -> str:
        chat = Conversation(language=language)
        chat.start(sign_up_start(language))
        for text in (account, name, email, zip_code, "2", "Rex"):
            chat.form_turn(text)
        said = joined(chat.form_turn(yes))
        assert chat.slots["outcome"] == "registered"
        return said

    new_login = sign_up("1001234567", "Garza", "78620", "g@example.com")
    added = sign_up("6001112223", "Peterson", "78610", "g@example.com")
    with backend.session() as session:
        assert [n.kind for n in session.scalars(select(Notification).where(Notification.channel == "email")
                                                .order_by(Notification.id))] == ["activation", "add_account"]
    for said in (new_login, added):
        assert to_gsm7(finish) in to_gsm7(said) and to_gsm7(not_said) not in to_gsm7(said), said
    assert new_login == added
