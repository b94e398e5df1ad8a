"""What the fake Rasa answers a texter in the web app's SMS tests (tests/support/fake_rasa.py)."""

from __future__ import annotations

PHONE = "+15125550177"


def bot_replies(*texts, slots=None, intent="greet", confidence=0.93):
    def bot(sender, message):
        return [{"recipient_id": sender, "text": t} for t in texts], slots or {}, intent, confidence
    return bot
