"""A tracker store that redacts secrets before a conversation is stored.

Rasa Open Source keeps every user message (text, entities, parse data) and
every slot value in the tracker; it has no anonymisation of its own. The
registration form checks ZIP codes, SSN/TIN last 4 and security answers with
the backend in the same turn and marks the message that held one by setting
the slot ``redact_message_id`` to its ``message_id``. Before anything is
stored, this store replaces such messages with "[redacted]" (text, entities,
parse data) and drops any raw value a slot mapping copied from them into the
secret slots, which may hold only an outcome ("verified", "stored").

A message marked in a later turn (the security answer typed at another step,
named when the answer is stored: ``actions.answer_elsewhere``) is redacted in
the events stored before: SQLite rows are rewritten, Redis's stored events are
redacted before Rasa merges them with the saved tracker.

A message holding nine digits that are or may be a whole SSN or tax ID
(``common.secret_shapes``: an SSN's grouping, or one run or 3-3-3, which may as
well be an account number) is redacted the same way even when no action marked
it (a first message, a side question), and so is any value a slot mapping or
an entity took from a redacted message (docs/security.md). The dialogue keeps
such an account number only as a keyed reference (``common.account_refs``).

Every other message keeps its text with the secrets the staff transcript
drops by their shape removed (the same rule, ``common.redaction``), and no slot
keeps a raw copy of a message (``bot.raw_copies``, which says why this store is
the one place that enforces it).

Runs inside the Rasa server (Python 3.10, rasa 3.6); configured in
bot/endpoints.yml as ``bot.tracker_store.RedactingTrackerStore``.
"""

from __future__ import annotations

import copy
import json
import logging
import time
from collections import OrderedDict, deque
from urllib.parse import urlsplit
from typing import Any, Dict, Iterable, List, Optional, Set, Text

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import RedisTrackerStore, SQLTrackerStore, TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.constants import ACTION_EXTRACT_SLOTS
from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from common import account_refs
from common.secret_shapes import could_hold_ssn
from bot import settings
from bot import raw_copies
from bot import stage_timing as timing

logger = logging.getLogger(__name__)

REDACTED = "[redacted]"
REDACT_SLOT = "redact_message_id"
# Slot -> the only values it may ever hold in storage.
SECRET_SLOTS: Dict[str, Set[Any]] = {
    "identity_proof": {"verified", "through_the_lock", None},
    "security_answer": {"stored", None},
}


def marked_message_ids(events: Iterable[Event]) -> Set[Text]:
    """Every message id that the dialogue marked as holding a secret."""
    return {
        str(event.value)
        for event in events
        if isinstance(event, SlotSet) and event.key == REDACT_SLOT and event.value
    }


def _redact_user(event: UserUttered) -> UserUttered:
    parse_data = copy.deepcopy(event.parse_data) if event.parse_data else {}
    parse_data["text"] = REDACTED
    parse_data["entities"] = []
    for ranking in ("intent_ranking", "response_selector"):
        parse_data.pop(ranking, None)
    return UserUttered(
        text=REDACTED,
        intent=event.intent,
        entities=[],
        parse_data=parse_data,
        timestamp=event.timestamp,
        input_channel=event.input_channel,
        message_id=event.message_id,
        metadata=event.metadata,
    )


def _holds_secret(event: UserUttered, marked: Set[Text]) -> bool:
    """Marked by the dialogue, or holding nine digits that may be an SSN whatever the dialogue made of it."""
    return event.text != REDACTED and (event.message_id in marked or could_hold_ssn(event.text or ""))


def _digits(value: Text) -> Text:
    return "".join(ch for ch in value if ch.isdigit())


def taken_from(value: Any, text: Optional[Text]) -> bool:
    """Is ``value`` (a slot value) a piece of the redacted ``text``: the text itself, a part of
    it, or its digits (an entity "123456789" taken from "123-45-6789")?"""
    if text is None or not isinstance(value, str) or not value.strip() or account_refs.is_reference(value):
        return False  # a reference (common.account_refs) is the dialogue's, never the member's text
    if value == text or (len(value) >= 4 and value in text):
        return True
    digits = _digits(value)
    return len(digits) >= 4 and digits in _digits(text)


