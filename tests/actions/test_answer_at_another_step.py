"""The security answer typed at another step is at rest nowhere in clear (docs/security.md,
"The security answer at another step").

A member types the answer before its question (at the e-mail address) and again after it
(at the Terms), in English and in Spanish. Each turn runs through the real actions against
the real backend API, is recorded by the web app's relay as it records a turn (right after
it), and is saved by the real tracker store (in the Rasa environment) on SQLite and on
Redis. Then what staff see of the transcript, the tracker store's rows, values and files
hold no answer, and the messages around it are kept as they were.
"""

from __future__ import annotations

import os
import re

import pytest
from sqlalchemy import select

from backend.storage.models import Conversation as TranscriptConversation, TranscriptMessage
from tests.support.action_conversation import RasaLikeConversation
from tests.support.at_rest import sqlite_strings, store_turns, strings_in
from tests.support.own_services import RedisServer
from tests.support.rasa_env import RASA_PYTHON, ROOT
from webhook.rasa_client import TrackerView
from webhook.relay import Reply, _record

# (language, the answer, the messages in order: the sign-up's first words, then one per turn;
# the answer is typed at the e-mail address, then given at its step, then again at the Terms)
CONVERSATIONS = {
    "en": ("Biscuit", ["sign up", "1001234567", "Garza", "sorry, biscuit is barking, one sec",
                       "g@example.com", "78620", "2", "Biscuit", "what do the terms say? biscuit!! wants to know",
                       "yes"]),
    "es": ("Canelo", ["quiero registrarme", "1001234567", "Garza", "perdón, Canelo está ladrando, un momento",
                      "g@example.com", "78620", "2", "Canelo", "¿qué dicen los términos? CANELÓ quiere saber",
                      "sí"]),
}


def converse(language: str, make_app, settings) -> RasaLikeConversation:
    """The conversation, each turn recorded by the relay right after it (as the web app does)."""
    answer, texts = CONVERSATIONS[language]
    chat = RasaLikeConversation(f"answer-elsewhere-{language}")
    chat.language = language
    app = make_app(settings)
    with app.app_context():
        for text in texts:
            replies = chat.say(text)
            latest = [event for event in chat.events if event.get("event") == "user"][-1]
            view = TrackerView(intent="inform", confidence=0.9, message_id=latest["message_id"], slots=dict(chat.slots))
            _record("web", chat.sender, "web", text, [Reply(reply) for reply in replies], view)
    assert chat.slots["outcome"] == "registered", [turn["replies"] for turn in chat.turns]
    return chat


def holds(answer: str, texts: list[str]) -> list[str]:
    """The texts holding the answer, in any case or accent."""
    plain = answer.lower()
    return [text for text in texts if plain in text.lower().replace("ó", "o")]


@pytest.fixture
def tracker_env(tmp_path):
    if not RASA_PYTHON.exists():
        pytest.fail("the Rasa environment .venv-rasa is missing: run make envs")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3",
           "COOPBOT_TRACKER_DB": str(tmp_path / "tracker" / "rasa_tracker.db")}
    env.pop("COOPBOT_REDIS_URL", None)
    (tmp_path / "tracker").mkdir()
    return env


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_answer_typed_before_and_after_its_step_is_nowhere_in_clear(language, backend, make_app, tmp_path,
                                                                         tracker_env):
    if not RedisServer.available():
        pytest.fail("redis-server is missing")
    answer, texts = CONVERSATIONS[language]
    chat = converse(language, make_app, backend.settings)

    # The transcript as staff read it: no answer, and the other messages as they were.
    with backend.session() as session:
        conversation = session.scalars(select(TranscriptConversation)
                                       .where(TranscriptConversation.sender_key == chat.sender)).one()
        member_lines = list(session.scalars(select(TranscriptMessage.text).where(
            TranscriptMessage.conversation_id == conversation.id, TranscriptMessage.direction == "in")
            .order_by(TranscriptMessage.id)))
        every_line = list(session.scalars(select(TranscriptMessage.text)))
    assert holds(answer, every_line) == []
    # Typed at the e-mail address and at the Terms: redacted whole, like the answer at its own step.
    assert member_lines[3] == member_lines[7] == member_lines[8] == "[redacted]"
    # The messages without it are kept as they were.
    assert [member_lines[i] for i in (0, 1, 2, 6, 9)] == [texts[i] for i in (0, 1, 2, 6, 9)]

    # The tracker store, on SQLite then on Redis: rows, values as read back, and files.
    conversations = [(chat.sender, chat.turns)]
    _, stored_sqlite, _ = store_turns(conversations, tracker_env)
    redis = RedisServer(tmp_path / "redis").start()
    try:
        _, stored_redis, _ = store_turns(conversations, {**tracker_env, "COOPBOT_REDIS_URL": redis.url})
    finally:
        redis.stop()
    values = strings_in(stored_sqlite) + strings_in(stored_redis) + sqlite_strings(tmp_path / "tracker" /
                                                                                   "rasa_tracker.db")
    assert holds(answer, values) == []
    assert "Garza" in values
    files = [path for folder in ("tracker", "redis") for path in (tmp_path / folder).rglob("*") if path.is_file()]
    assert files and [path for path in files if re.search(answer.lower().encode(), path.read_bytes().lower())] == []
