"""Actions answer in the language the web app sent with the turn, against the real backend API."""

from __future__ import annotations

from actions import messages
from common.gsm import reply_safe, texted_septets
from actions.language import current_language, speaking
from tests.support.action_conversation import Conversation


def test_a_spanish_turn_is_answered_from_the_spanish_catalog(backend):
    chat = Conversation(language="es")
    texts = chat.start("quiero registrarme")
    with speaking("es"):
        assert texts[-1] == reply_safe(messages.ask_account_number())
    assert texts[-1].startswith("¿Cuál es su número de cuenta?")  # accents kept: the SMS channel folds them
    texts = chat.form_turn("1001234567")
    assert "apellido" in texts[-1]


def test_the_whole_registration_in_spanish_with_spanish_buttons(backend):
    chat = Conversation(language="es")
    chat.start("quiero registrarme")
    replies = []
    for text in ("1001234567", "Garza", "g@example.com", "78620", "2", "Rex"):
        replies += chat.form_turn(text)
    assert chat.buttons[0][1]["title"] == "Nombre de su mascota"
    assert any(r.startswith("¿Cómo se llama su mascota?") for r in replies)  # the question picked
    assert replies[-1].startswith("Último paso: ¿acepta los Términos")
    replies = chat.form_turn("yes")
    assert chat.buttons[-1] == [{"title": "Sí", "payload": "yes"}, {"title": "No", "payload": "no"}]
    assert chat.slots["outcome"] == "registered"
    assert replies[-1].startswith("¡Su registro está listo!") and "spam" in replies[-1]


def test_the_language_follows_each_turn(backend):
    chat = Conversation(language="es")
    chat.user("hola", "greet")
    _, texts = chat.run("action_side_answer")
    assert texts[0].startswith("¡Hola! Soy el asistente")
    chat.language = "en"
    chat.user("hi", "greet")
    _, texts = chat.run("action_side_answer")
    assert texts[0].startswith("Hi! I am the")


def test_no_language_sent_means_the_default_and_nothing_leaks_between_calls(backend):
    chat = Conversation()
    chat.user("hola", "greet")
    _, texts = chat.run("action_side_answer")
    assert texts[0].startswith("Hi!")
    assert current_language() == "en"


def _segments(text: str) -> int:
    """Billed SMS segments of a reply as texted (folded to GSM-7)."""
    n = texted_septets(text)
    return 1 if n <= 160 else -(-n // 153)


def _registration_segments(language: str, account: str, name: str, zip_code: str) -> int:
    chat = Conversation(language=language)
    replies = chat.start("sign up")
    for text in (account, name, f"{name.lower()}@example.com", zip_code, "2", "Rex", "yes"):
        replies += chat.form_turn(text)
    assert chat.slots["outcome"] == "registered"
    return sum(_segments(reply) for reply in replies)


def test_a_spanish_registration_costs_at_most_1_3_times_the_english_segments(backend):
    """The replies of one whole registration, as SMS segments (docs/languages.md)."""
    english = _registration_segments("en", "1001234567", "Garza", "78620")
    spanish = _registration_segments("es", "6001112223", "Peterson", "78610")
    print(f"segments per registration: English {english}, Spanish {spanish}")
    assert spanish <= 1.3 * english, (english, spanish)


def test_a_language_request_mid_sign_up_continues_in_it_without_a_second_hello(backend):
    """The web app answers "en español por favor" with a greeting marked ``language_requested``:
    the member reads that it goes on in Spanish, then the pending question, and no "¡Hola!"."""
    chat = Conversation()
    chat.start("sign up")
    chat.form_turn("1001234567")
    chat.language = "es"
    chat.user("/greet", "greet")
    chat.events[-1]["metadata"]["language_requested"] = True  # as the web app sends it
    _, validated = chat.run("validate_registration_form")
    assert not validated  # the form leaves the greeting to its rule
    _, texts = chat.run("action_side_answer")
    _, texts2 = chat.run("action_ask_member_name")
    replies = texts + texts2
    assert replies[0] == "De acuerdo, seguimos en español." and "Hola" not in "".join(replies), replies
    assert "apellido" in replies[1]
    chat.language = "en"
    chat.user("/greet", "greet")
    chat.events[-1]["metadata"]["language_requested"] = True
    _, texts = chat.run("action_side_answer")
    assert texts == ["OK, let's continue in English."]
