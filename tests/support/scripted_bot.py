"""A FakeRasa bot that answers each member text with a scripted turn, for transcript-driven console tests.

The staff console reads what the web app recorded of each turn (the member's message,
the replies, the intent, the requested step and the outcome slot), so a test writes a
member's thread as (text -> what the assistant did) and the SMS channel records it
exactly as with the real assistant.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Turn:
    replies: tuple[str, ...]
    intent: str = "inform"
    confidence: float = 0.95
    slots: dict = field(default_factory=dict)  # slots the turn sets (Rasa keeps them for the next turns)


def scripted_bot(turns: dict[str, Turn]):
    """The bot for ``FakeRasa.bot``: the member's exact text picks its turn."""

    def bot(sender, text):
        turn = turns[text]
        return [{"recipient_id": sender, "text": reply} for reply in turn.replies], turn.slots, turn.intent, \
            turn.confidence

    return bot


ASK_ACCOUNT = "What is your account number? It is on your bill."
ASK_NAME = "What is the last name or business name on the account?"
ASK_EMAIL = "What e-mail address should we use?"
