"""A sign-in problem, a question about online access or a question about the account number is never
left to the intent it looks like (a sign-up, a correction) when the words say which it is.

``bot.look_alike_intents`` reads the words (standard library, tested here directly);
``bot.intent_guard`` applies it to the model's ranking inside Rasa (tests/actions/test_nlu_guard.py).
The messages are written for these tests, English and Spanish, on both sides of each line.
"""

from __future__ import annotations

import pytest

from bot.look_alike_intents import settled_look_alike


def ranking(*names: str) -> list[dict]:
    """A model's ranking, best first, with falling confidences."""
    confidences = [0.6, 0.3, 0.05, 0.03, 0.02]
    return [{"name": name, "confidence": confidence} for name, confidence in zip(names, confidences)]


def settled(text: str, read_as: str) -> str | None:
    """What the words settle a reading of ``read_as`` on (None keeps the model's reading)."""
    return settled_look_alike(text, ranking(read_as, "help", "inform"))


# Read as a sign-up by the model: the words settle them on the neighbour.
FORGOT_PASSWORD = [
    "I forgot my password for the portal",
    "can't log in to my online account",
    "I'm locked out of the website after too many tries",
    "what's my user name, I can't remember it",
    "the site keeps saying my password is wrong",
    "please reset my password",
    "olvidé mi contraseña del portal",
    "no puedo entrar a mi cuenta en línea",
    "se me olvidó el usuario",
    "me bloquearon la cuenta de la página",
    "mi clave no funciona",
    "I'm already registered",
    "it won't accept my password",
    "ya tengo usuario en la página",
]
ASK_BENEFITS = [
    "what do I get if I sign up?",
    "why should I register at all",
    "is it worth signing up for the portal",
    "what can I do on the website once I'm registered?",
    "what are the benefits of online access",
    "¿qué ventajas tiene la cuenta en línea?",
    "¿para qué sirve registrarme?",
    "y eso para qué me sirve",
    "¿qué puedo hacer en línea?",
    "vale la pena inscribirse?",
    "what's the point of an online account",
    "si me registro, ¿puedo ver mi consumo por día?",
    "¿y en qué me beneficia inscribirme?",
    "oiga y pa qué necesito yo un usuario de esa página",
]
HELP = [
    "what info do I need to sign up?",
    "how does this work",
    "how long does the registration take",
    "what happens next?",
    "¿qué datos me van a pedir para registrarme?",
    "¿cómo funciona esto?",
    "ok, ¿qué sigue?",
    "¿cuánto se tarda el registro?",
    "¿y qué necesito tener a la mano para inscribirme?",
]
# Read as a correction by the model.
ACCOUNT_HELP = [
    "where is the account number on the bill?",
    "which number on my statement is the account one",
    "I don't know my account number",
    "do I put my name or the business name?",
    "¿dónde viene el número de cuenta en el recibo?",
    "no sé mi número de cuenta",
    "¿qué nombre le pongo, el mío o el del negocio?",
    "¿a nombre de quién?",
    "how do I find my account number",
    "should I use my maiden name or my married name?",
    "¿cuál número le doy?",
]
CHANGE_EMAIL = [
    "my email changed",
    "I have a new email address",
    "please update the email on my online account",
    "I lost access to my old email and it's the one I log in with",
    "cambié de correo",
    "tengo un correo nuevo",
    "quiero poner otro correo en mi usuario de la página",
    "actualicen el correo de mi cuenta en línea",
    "change my email",
    "quiero cambiar mi correo",
]

