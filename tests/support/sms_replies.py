"""What the fake Rasa answers a texter in the web app's SMS tests (tests/support/fake_rasa.py)."""

from __future__ import annotations

PHONE = "+15125550177"

# A turn of two replies that costs 2 + 1 segments texted apart (webhook.relay texts them as one).
EXPLANATION = ("To keep others out of your account, I check something only the account holder knows: the "
               "mailing ZIP code, or the last 4 digits of the SSN or Tax ID. I never repeat it or store it in clear.")
QUESTION = "Please send the mailing ZIP code, or the last 4 of the SSN or Tax ID."


def bot_replies(*texts, slots=None, intent="greet", confidence=0.93):
    def bot(sender, message):
        return [{"recipient_id": sender, "text": t} for t in texts], slots or {}, intent, confidence
    return bot
