"""The relay between a channel (SMS, web chat) and the Rasa server.

Both channels hand a member's message to :func:`handle_message` and send back
the replies it returns. Here, and only here, a turn is sent to Rasa, what Rasa
understood is read from the summary Rasa attaches to its answer (only if that
is missing, from its tracker), and the turn is written to the transcript
(redacted). When Rasa or the action server behind it is down or
slow, the member gets one polite "try again" reply instead of an error: the
message is still recorded, and since Rasa's tracker keeps the member's place,
the next message simply continues the conversation. A member's text never
reaches Rasa starting with "/" (Rasa's syntax for an injected intent, see
:func:`as_member_words`): only the relay's own greeting does.

Here too, and only here, the conversation's language is decided
(webhook/language.py), remembered per phone or chat session
(backend/notify/conversation_language.py) and sent to Rasa with every message as
metadata ``{"channel": ..., "language": "en" | "es"}`` (docs/languages.md). The
replies keep their accents for the web chat; for SMS they are folded to GSM-7
(:func:`webhook.channel_text.as_sent`) before the transcript records them, so staff
read what the member read.

And here a live handoff (docs/handoff.md) silences the assistant: while a person
has the conversation (a waiting or claimed handoff, backend/staff/handoffs.py),
the member's messages are kept for the agent, redacted as transcripts are, and
never reach Rasa, so Rasa's tracker (every answer so far) waits untouched for
the hand-back. The channels' own keywords (STOP, HELP) are answered before this.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from backend.notify import conversation_language
from backend.privacy import answer_mentions, transcripts
from backend.staff import handoffs
from backend.storage.models import Handoff, utcnow
from webhook import language as languages
from webhook import server_timing as timing
from webhook.catalog import N_, offer_line, translate
from common.gsm import texted_together
from common.redaction import redact_numbers
from webhook.channel_text import SMS, as_sent
from webhook.database import get_session
from webhook.rasa_client import RasaUnavailable, TrackerView, client_for, turn_view

log = logging.getLogger(__name__)

# A database restart (seconds) must not lose a turn Rasa has already taken; a
# longer outage must not hold the member's answer past Twilio's 15 s wait.
RECORD_RETRY_SECONDS = 5.0
RECORD_RETRY_INTERVAL = 0.25

TROUBLE = N_("We're having trouble right now. Please try again in a few minutes - "
             "your answers so far are saved.")
# Steps whose answer is any words (a name, a security answer): only an explicit request
# switches the language there.
FREE_TEXT_STEPS = frozenset({"member_name", "security_answer"})
# What Rasa gets for a message that only asks for a language, or is in a language the
# co-op does not offer: a greeting, answered with a hello (and the pending question) in
# the conversation's language.
GREETING = "/greet"
# Rasa reads a message starting with this (after white space) as an injected intent
# ("/register", '/inform{"account_number": ...}'); only the relay's own GREETING may.
INTENT_PREFIX = "/"


@dataclass
class Reply:
    """One bot message: its text and the choices to show as buttons (keys "title", "payload")."""

    text: str
    buttons: list[dict] = field(default_factory=list)


def as_member_words(text: str) -> str:
    """``text`` as Rasa must get a member's message: never starting with :data:`INTENT_PREFIX`.

    Rasa 3.6 takes a message starting with "/" (after white space) as an intent
    with entities, skipping its NLU, so a member could fill any slot or trigger
    any intent ("/session_start"); one that does not parse is quoted raw in a
    Python warning. A phone keyboard's stray "/" is common, so the slashes (and
    the white space around them) are dropped rather than the message refused:
    "/78642" is read as "78642".
    """
    plain = text.lstrip()
    while plain.startswith(INTENT_PREFIX):
        plain = plain.lstrip(INTENT_PREFIX).lstrip()
    return plain


def _as_sent(channel: str, replies: list[Reply]) -> list[Reply]:
    """The replies as ``channel`` sends them (SMS: folded to GSM-7)."""
    return [Reply(text=as_sent(channel, reply.text), buttons=reply.buttons) for reply in replies]


def _texted(channel: str, replies: list[Reply]) -> list[Reply]:
    """A turn's replies as ``channel`` delivers them: by SMS, texted together where that costs fewer
    segments (``common.gsm.texted_together``: an explanation and the question after it as one text),
    so a turn costs at most two segments where the member asked one thing; the web chat shows each."""
    if channel != SMS:
        return replies
    return [Reply(text=text) for text in texted_together([reply.text for reply in replies])]


def _replies_from_rasa(messages: list[dict]) -> list[Reply]:
    replies = []
    for message in messages:
        text = message.get("text") or ""
        buttons = [
            {"title": str(button.get("title", "")), "payload": str(button.get("payload", ""))}
            for button in message.get("buttons") or []
        ]
        if text or buttons:
            replies.append(Reply(text=text, buttons=buttons))
    return replies


@dataclass
class RelayedTurn:
    """What a channel needs back from one member message.

    ``secret`` says the member's message held a secret (ZIP, SSN/TIN last 4,
    security answer): the web widget then keeps no copy of it in the browser.
    """

    replies: list[Reply]
    secret: bool = False
    language: str | None = None  # the language the turn was answered in
    handoff: bool = False  # a person has (or waits to take) the conversation: the member's messages go there


def _is_secret(view: TrackerView) -> bool:
    """The dialogue marks a message holding a secret by putting its message_id in ``redact_message_id``."""
    marked = view.slots.get("redact_message_id")
    return bool(marked) and marked == view.message_id


def decide_language(channel: str, sender_id: str, text: str, chosen: str | None = None,
                    default: str | None = None) -> languages.Decision:
    """The language of this turn, remembered for the sender when it changes or was asked for.

    ``chosen``: a language the member picked with the web widget's language buttons, a
    request like "in English please", which wins over this message (with no ``text``, the
    request alone: a click in a conversation). ``default``: the
    widget's language when the member picked none (its page's): only the default of a
    conversation that has no language yet, which the member's words outweigh as they
    outweigh the SMS channel's default. A database failure here costs only the
    remembering: the turn goes on in the language decided.
    """
    offered = current_app.config["COOPBOT"].languages
    session = get_session()
    try:
        current = conversation_language.remembered(session, channel, sender_id)
        if chosen in offered:
            decision = languages.Decision(chosen, requested=not text, changed=chosen != current)
            explicit = True
        else:
            # Most answers (numbers, an e-mail address) hold no words: no need to ask for the step.
            free_text = bool(languages.words(text)) and (
                transcripts.current_step(session, channel, sender_id) in FREE_TEXT_STEPS)
            # The member's previous message is read only if this one may switch the language.
            previous = (lambda: transcripts.previous_member_text(session, channel, sender_id)) if current else None
            decision = languages.detect(text, current, offered, free_text=free_text, previous=previous,
                                        default=default)
            explicit = decision.requested
        if decision.changed or explicit:
            conversation_language.remember(session, channel, sender_id, decision.language,
                                           explicit=explicit, now=utcnow())
        session.commit()
    except SQLAlchemyError:
        session.rollback()
        log.warning("could not read or remember a %s conversation's language (database)", channel)
        decision = languages.detect(text, None, offered, default=default)
    return decision


def handle_message(channel: str, sender_id: str, text: str, *, sender_masked: str | None,
                   language: str | None = None, default_language: str | None = None,
                   reply_to: str | None = None) -> RelayedTurn:
    """Send ``text`` from ``sender_id`` (a pseudonym, never a phone number) to Rasa; return the replies.

    ``language``: a language the member chose explicitly (a click on the web widget's
    language buttons); with an empty ``text``, the click alone, answered like "en español,
    por favor" (that it continues in that language, and the pending question), or remembered
    in silence while a person has the conversation. ``default_language``: the widget's
    language otherwise (its page's), the default until the member's words show theirs.
    ``reply_to``: the SMS member's number, kept on an open handoff only (an agent's
    replies are texted to it). While a handoff is open the message goes to the
    agent instead and the answer is silence.
    Called inside a Flask request. Never raises because of Rasa or the action
    server: those failures become the polite :data:`TROUBLE` reply.
    """
    request_alone = not text and language is not None
    if request_alone:
        if _handoff_is_open(channel, sender_id):
            # The person answering reads no empty message; the language is the member's from now on.
            return RelayedTurn(replies=[], language=decide_language(channel, sender_id, text, language).language,
                               handoff=True)
    else:
        held = _to_agent(channel, sender_id, text, reply_to)
        if held is not None:
            return held
    rasa = client_for(current_app)
    replies: list[Reply] = []
    view = TrackerView()
    decision = decide_language(channel, sender_id, text, language, default_language)
    try:
        started = time.perf_counter()
        metadata = {"channel": channel, "language": decision.language}
        if decision.requested:
            # The message asked for a language: the actions read its rest knowing that the
            # politeness around a request ("ok", "please") answers no question.
            metadata["language_requested"] = True
        words = as_member_words(decision.rest if decision.requested else text)
        if decision.requested and not words:
            # Only a language request: a greeting the assistant answers without a second hello.
            to_rasa = GREETING
        else:
            # Nothing but slashes is answered like a greeting: hello and the pending question.
            to_rasa = GREETING if decision.foreign or not words else words
        messages = rasa.send(sender_id, to_rasa, metadata=metadata)
        replies = _replies_from_rasa(messages)
        timing.note(rasa_ms=(time.perf_counter() - started) * 1000)
        # The turn's own summary; a Rasa without it (older channel config) is asked for its tracker.
        summary = turn_view(messages)
        if summary is None:
            started = time.perf_counter()
            view = rasa.tracker(sender_id)
            timing.note(tracker_ms=(time.perf_counter() - started) * 1000)
        else:
            view = summary
            timing.note(**view.timing)
        if view.unsaved:
            # The member's place did not move on in the stored conversation: the
            # polite reply, and the member's resent answer lands on the same step.
            log.warning("rasa could not store a %s turn (tracker store down?)", channel)
            replies, view = [], TrackerView()
    except RasaUnavailable as exc:
        log.warning("rasa unavailable for a %s message: %s", channel, exc)
    else:
        if not replies:
            # Every turn of the bot says something: silence means an action failed.
            log.warning("rasa answered nothing to a %s message (action server down?)", channel)
    if not replies:
        replies = [Reply(text=translate(decision.language, TROUBLE))]
    elif decision.foreign:
        offered = current_app.config["COOPBOT"].languages
        replies.append(Reply(text=" ".join(offer_line(other) for other in offered if other != decision.language)))
    replies = _as_sent(channel, replies)
    secret = _record(channel, sender_id, sender_masked, None if request_alone else text,
                     _texted(channel, replies), view)
    queued = _handoff_opened(channel, sender_id, view, reply_to)
    if queued:
        # The form asks its pending question after the "a person will answer" reply: held
        # back, since a person answers next (the hand-back asks it again).
        replies = replies[:1]
    replies = _texted(channel, replies)
    return RelayedTurn(replies=replies, secret=secret, language=decision.language, handoff=queued)


def _open_handoff(channel: str, sender_id: str) -> Handoff | None:
    """The open (waiting or claimed) handoff of this sender, read in the request's session.

    One read for what a turn asks of it (is a person answering? did this turn queue
    one?); the caller ends the transaction and handles a database failure.
    """
    return handoffs.open_handoff(get_session(), channel, sender_id)


def _to_agent(channel: str, sender_id: str, text: str, reply_to: str | None) -> RelayedTurn | None:
    """Keep the message for the person who has the conversation (silence for the member), or None.

    A database failure here sends the message on to Rasa: the member is answered
    either way, and the assistant is the safe default.
    """
    session = get_session()
    try:
        handoff = _open_handoff(channel, sender_id)
        if handoff is None:
            session.rollback()
            return None
        now = utcnow()
        if handoffs.lapse_unattended(handoff, current_app.config["COOPBOT"].staffed, now):
            session.commit()
            return None
        message = handoffs.add_member_message(session, handoff, text, reply_to=reply_to, now=now)
        session.commit()
    except SQLAlchemyError:
        session.rollback()
        log.warning("could not read or keep a %s message for a handoff (database)", channel)
        return None
    language = handoff.language or current_app.config["COOPBOT"].languages[0]
    # A message the redaction changed is not kept by the widget either.
    return RelayedTurn(replies=[], secret=message.text != text, language=language, handoff=True)


def _handoff_is_open(channel: str, sender_id: str) -> bool:
    session = get_session()
    try:
        return _open_handoff(channel, sender_id) is not None
    except SQLAlchemyError:
        log.warning("could not read a %s handoff (database)", channel)
        return False
    finally:
        session.rollback()


def _handoff_opened(channel: str, sender_id: str, view: TrackerView, reply_to: str | None) -> bool:
    """Whether this turn's "a person, please" queued the conversation (the action asked the backend)."""
    if view.intent != "human" and (view.slots or {}).get("outcome") != "human_requested":
        return False
    session = get_session()
    try:
        handoff = _open_handoff(channel, sender_id)
        if handoff is not None:
            handoffs.belongs_to_its_ask(session, handoff)
            if reply_to:
                handoffs.remember_reply_to(session, channel, sender_id, reply_to)
        session.commit()
        return handoff is not None
    except SQLAlchemyError:
        session.rollback()
        log.warning("could not read a %s conversation's handoff (database)", channel)
        return False