# The sink's own meaning is in the words: the model's reading stands.
SIGN_UPS = [
    "I forgot my password, can I just register again?",
    "I can't log in because I never made an account",
    "I want to sign up, what can I do online?",
    "sign me up, what do you need?",
    "how do I register",
    "I'd like to see my bill online, what do I need",
    "what's my new login",
    "I didn't forget my password, I want to sign up",
    "no puedo entrar porque no tengo usuario todavía",
    "quiero registrarme, ¿qué puedo hacer en línea?",
    "me dijeron que puedo ver mi recibo en internet",
    "quisiera consultar mi factura en línea, qué necesito",
    "regístrame, ¿qué datos ocupas?",
    "I already have an online account, I want to add my second account",
    "I already registered but I want to delete it",
]
OTHERS_READ_AS_SIGN_UP = [
    # a reset mail that did not come, a paper-bill question: neither neighbour of these pairs
    "the password reset email never came",
    "no me llegó el enlace para cambiar la contraseña",
    "do I still get paper bills after I register?",
    "si me registro, ¿me siguen mandando el recibo de papel?",
    # the training data holds this wording as a sign-up and as a question: left to the model
    "can I see my bill online?",
    # two neighbours at once: left to the model
    "what happens after I register, what can I do?",
]
CORRECTIONS = [
    "wrong account number, where do I find the right one?",
    "sorry, I typed the account number wrong",
    "the account is under my husband's name, not mine",
    "no, the account number is 1002003004, which one did you get?",
    "me equivoqué de número de cuenta",
    "el apellido está mal, ¿qué nombre le pongo?",
    "that email I gave you is my old one",
    "the email I typed is wrong, I have a new one",
    "my new email is ana.p@example.com",
    "ese correo es el viejo, tengo uno nuevo",
    "me equivoqué, cambié de correo el año pasado",
    "I didn't change my email",
    "I sent the meter number, not the account number",
    "how do I change my paper bill to email",
]

READINGS = ([(text, "register", "forgot_password") for text in FORGOT_PASSWORD]
            + [(text, "register", "ask_benefits") for text in ASK_BENEFITS]
            + [(text, "register", "help") for text in HELP]
            + [(text, "correct", "account_help") for text in ACCOUNT_HELP]
            + [(text, "correct", "change_email") for text in CHANGE_EMAIL]
            + [(text, "register", None) for text in SIGN_UPS + OTHERS_READ_AS_SIGN_UP]
            + [(text, "correct", None) for text in CORRECTIONS])


@pytest.mark.parametrize(("text", "model", "words_settle"), READINGS)
def test_the_words_settle_a_sink_reading_on_its_neighbour_and_nothing_else(text, model, words_settle):
    assert settled(text, model) == words_settle


@pytest.mark.parametrize("text", FORGOT_PASSWORD + ASK_BENEFITS + HELP + ACCOUNT_HELP + CHANGE_EMAIL)
def test_only_a_sink_at_the_top_is_read(text):
    # The neighbours' own readings, and every other intent, pass untouched.
    for model in ("help", "inform", "forgot_password", "never_mind", "account_help"):
        assert settled(text, model) is None
    assert settled_look_alike(text, []) is None


# Doubting online access, read as a deletion of it.
DOUBTS_READ_AS_DELETION = [
    "why would I even want online access, I pay at the office",
    "¿pa qué quiero yo un usuario en la página? siempre pago en la oficina",
    "¿y en qué me beneficia tener cuenta en línea?",
]
DELETIONS_THAT_DOUBT = [
    "what's the point of the online account, delete it",
    "¿para qué quiero la cuenta en línea? ya no la uso, bórrenla",
    "what do I get from the portal? nothing, I don't need it anymore",
]


@pytest.mark.parametrize("text", DOUBTS_READ_AS_DELETION)
def test_a_question_what_online_access_gives_read_as_a_deletion_is_that_question(text):
    assert settled(text, "unregister") == "ask_benefits"


@pytest.mark.parametrize("text", DELETIONS_THAT_DOUBT)
def test_a_deletion_that_doubts_online_access_stays_a_deletion(text):
    assert settled(text, "unregister") is None


@pytest.mark.parametrize("text", ["correcto, ese es", "Correct.", "that's right", "así es", "yes, that one is correct",
                                  "exacto"])
def test_a_bare_confirmation_read_as_a_correction_is_a_yes(text):
    assert settled(text, "correct") == "affirm"


@pytest.mark.parametrize("text", ["correct my email", "no es correcto", "ese no es", "correcto, pero el correo es otro",
                                  "right, the account is wrong", "that's right 78620"])
def test_a_correction_with_the_word_correct_stays_a_correction(text):
    assert settled(text, "correct") is None
