"""The security answer typed outside its step: found by its words, redacted, never kept.

A member may type the security answer where it was not asked: "my pet's name is
Rex" while the e-mail address is asked, with the account number, again after the
Terms. The dialogue redacts the messages at the security steps; these others held
the answer in clear in the transcript and the Rasa tracker store.

The backend is the one place that sees the answer in clear, when it stores it
(``PUT /security-answer``). There and then it finds the conversation's earlier
member messages that hold it: it redacts them in the transcript (and in a
handoff's lines) and names them to the action server, which marks them in
``redact_message_id`` like any message holding a secret (the tracker store then
redacts them). For the messages that follow, it keeps a keyed hash of the answer
(``answer-words`` key, ``RegistrationDraft.security_answer_words``): every word
sequence of a later message is hashed and compared. The conversation goes on after
it registers ("by the way, Vantablackova is her name"), so the hash is compared
until the registration's link expires (``COOPBOT_ACTIVATION_TTL_HOURS`` after it was
made, the conversation's most recent one); housekeeping then clears it (:func:`forget_expired`).
A draft that turns to another account, or starts over, keeps it until then: a second account
"same e-mail as before" joins the login whose answer it is. The clear answer is written nowhere.

The rule (docs/security.md, "The security answer at another step"): a message
holds the answer when its words, normalised as answers are compared (case,
accents, punctuation, spacing: :func:`backend.privacy.hashing.normalise_answer`;
punctuation dropped, or read as a space: "dog,Rex", "T-Rex"), contain the answer's words as a whole run ("Rex" is in "his name is rex!", not
in "Rexford"; "Lanier High" is not in "high school"). Answers shorter than
:data:`MIN_CHARS` are never looked for. A one-word answer that is a common word
(:data:`COMMON_WORDS`: "yes", "no", "my", "si", ...) holds only in a message that
is that word alone, so such an answer does not blank every "yes" of the Terms.
"""

from __future__ import annotations

import hmac
import unicodedata
from collections.abc import Iterable
from datetime import timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from backend.core import clock, keys
from backend.core.config import Settings
from backend.privacy.hashing import keyed_hash, normalise_answer
from backend.storage.models import (Conversation, Handoff, HandoffMessage, Registration, RegistrationDraft,
                                    TranscriptMessage)
from common.redaction import REDACTED

MIN_CHARS = 2
# The longest an answer can be (``registration.MAX_ANSWER_LENGTH``, the API refuses longer ones):
# longer runs of words of a later message are not hashed.
MAX_CHARS = 100
# Words every conversation is full of, in English and Spanish (normalised: no accents).
COMMON_WORDS = frozenset("""
    a an the my mi mis me i yo you tu he she it we is are was es era fue and or y o of de del la
    el los las lo un una en in on at to al por para que what who no yes si ok okay not sure
    yeah yep nope claro vale thanks gracias please hi hello hola bye stop help ayuda
    accept acepto agree wait espera name nombre
""".split())


def _spellings(text: str) -> list[list[str]]:
    """The words of ``text`` as answers are compared ("St. Mary's" -> "st marys"), and with its
    punctuation as spaces ("dog,Rex" -> "dog rex"; "T-Rex" -> "t rex"), as members type."""
    spaced = "".join(ch if ch.isalnum() or ch.isspace() or unicodedata.combining(ch) else " "
                     for ch in unicodedata.normalize("NFKD", text))
    return [normalise_answer(text).split(), normalise_answer(spaced).split()]


def _answer(answer: str) -> str | None:
    """The answer as compared, or None when it is too short to look for."""
    normalised = normalise_answer(answer)
    return normalised if len(normalised.replace(" ", "")) >= MIN_CHARS else None


def mentions(text: str, answer: str) -> bool:
    """Does ``text`` hold ``answer`` as a whole run of words (the rule above)?"""
    target = _answer(answer)
    if target is None:
        return False
    for words in map(" ".join, _spellings(text)):
        if words == target or (target not in COMMON_WORDS and f" {target} " in f" {words} "):
            return True
    return False


def _runs(text: str) -> set[str]:
    """The message itself and every run of its words an answer could be, common words alone left out."""
    runs = set()
    for words in _spellings(text):
        runs.add(" ".join(words))
        for start in range(len(words)):
            run = words[start]
            if run not in COMMON_WORDS:
                runs.add(run)
            for word in words[start + 1:]:
                run = f"{run} {word}"
                if len(run) > MAX_CHARS:
                    break
                runs.add(run)
    runs.discard("")
    return runs


