"""A sign-up is never read as a deletion, nor a deletion as a sign-up, when the words say which it is.

``bot.register_or_delete`` reads the words (standard library, tested here directly; the other
look-alike pairs of ``bot.look_alike_intents`` in tests/actions/test_nlu_look_alikes.py);
``bot.intent_guard.RegisterDeletionGuard`` applies both to the model's ranking inside Rasa
(Python 3.10), so its test runs in the Rasa environment, as tests/actions/test_nlu_tokenizer.py
does. The messages are written for these tests, English and Spanish, on both sides of the line.
"""

from __future__ import annotations

import json

import pytest
import yaml

from bot.register_or_delete import settled_intent
from tests.support.rasa_env import ROOT, run_in_rasa


def ranking(*names: str) -> list[dict]:
    """A model's ranking, best first, with falling confidences."""
    confidences = [0.6, 0.3, 0.05, 0.03, 0.02]
    return [{"name": name, "confidence": confidence} for name, confidence in zip(names, confidences)]


# Read as a deletion by the model, a sign-up in the words.
SIGN_UPS_READ_AS_DELETION = [
    "I deleted it before and want to sign up again",
    "I removed my online account last year, can I register again?",
    "I unsubscribed from the website by accident",
    "I don't want to delete anything, I just want to sign up",
    "not cancel, register",
    "can you reactivate my online access",
    "la borré hace tiempo y quiero volver a registrarme",
    "me di de baja sin querer",
    "no quiero borrar nada, quiero crear mi cuenta",
    "no me la cancelen, quiero inscribirme",
    "no es para darme de baja, es para registrarme",
    "cancelé mi cuenta el año pasado y necesito una cuenta nueva",
    "I deleted my web login last year, now I want a new online account",
    "we cancelled the old portal access and need a new login for the business",
    "I deleted my online account when we moved and now I'd like a new one",
    "removing it was a mistake, can you sign me back up",
    "my login was erased after the move, please make me a new one",
    "ay la regué, borré mi usuario en línea, regístreme de nuevo",
    "me borraron el usuario cuando cambié de casa, denme uno nuevo",
    "we removed the portal login in the spring and would like to create it again",
    "eliminé mi acceso en línea, ¿lo puedo crear otra vez?",
]

# Deletions: the model's deletion reading stands whatever ranks second.
DELETIONS = [
    "please delete my online account",
    "cancel my registration request",
    "I registered last month, now take me off the online system",
    "I no longer want online access, I'd rather sign up for paper",
    "I signed up by mistake, please undo it",
    "get rid of my web login, I sold the house",
    "opt me out of online access",
    "somebody set up an online account for me and I don't want it",
    "I registered last month but I want it gone now",
    "quiero darme de baja del portal",
    "bórrenme el registro en línea por favor",
    "ya no quiero la cuenta en linea",
    "quiero cancelar mi solicitud de registro",
    "me registré pero ya no lo necesito, quítenlo",
    "me quiero desinscribir",
]


# Read as a sign-up by the model, with unregister second: a deletion in the words.
DELETIONS_READ_AS_SIGN_UP = [
    "cancel my registration request",
    "please remove my online registration",
    "I want to close my web login",
    "deactivate my profile on the portal",
    "quiero cancelar mi registro en línea",
    "eliminen mi usuario de la página",
    "denme de baja de la inscripción",
]


SIGN_UPS = [
    "I deleted it before and want to sign up again",
    "I closed my old account by mistake, please sign me up",
    "cancel the paper bills, I want to see them online",
    "I don't want to cancel, I want online access",
    "please don't delete my registration, I'm not done",
    "quitar el recibo de papel y verlo en línea",
    "no me den de baja, quiero seguir con el registro",
    "la cancelé sin querer, quiero registrarme otra vez",
    "quiero registrarme, no borrar mi cuenta",
]


