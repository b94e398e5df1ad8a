"""What of a member's message the tracker store may keep when no action marked it.

The dialogue marks a message as secret (``redact_message_id``) only when it
read a secret in it at that step. A member also types secrets where none was
asked: the last 4 of the SSN spelled "9 0 1 2" with the name, "4 4 9 9" at the
e-mail question, a ZIP with the terms. The staff transcript drops these by
their shape (``common.redaction``); the tracker store uses the very same rule,
through :func:`common.redaction.redact` (contacts kept: the dialogue reads the
address back), so that no secret the transcript drops is kept by the tracker.

A slot mapping copies from the message too: ``from_text`` the whole text into
the slot asked for (``terms_accepted``, ``member_name``, ``email``, ...),
``from_entity`` a piece of it. Those copies are raw member text, never a value
the dialogue decided: the form's validation gives every slot a mapping
touched its checked value back in the same turn (a boolean for a yes/no
question, the name the backend matched, the address it read). So the store is
the one place that enforces "no slot keeps a raw message": a copy that a later
event of the same turn replaces is stored cleared, and a copy that holds a
secret by its shape is stored cleared whatever follows. A copy still in force
at the end of the turn without any secret in it is stored as it is, so the
conversation read back is the conversation the actions left.

Runs inside the Rasa server (Python 3.10, rasa 3.6), used by ``bot.tracker_store``.
"""

from __future__ import annotations

import copy
from typing import Any, List, Set, Text

from rasa.shared.core.events import Event, SlotSet, UserUttered

from common import account_refs
from common.redaction import redact


def without_shapes(text: Text) -> Text:
    """The text as the transcript keeps it (same rules), e-mail addresses and phone numbers unmasked."""
    return redact(text, keep_contacts=True)


def holds_shape(value: Any) -> bool:
    """Is ``value`` (text a member typed, or a piece of it) holding a secret by its shape?"""
    if not isinstance(value, str) or not value or account_refs.is_reference(value):
        return False  # a reference (common.account_refs) is the dialogue's, never the member's text
    return without_shapes(value) != value


def shapes_removed(event: UserUttered) -> UserUttered:
    """The message with its secret-shaped pieces replaced, everything else kept.

    The same object when the text holds none. Otherwise the text and its copy in
    the parse data are redacted, and entities whose value holds a secret are
    dropped (the others keep their values; their offsets point into the text
    the member sent).
    """
    text = event.text or ""
    cleaned = without_shapes(text)
    if cleaned == text:
        return event
    entities = [entity for entity in (event.entities or []) if not holds_shape(str(entity.get("value", "")))]
    parse_data = copy.deepcopy(event.parse_data) if event.parse_data else {}
    parse_data["text"] = cleaned
    parse_data["entities"] = entities
    return UserUttered(
        text=cleaned,
        intent=event.intent,
        entities=entities,
        parse_data=parse_data,
        timestamp=event.timestamp,
        input_channel=event.input_channel,
        message_id=event.message_id,
        metadata=event.metadata,
    )


def replaced_in_turn(events: List[Event]) -> Set[int]:
    """Indexes of the slot events that a later event of the same turn (before the next
    member message) sets again: their value is never the slot's value at rest."""
    replaced: Set[int] = set()
    set_later: Set[Text] = set()
    for index in range(len(events) - 1, -1, -1):
        event = events[index]
        if isinstance(event, UserUttered):
            set_later = set()
        elif isinstance(event, SlotSet):
            if event.key in set_later:
                replaced.add(index)
            set_later.add(event.key)
    return replaced


def raw_copy(event: SlotSet, message: Text | None, replaced: bool) -> bool:
    """Is this slot event (made by a slot mapping right after ``message``) raw text not to keep?

    The whole message as a value once the dialogue replaced it, or any value
    holding a secret by its shape.
    """
    if message is None or not isinstance(event.value, str):
        return False
    return (replaced and event.value == message) or holds_shape(event.value)
