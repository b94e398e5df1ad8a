"""Spanish replies as each channel sends them: the web chat shows the accents, SMS folds them to
GSM-7 within two segments (webhook/channel_text.py, docs/languages.md), and the transcript keeps
what the member read on that channel.

Rasa is a FakeRasa that answers as the action server does (``actions.tracker_reading.say``: the
catalog's Spanish, accents kept), in the language the web app sent with the message. Each test runs
on SQLite and PostgreSQL.
"""

from __future__ import annotations

from actions import messages
from actions.language import speaking
from common.gsm import MAX_SEPTETS, is_gsm7, reply_safe, septets
from tests.support.sms import Texter, transcript

PHONE = "+15125550190"
SIGN_UP = "hola, quiero registrarme"


def assistant(fake_rasa):
    """The sign-up's first question, as the action server says it in the turn's language."""
    def bot(sender, text):
        with speaking(fake_rasa.received[-1]["metadata"]["language"]):
            question = reply_safe(messages.ask_account_number())
        return [{"recipient_id": sender, "text": question}], {"requested_slot": "account_number"}, "register", 0.97
    return bot


def chat_replies(client, text: str) -> tuple[list[str], str]:
    token = client.post("/chat/api/session").get_json()["token"]
    answer = client.post("/chat/api/messages", json={"text": text},
                         headers={"Authorization": f"Bearer {token}"}).get_json()
    return [reply["text"] for reply in answer["replies"]], answer["language"]


def test_a_spanish_web_chat_shows_the_reply_with_its_accents(sms_app, sms_client, fake_rasa):
    fake_rasa.bot = assistant(fake_rasa)
    replies, language = chat_replies(sms_client, SIGN_UP)
    assert language == "es"
    assert replies[0].startswith("¿Cuál es su número de cuenta? Tiene de ") and "dígitos" in replies[0]
    assert transcript(sms_app) == [("in", SIGN_UP), ("out", replies[0])]  # what the member read


def test_the_same_step_by_sms_is_folded_to_gsm7_within_two_segments(sms_app, texter, fake_rasa):
    fake_rasa.bot = assistant(fake_rasa)
    [reply] = texter.texts(SIGN_UP, from_=PHONE)
    assert fake_rasa.received[-1]["metadata"] == {"channel": "sms", "language": "es"}
    assert reply.startswith("¿Cual es su numero de cuenta? Tiene de ") and "digitos" in reply
    assert is_gsm7(reply) and septets(reply) <= MAX_SEPTETS
    with speaking("es"):
        said = reply_safe(messages.ask_account_number())
    assert len(reply) == len(said)  # only accents folded: nothing cut, nothing dropped
    assert transcript(sms_app) == [("in", SIGN_UP), ("out", reply)]  # what the member read


def test_the_web_app_s_own_reply_keeps_its_accents_in_the_chat_and_is_folded_by_sms(sms_app, sms_client,
                                                                                      fake_rasa):
    """Rasa down: the polite reply the web app writes itself, in Spanish."""
    fake_rasa.fail_status = 500
    [shown], _ = chat_replies(sms_client, SIGN_UP)
    assert shown.startswith("Tenemos problemas en este momento.") and "sus respuestas están guardadas" in shown
    [texted] = Texter(sms_client).texts(SIGN_UP, from_=PHONE)
    assert "sus respuestas estan guardadas" in texted and is_gsm7(texted)
    assert [text for direction, text in transcript(sms_app) if direction == "out"] == [shown, texted]


def test_the_sms_channel_s_own_answer_is_texted_and_kept_folded(sms_app, texter):
    [help_text] = texter.texts("AYUDA", from_=PHONE)
    assert help_text.startswith("Registro en linea de ") and "mas mensajes" in help_text and is_gsm7(help_text)
    assert transcript(sms_app) == [("in", "AYUDA"), ("out", help_text)]