# (the model's ranking, what the words settle: None leaves the model's reading), per message.
READINGS = ([(text, ("unregister", "help", "register"), "register") for text in SIGN_UPS_READ_AS_DELETION]
            # however far register ranks
            + [(text, ("unregister",), "register") for text in SIGN_UPS_READ_AS_DELETION]
            + [(text, ("unregister", "register", "help"), None) for text in DELETIONS]
            + [(text, ("register", "unregister", "help"), "unregister") for text in DELETIONS_READ_AS_SIGN_UP]
            + [(text, ("register", "unregister", "help"), None) for text in SIGN_UPS])


@pytest.mark.parametrize(("text", "model", "settled"), READINGS)
def test_the_words_settle_a_sign_up_or_a_deletion_and_nothing_else(text, model, settled):
    assert settled_intent(text, ranking(*model)) == settled


def test_a_longer_sign_up_reading_changes_only_when_the_model_ranks_the_deletion_second():
    # Sign-up stories name the end of other things: the words alone do not overrule a sign-up.
    assert settled_intent("I closed my old business and need to see the new bill",
                          ranking("register", "help", "unregister")) is None
    assert settled_intent("we had to cancel the old meter last spring so could you please set up the web",
                          ranking("register", "help", "unregister")) is None


@pytest.mark.parametrize("text", ["please remove my online registration", "borrar registro", "cancelar mi registro",
                                  "eliminar mi usuario", "delete the web login", "dar de baja el portal"])
def test_a_short_request_to_end_access_is_a_deletion_wherever_the_model_ranks_it(text):
    # "borrar registro": two words, the verb is most of what is said, the noun pulls the model to a sign-up.
    assert settled_intent(text, ranking("register", "never_mind", "unregister")) == "unregister"
    assert settled_intent(text, ranking("register", "help")) == "unregister"


@pytest.mark.parametrize("text", ["kill my web login please, I don't need it anymore",
                                  "scrap the online account for the barn, we do not use it any longer",
                                  "bórrenme el usuario del portal por favor que ya no lo uso para nada"])
def test_a_longer_request_to_end_access_that_says_it_is_not_wanted_is_a_deletion(text):
    # Two cues of an ending (a verb and "no longer wanted") and no sign-up verb: the words settle it.
    assert settled_intent(text, ranking("register", "help", "never_mind")) == "unregister"


# An ended online login wanted back, read as stopping the sign-up, off topic or a forgotten password.
DELETED_ACCESS_WANTED_BACK = [
    "the web login got cancelled when I moved, I have to set up a brand new one",
    "they removed my portal account last winter and I need to make a new one now",
    "I unsubscribed from the app a while ago, please sign me back up",
    "me dieron de baja el usuario de la pagina, necesito hacer uno nuevo",
    "borré mi cuenta en línea hace un año y quiero sacar otra",
    "cancelé el acceso en línea cuando vendí la casa, ya volví, quiero abrirlo otra vez",
]
# Other readings of the same words that stay: a pause for later, a restart, electric service.
NOT_WANTED_BACK = [
    ("never_mind", "cancel this for now, I'll sign up again on the website later"),
    ("never_mind", "cancela esto, me registro de nuevo otro día"),
    ("start_over", "cancel what I typed and register me again from the start"),
    ("out_of_scope", "I closed my electric account when we moved and need to open a new account at the new house"),
    ("out_of_scope", "quiero hacer otra pregunta, se cortó la luz"),
]


@pytest.mark.parametrize("model", ["never_mind", "out_of_scope", "forgot_password", "unregister"])
@pytest.mark.parametrize("text", DELETED_ACCESS_WANTED_BACK)
def test_ended_online_access_wanted_back_is_a_sign_up_whatever_look_alike_the_model_read(text, model):
    assert settled_intent(text, ranking(model, "register", "help")) == "register"