def _record(channel: str, sender_id: str, sender_masked: str | None, text: str | None,
            replies: list[Reply], view: TrackerView) -> bool:
    """Write the turn to the transcript; return whether the member's message was a secret.

    Rasa has already answered (the member's place has moved on), so the turn
    is written even across a short database restart: a lost connection is
    retried for up to :data:`RECORD_RETRY_SECONDS`. Any other failure, or a
    longer outage, is logged, never shown to the member (the turn then counts as secret).
    """
    deadline = time.monotonic() + RECORD_RETRY_SECONDS
    while True:
        session = get_session()
        secret = True
        try:
            # Belt and braces: a message answering a secret step (ZIP / last four,
            # security answer, texted code) is kept out even if the dialogue did not
            # mark it: dropped whole at the security answer (any words may be the
            # answer) or when Rasa could not be asked whether it held a secret, and
            # at the steps that ask for digits stripped of every number, so staff
            # read a question asked there; dropped whole too is one holding the security
            # answer already stored (docs/security.md, "The security answer at another
            # step"), however late it is recorded.
            step = transcripts.current_step(session, channel, sender_id)
            at_secret_step = step in transcripts.SECRET_STEPS
            numbers_out = (at_secret_step and step in transcripts.DIGIT_STEPS and bool(view.slots)
                           and not _is_secret(view))
            secret = _is_secret(view) or (at_secret_step and not numbers_out) or (
                text is not None
                and answer_mentions.later_mention(session, current_app.config["COOPBOT"], sender_id, text))
            transcripts.record_turn(
                session,
                channel=channel,
                sender_key=sender_id,
                sender_masked=sender_masked,
                member_text=redact_numbers(text) if numbers_out and not secret and text is not None else text,
                secret=secret,
                replies=replies,
                intent=view.intent,
                confidence=view.confidence,
                slots=view.slots,
                public=transcripts.public_values(current_app.config["COOPBOT"]),
            )
            session.commit()
            return secret or numbers_out
        except OperationalError:
            session.rollback()
            if time.monotonic() >= deadline:
                log.exception("could not record a %s transcript turn: database unavailable", channel)
                return True
            time.sleep(RECORD_RETRY_INTERVAL)  # back-off while the pool reconnects
        except Exception:  # a transcript failure must not cost the member the answer
            session.rollback()
            log.exception("could not record a %s transcript turn", channel)
            return secret