def _key(master: str) -> str:
    return keys.derive(master, keys.ANSWER_WORDS)


def fingerprint(master: str, answer: str) -> str | None:
    """The keyed hash of the answer as compared (None when it is too short to look for)."""
    target = _answer(answer)
    return keyed_hash(_key(master), target) if target is not None else None


def mentions_fingerprint(master: str, text: str, expected: str | None) -> bool:
    """Does ``text`` hold the answer whose :func:`fingerprint` is ``expected``?"""
    if not expected:
        return False
    key = _key(master)
    return any(hmac.compare_digest(keyed_hash(key, run), expected) for run in _runs(text))


def _latest_registration(conversation_id):
    """When the conversation's most recent registration was made (a scalar subquery; NULL: none)."""
    return (select(func.max(Registration.created_at)).where(Registration.conversation_id == conversation_id)
            .scalar_subquery())


def later_mention(session: Session, settings: Settings, conversation_id: str, text: str,
                  now: clock.Now = None) -> bool:
    """Does ``text``, sent in ``conversation_id`` after the answer was stored, hold the answer?

    Compared until the link of the conversation's most recent registration expires
    (``activation_ttl_hours`` after it was made), whatever account the draft turned to since: a
    second account "same e-mail as before" joins the login whose answer this is, and nothing asks
    for another. The hash only redacts (it never proves anything: no check reads it)."""
    row = session.execute(
        select(RegistrationDraft.security_answer_words, _latest_registration(conversation_id))
        .where(RegistrationDraft.conversation_id == conversation_id)).first()
    if row is None:
        return False
    expected, registered_at = row
    if registered_at is not None and registered_at <= clock.read(now) - timedelta(hours=settings.activation_ttl_hours):
        return False
    return mentions_fingerprint(settings.secret_key, text, expected)


def forget_expired(session: Session, settings: Settings, now: clock.Now = None) -> int:
    """Clear the answer's keyed hash of drafts whose conversation's most recent registration's link
    has expired; return how many.

    Housekeeping (the retry thread's chore, in its transaction): :func:`later_mention` stops
    comparing then, and the hash is not kept for the draft's 7 days (an SMS draft is touched by
    every later conversation from its phone). Idempotent."""
    cutoff = clock.read(now) - timedelta(hours=settings.activation_ttl_hours)
    latest = _latest_registration(RegistrationDraft.conversation_id).correlate(RegistrationDraft)
    return session.execute(
        update(RegistrationDraft)
        .where(RegistrationDraft.security_answer_words.is_not(None), latest <= cutoff)
        .values(security_answer_words=None)
        .execution_options(synchronize_session=False)).rowcount


def scrub_earlier(session: Session, conversation_id: str, answer: str,
                  messages: Iterable[tuple[str, str]]) -> list[str]:
    """Redact the conversation's member messages that hold ``answer``; return the ids of ``messages``
    (the tracker's (message_id, text), from the action server) that hold it.

    The transcript lines are those of the sender's conversations in progress (and the member's
    lines of their handoffs), as they were recorded (already redacted by shape). The caller commits.
    """
    ongoing = select(Conversation.id).where(Conversation.sender_key == conversation_id,
                                            Conversation.completed_at.is_(None))
    lines = session.execute(select(TranscriptMessage.id, TranscriptMessage.text)
                            .where(TranscriptMessage.conversation_id.in_(ongoing),
                                   TranscriptMessage.direction == "in", TranscriptMessage.text != REDACTED))
    held = [line_id for line_id, text in lines if mentions(text, answer)]
    if held:
        session.execute(update(TranscriptMessage).where(TranscriptMessage.id.in_(held)).values(text=REDACTED))
    handoff_lines = session.execute(
        select(HandoffMessage.id, HandoffMessage.text).join(Handoff, HandoffMessage.handoff_id == Handoff.id)
        .where(Handoff.conversation_id.in_(ongoing), HandoffMessage.author == "member",
               HandoffMessage.text != REDACTED))
    held = [line_id for line_id, text in handoff_lines if mentions(text, answer)]
    if held:
        session.execute(update(HandoffMessage).where(HandoffMessage.id.in_(held)).values(text=REDACTED))
    return [message_id for message_id, text in messages if mentions(text, answer)]