def _cleared(event: SlotSet) -> SlotSet:
    return SlotSet(event.key, None, timestamp=event.timestamp, metadata=event.metadata)


def redact_events(events: List[Event], marked: Optional[Set[Text]] = None) -> List[Event]:
    """The same events with secret-bearing messages and raw secret slot values removed.

    Besides the secret slots, a ``from_text`` slot mapping may have copied the
    whole text of a marked message into the slot being asked for (right after
    ``action_extract_slots``); the form's validation replaces that value later
    in the same turn, so the copy is cleared here. Rasa logs those SlotSet events
    right after the user message, before the next ActionExecuted.

    Any other message loses the secrets its shape gives away, and a mapping's
    copy of it is cleared once the turn replaced it or when it holds such a
    secret (``bot.raw_copies``).

    Events that need no change are returned as the same objects, and messages
    already redacted (every earlier turn, read back from storage) are left as
    they are, so a save costs a scan of the events, not a copy of them.

    ``marked``: message ids marked besides the marks among ``events`` (a later turn's
    marks, applied to the events stored before it).
    """
    marked = marked_message_ids(events) | (marked or set())
    replaced = raw_copies.replaced_in_turn(events)
    redacted: List[Event] = []
    marked_text: Optional[Text] = None
    message: Optional[Text] = None
    after_extraction = False
    for index, event in enumerate(events):
        if isinstance(event, UserUttered):
            marked_text = event.text if _holds_secret(event, marked) else None
            message = event.text
            after_extraction = True
            if marked_text is not None:
                event = _redact_user(event)
            else:
                event = raw_copies.shapes_removed(event)
        elif isinstance(event, ActionExecuted):
            after_extraction = event.action_name == ACTION_EXTRACT_SLOTS
        elif isinstance(event, SlotSet):
            if event.key in SECRET_SLOTS and event.value not in SECRET_SLOTS[event.key]:
                event = _cleared(event)
            elif after_extraction and (taken_from(event.value, marked_text)
                                       or raw_copies.raw_copy(event, message, index in replaced)):
                event = _cleared(event)
        redacted.append(event)
    return redacted


def redacted_tracker(tracker: DialogueStateTracker, domain: Domain) -> DialogueStateTracker:
    """The tracker as it may be stored: the same object when nothing needs redacting.

    Stores persist only the events (SQL appends the new ones, Redis dumps the
    event list), so a changed tracker is a shallow copy with the redacted
    events, not a replay of the whole conversation.
    """
    events = list(tracker.events)
    redacted = redact_events(events)
    if all(new is old for new, old in zip(redacted, events)):
        return tracker
    copied = copy.copy(tracker)
    copied.events = deque(redacted, maxlen=tracker.events.maxlen)
    return copied


# The summary of each sender's latest turn, noted at save time for bot.channel
# (the REST answer carries it, so the web app need not read the tracker back).
# Bounded: a summary nobody collects (turns from other endpoints) is dropped.
_TURN_SUMMARIES: "OrderedDict[Text, Dict[Text, Any]]" = OrderedDict()
MAX_PENDING_SUMMARIES = 2000


