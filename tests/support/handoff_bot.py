"""A scripted FakeRasa bot for the live-handoff tests of the web app, and the member's side of them.

On a message with "person" it does what ``action_human`` makes the backend do
(queue the conversation, as ``POST /api/handoffs`` does) and answers as the dialogue
does in the middle of the form: the notice, then the pending question again.
A web chat session on that bot (:func:`web_chat_session`) and what a handoff holds for
the agent (:func:`held_messages`) are read the same way by every handoff test.
"""

from __future__ import annotations

from datetime import datetime, timezone

from backend.core.staffed_hours import parse
from backend.staff import handoffs
from webhook.chat import session_tokens

ALWAYS = parse("Mon-Sun 00:00-24:00 UTC")
QUEUED_NOTICE = "A person from member services will answer you here shortly."
PENDING_QUESTION = "What is the last name or business name on the account?"
ASSISTANT = "Assistant here."


def person_please_bot(app, fake=None):
    """The bot; the channel is the one the web app sent as metadata to ``fake`` (a FakeRasa),
    or ``bot.senders[sender]`` ("web"), else SMS."""
    senders: dict[str, str] = {}

    def metadata_of(sender):
        sent = [r for r in (fake.received if fake is not None else []) if r.get("sender") == sender]
        return (sent[-1].get("metadata") or {}) if sent else {}

    def channel_of(sender):
        return senders.get(sender) or metadata_of(sender).get("channel") or "sms"

    def bot(sender, text):
        if "person" in text:
            with app.extensions["coopbot.sessions"]() as session:
                handoffs.request_handoff(session, ALWAYS, channel=channel_of(sender), sender_key=sender,
                                         language=metadata_of(sender).get("language") or "en",
                                         step="member_name", now=datetime.now(timezone.utc))
                session.commit()
            messages = [{"recipient_id": sender, "text": QUEUED_NOTICE},
                        {"recipient_id": sender, "text": PENDING_QUESTION}]
            return messages, {"requested_slot": "member_name", "outcome": "human_requested"}, "human", 0.99
        if "gibberish" in text:  # a message the assistant did not understand
            return [{"recipient_id": sender, "text": ASSISTANT}], {}, "nlu_fallback", 0.2
        return [{"recipient_id": sender, "text": ASSISTANT}], {}, "inform", 0.9

    bot.senders = senders
    return bot


def web_chat_session(app, fake) -> tuple:
    """A new web chat session on ``app``: its test client, the Authorization header of its token, and the
    sender id Rasa gets for it, which the bot of ``fake`` (a FakeRasa) reads as a web chat."""
    client = app.test_client()
    token = client.post("/chat/api/session").get_json()["token"]
    key = app.config["COOPBOT"].session_key
    sender = session_tokens.sender_id(key, session_tokens.session_id(key, token))
    fake.bot.senders[sender] = "web"
    return client, {"Authorization": f"Bearer {token}"}, sender


def held_messages(app, channel: str = "sms") -> list[tuple]:
    """Each handoff of ``channel`` in the staff queue: its status, where replies go, and its messages
    (author, text) as the agent reads them."""
    with app.extensions["coopbot.sessions"]() as session:
        return [(h.status, h.reply_to, [(m.author, m.text) for m in h.messages])
                for h in handoffs.queue(session) if h.channel == channel]