@pytest.mark.parametrize(("model", "text"), NOT_WANTED_BACK)
def test_a_pause_a_restart_or_electric_service_is_no_sign_up_again(model, text):
    assert settled_intent(text, ranking(model, "register", "help")) is None


def test_other_readings_pass_untouched():
    assert settled_intent("delete my online account", ranking("help", "unregister", "register")) is None
    assert settled_intent("quiero registrarme", ranking("never_mind", "register")) is None
    assert settled_intent("sign me up", []) is None


def test_the_guard_runs_between_the_classifier_and_the_fallback():
    pipeline = [step["name"] for step in yaml.safe_load((ROOT / "bot" / "config.yml").read_text())["pipeline"]]
    guard = pipeline.index("bot.intent_guard.RegisterDeletionGuard")
    assert pipeline[guard - 1] == "DIETClassifier"
    assert guard < pipeline.index("FallbackClassifier")


GUARD_SCRIPT = r'''
import json, sys
from rasa.shared.nlu.training_data.message import Message
from bot.intent_guard import RegisterDeletionGuard

guard = RegisterDeletionGuard.create(RegisterDeletionGuard.get_default_config(), None, None, None)
out = []
for text, names in json.loads(sys.argv[1]):
    ranking = [{"name": name, "confidence": c} for name, c in zip(names, [0.7, 0.2, 0.1])]
    message = Message(data={"text": text, "intent": dict(ranking[0]), "intent_ranking": ranking})
    guard.process([message])
    out.append({"intent": message.get("intent"), "ranking": message.get("intent_ranking")})
print(json.dumps(out))
'''


def test_the_rasa_component_swaps_the_two_intents_and_keeps_the_confidences():
    cases = [["I deleted it before and want to sign up again", ["unregister", "help", "register"]],
             ["quiero cancelar mi solicitud de registro", ["register", "unregister", "help"]],
             ["delete my online account", ["unregister", "register", "help"]]]
    sign_up, deletion, unchanged = run_in_rasa(GUARD_SCRIPT, json.dumps(cases))
    assert sign_up["intent"] == {"name": "register", "confidence": 0.7}
    assert sign_up["ranking"] == [{"name": "register", "confidence": 0.7}, {"name": "help", "confidence": 0.2},
                                  {"name": "unregister", "confidence": 0.1}]
    assert deletion["intent"] == {"name": "unregister", "confidence": 0.7}
    assert [entry["name"] for entry in deletion["ranking"]] == ["unregister", "register", "help"]
    assert unchanged["intent"] == {"name": "unregister", "confidence": 0.7}
    assert [entry["name"] for entry in unchanged["ranking"]] == ["unregister", "register", "help"]


def test_the_rasa_component_settles_a_look_alike_reading_on_the_words():
    # bot.look_alike_intents reads the words (tests/actions/test_nlu_look_alikes.py); the component
    # swaps the sink with its neighbour, or renames the top entry when DIET did not rank the neighbour.
    cases = [["I forgot my password for the portal", ["register", "help", "forgot_password"]],
             ["¿dónde viene el número de cuenta en el recibo?", ["correct", "inform", "help"]],
             ["I want to sign up, what can I do online?", ["register", "ask_benefits", "help"]]]
    password, account_number, sign_up = run_in_rasa(GUARD_SCRIPT, json.dumps(cases))
    assert password["intent"] == {"name": "forgot_password", "confidence": 0.7}
    assert password["ranking"] == [{"name": "forgot_password", "confidence": 0.7}, {"name": "help", "confidence": 0.2},
                                   {"name": "register", "confidence": 0.1}]
    assert account_number["intent"] == {"name": "account_help", "confidence": 0.7}
    assert [entry["name"] for entry in account_number["ranking"]] == ["account_help", "inform", "help"]
    assert sign_up["intent"] == {"name": "register", "confidence": 0.7}
    assert [entry["name"] for entry in sign_up["ranking"]] == ["register", "ask_benefits", "help"]