def turn_summary(tracker: DialogueStateTracker) -> Dict[Text, Any]:
    """What the web app records of a turn: intent, confidence, message id and slots (redacted).

    Secret slots keep only their allowed outcomes, and a slot still holding
    the raw text of a message marked as secret, or a secret-shaped piece of the
    latest message, is reported empty, exactly as the stored tracker would show it.
    """
    # The last user message itself: ``latest_message`` of a rebuilt tracker may be
    # the one that started the form (see _with_true_latest_message).
    latest = next((e for e in reversed(tracker.events) if isinstance(e, UserUttered)), None)
    intent = (latest.intent or {}) if latest is not None else {}
    message_id = latest.message_id if latest is not None else None
    slots = tracker.current_slot_values()
    marked = slots.get(REDACT_SLOT)
    raw_text = latest.text if latest is not None and _holds_secret(latest, {marked} if marked else set()) else None
    text = latest.text if latest is not None else None
    for key, value in list(slots.items()):
        if key in SECRET_SLOTS and value not in SECRET_SLOTS[key]:
            slots[key] = None
        elif raw_text is not None and (value == raw_text or (could_hold_ssn(raw_text) and taken_from(value, raw_text))):
            slots[key] = None
        elif raw_copies.holds_shape(value) and taken_from(value, text):
            slots[key] = None  # a secret-shaped piece of the message a mapping kept (bot.raw_copies)
    confidence = intent.get("confidence")
    return {
        "intent": intent.get("name"),
        "confidence": float(confidence) if confidence is not None else None,
        "message_id": message_id,
        "slots": slots,
    }


def _note_turn(tracker: DialogueStateTracker) -> None:
    try:
        summary = turn_summary(tracker)
    except Exception:  # noqa: BLE001 - the web app then reads the tracker instead
        return
    _TURN_SUMMARIES.pop(tracker.sender_id, None)
    _TURN_SUMMARIES[tracker.sender_id] = summary
    while len(_TURN_SUMMARIES) > MAX_PENDING_SUMMARIES:
        _TURN_SUMMARIES.popitem(last=False)


def _note_unsaved(tracker: DialogueStateTracker) -> None:
    latest = next((e for e in reversed(tracker.events) if isinstance(e, UserUttered)), None)
    _TURN_SUMMARIES.pop(tracker.sender_id, None)
    _TURN_SUMMARIES[tracker.sender_id] = {
        "message_id": latest.message_id if latest is not None else None, "unsaved": True}


def pop_turn_summary(sender_id: Text, message_id: Optional[Text]) -> Optional[Dict[Text, Any]]:
    """The summary of the turn that handled ``message_id`` (None if another turn's or none)."""
    summary = _TURN_SUMMARIES.get(sender_id)
    if summary is None or (message_id and summary.get("message_id") != message_id):
        return None  # a later turn's summary stays for that turn
    return _TURN_SUMMARIES.pop(sender_id)


# A conversation kept in Redis expires this long after its latest turn (every save sets it anew): no
# longer than a conversation is of use (a sign-up's draft in the backend goes after 7 days; a member
# coming back within a month finds their place); docs/security.md's retention table.
TRACKER_TTL_SECONDS = 30 * 24 * 3600


def _backing_store(domain: Domain, event_broker: Optional[EventBroker]) -> TrackerStore:
    """Where conversations persist, so a restarted Rasa server keeps each member's place.

    ``COOPBOT_REDIS_URL`` set: Redis (several Rasa replicas, each sender routed
    to one). Otherwise a SQLite file, ``COOPBOT_TRACKER_DB`` (bot/settings.py).
    """
    redis_url = settings.redis_url()
    if redis_url:
        url = urlsplit(redis_url)
        return RedactingRedisTrackerStore(
            domain, host=url.hostname or "localhost", port=url.port or 6379,
            db=int(url.path.strip("/") or 0), username=url.username, password=url.password,
            use_ssl=url.scheme == "rediss", key_prefix="coopbot", event_broker=event_broker,
            record_exp=TRACKER_TTL_SECONDS,
        )
    path = settings.tracker_db()
    path.parent.mkdir(parents=True, exist_ok=True)
    store = LeanSQLTrackerStore(domain, dialect="sqlite", db=str(path), event_broker=event_broker)
    _tune_sqlite(store.engine)
    return store