def resume(channel: str, sender_id: str, language: str | None, *, texts_back_on: bool = False) -> list[str]:
    """The assistant's first words after a person hands the conversation back, or after
    the member turned texts back on (START, ``texts_back_on``).

    Rasa gets :data:`GREETING` (as for a message that only asks for a language):
    it answers with a hello and the question the member was at, since its tracker
    kept every answer while the person had the conversation. After START, Rasa is
    greeted only when its tracker has a question pending, and the greeting's metadata
    says why: the assistant welcomes the member back and asks that question again.
    Rasa being down costs only these words: the member's next message continues all the same.
    """
    language = language or current_app.config["COOPBOT"].languages[0]
    metadata = {"channel": channel, "language": language}
    try:
        if texts_back_on:
            if _handoff_is_open(channel, sender_id):
                return []  # a person has the conversation: the assistant stays silent
            if not client_for(current_app).tracker(sender_id).slots.get("requested_slot"):
                return []  # no question pending: the carrier's confirmation says enough
            metadata["texts_back_on"] = True
        messages = client_for(current_app).send(sender_id, GREETING, metadata=metadata)
    except RasaUnavailable as exc:
        log.warning("rasa unavailable for a %s hand-back: %s", channel, exc)
        return []
    replies = _texted(channel, _as_sent(channel, _replies_from_rasa(messages)))
    view = turn_view(messages) or TrackerView()
    session = get_session()
    try:
        transcripts.record_turn(session, channel=channel, sender_key=sender_id, sender_masked=None,
                                member_text=None, secret=False, replies=replies, intent=None,
                                confidence=None, slots=view.slots,
                                public=transcripts.public_values(current_app.config["COOPBOT"]))
        session.commit()
    except SQLAlchemyError:
        session.rollback()
        log.warning("could not record a %s hand-back in the transcript (database)", channel)
    return [reply.text for reply in replies if reply.text]