class LeanSQLTrackerStore(SQLTrackerStore):
    """Rasa's SQL tracker store, reading and writing rows without ORM objects.

    Same table, same queries, same rows: Rasa loads each stored event as an
    ORM object only to read its ``data`` column, and saves new events through
    the ORM's unit of work. Under load that bookkeeping was a third of the
    Rasa server's CPU time (README, "Performance"); here reading selects the
    ``data`` column alone and saving is one multi-row INSERT.
    """

    async def _retrieve(self, sender_id: Text, fetch_events_from_all_sessions: bool) -> Optional[DialogueStateTracker]:
        with self.session_scope() as session:
            query = self._event_query(session, sender_id, fetch_events_from_all_sessions=fetch_events_from_all_sessions)
            events = [json.loads(data) for (data,) in query.with_entities(self.SQLEvent.data)]
        if self.domain and events:
            return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        return None

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        with self.session_scope() as session:
            rows = []
            additional = list(self._additional_events(session, tracker))
            rewritten = _marks_earlier_messages(additional) and self._redact_stored(session, tracker)
            for event in additional:
                data = event.as_dict()
                rows.append({
                    "sender_id": tracker.sender_id,
                    "type_name": event.type_name,
                    "timestamp": data.get("timestamp"),
                    "intent_name": (data.get("parse_data") or {}).get("intent", {}).get("name"),
                    "action_name": data.get("name"),
                    "data": json.dumps(data),
                })
            if rows:
                session.execute(self.SQLEvent.__table__.insert(), rows)
            session.commit()
        if rewritten:
            self._checkpoint()

    def _checkpoint(self) -> None:
        """Copy the WAL into the file and empty it: the rewritten rows' earlier pages go with it
        (``secure_delete`` zeroes what a rewrite frees inside the file). Readers in the middle of
        a read make SQLite leave the WAL as it is; its next checkpoint does it."""
        if self.engine.dialect.name == "sqlite":
            with self.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    def _redact_stored(self, session: Any, tracker: DialogueStateTracker) -> bool:
        """Rewrite the rows of the session's stored events that this turn's marks redact.

        New events are appended, never the stored ones: a message marked in a later turn (the
        security answer typed at another step, named once the answer is stored) is rewritten
        here, and so is any slot value a mapping copied from it.
        """
        query = self._event_query(session, tracker.sender_id, fetch_events_from_all_sessions=False)
        rows = query.with_entities(self.SQLEvent.id, self.SQLEvent.data).all()
        stored = [Event.from_parameters(json.loads(data)) for _, data in rows]
        table = self.SQLEvent.__table__
        rewritten = False
        for (row_id, _), old, new in zip(rows, stored, redact_events(stored, marked_message_ids(tracker.events))):
            if new is not old:
                session.execute(table.update().where(table.c.id == row_id).values(data=json.dumps(new.as_dict())))
                rewritten = True
        return rewritten


def _marks_earlier_messages(events: List[Event]) -> bool:
    """Do ``events`` (a turn's new ones) mark a message that is not among them (one stored before)?"""
    own = {event.message_id for event in events if isinstance(event, UserUttered)}
    return bool(marked_message_ids(events) - own)


class RedactingRedisTrackerStore(RedisTrackerStore):
    """Rasa's Redis tracker store, where a later turn's marks redact the events stored before it.

    Rasa merges the stored tracker (every session) with the one saved: stored events are kept
    as stored, and an event of the saved tracker that differs from every stored one is added.
    A message marked in a later turn (the security answer typed at another step) would stay in
    clear beside its redacted copy; the stored events are redacted with the saved tracker's
    marks before they are merged. Redis's append-only file still holds the earlier write: when
    Redis keeps one, it is rewritten (``BGREWRITEAOF``, in the background) after such a save.
    """

    _rewrote_earlier = False

    def _merge_trackers(self, prior_tracker: DialogueStateTracker,  # type: ignore[override]
                        tracker: DialogueStateTracker) -> DialogueStateTracker:
        events = list(prior_tracker.events)
        redacted = redact_events(events, marked_message_ids(tracker.events))
        if any(new is not old for new, old in zip(redacted, events)):
            prior_tracker = copy.copy(prior_tracker)
            prior_tracker.events = deque(redacted, maxlen=prior_tracker.events.maxlen)
            self._rewrote_earlier = True
        return RedisTrackerStore._merge_trackers(prior_tracker, tracker)

    async def save(self, tracker: DialogueStateTracker, timeout: Optional[float] = None) -> None:
        self._rewrote_earlier = False
        await super().save(tracker, timeout)
        if self._rewrote_earlier:
            self._compact_append_only_file()

    def _compact_append_only_file(self) -> None:
        """Have Redis rewrite its append-only file, so the earlier write of a redacted message goes."""
        from redis.exceptions import RedisError

        try:
            if self.red.info("persistence").get("aof_enabled"):
                self.red.bgrewriteaof()
        except RedisError as exc:  # a rewrite already running, or the command not allowed
            logger.warning("could not rewrite Redis's append-only file after a redaction: %s",
                           exc.__class__.__name__)


def _tune_sqlite(engine: Any) -> None:
    """WAL (readers never wait for the writer) and fewer fsyncs; the file stays crash-safe."""
    from sqlalchemy import event

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:  # pragma: no cover - trivial
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        # What a rewrite or delete frees is zeroed: a redacted row leaves no copy in the file.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA journal_mode=WAL")
    # Rasa's engine opens a new SQLite connection per session (NullPool); when the
    # last one closes, SQLite checkpoints the WAL into the file and syncs it, on
    # every save. One connection held open for the process keeps the WAL (SQLite
    # still checkpoints it every 1000 pages).
    _KEEP_OPEN.append(engine.raw_connection())


_KEEP_OPEN: List[Any] = []


class RedactingTrackerStore(TrackerStore):
    """A persistent tracker store (SQLite or Redis) that never holds a secret."""

    def __init__(
        self,
        domain: Domain,
        host: Optional[Text] = None,
        event_broker: Optional[EventBroker] = None,
        **kwargs: Dict[Text, Any],
    ) -> None:
        self._store = _backing_store(domain, event_broker)
        super().__init__(domain, event_broker=event_broker, **kwargs)

    @property
    def domain(self) -> Domain:
        return self._store.domain

    @domain.setter
    def domain(self, domain: Optional[Domain]) -> None:
        self._store.domain = domain or Domain.empty()

    async def save(self, tracker: DialogueStateTracker) -> None:
        started = time.perf_counter()
        try:
            await self._store.save(redacted_tracker(tracker, self.domain))
        except Exception:
            # Rasa's fail-safe store keeps the turn in memory only and answers the
            # member as if all were well; the stored conversation (Redis) has not
            # moved on. The summary says so, and the web app answers "try again".
            _note_unsaved(tracker)
            raise
        _note_turn(tracker)
        timing.add("store", time.perf_counter() - started)

    async def keys(self) -> Iterable[Text]:
        return await self._store.keys()

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        started = time.perf_counter()
        tracker = _with_true_latest_message(await self._store.retrieve(sender_id))
        timing.add("store", time.perf_counter() - started)
        return tracker

    async def retrieve_full_tracker(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        return _with_true_latest_message(await self._store.retrieve_full_tracker(sender_id))


def _with_true_latest_message(tracker: Optional[DialogueStateTracker]) -> Optional[DialogueStateTracker]:
    """Point ``latest_message`` at the member's last message again.

    Rebuilding a tracker replays only its "applied" events, and Rasa folds the
    turns a form handled into the form's first execution, so a tracker read
    back from any store reports the message that started the form as the
    latest one. The web app and the staff console read the intent (and the
    ``message_id``, added to the parse data here) of the real latest message.
    """
    if tracker is None:
        return None
    last = next((e for e in reversed(tracker.events) if isinstance(e, UserUttered)), None)
    if last is not None and (last is not tracker.latest_message
                             or "message_id" not in (last.parse_data or {})):
        parse_data = copy.deepcopy(last.parse_data) if last.parse_data else {}
        parse_data["message_id"] = last.message_id
        tracker.latest_message = UserUttered(
            text=last.text, intent=last.intent, entities=last.entities, parse_data=parse_data,
            timestamp=last.timestamp, input_channel=last.input_channel, message_id=last.message_id,
            metadata=last.metadata,
        )
    return tracker
