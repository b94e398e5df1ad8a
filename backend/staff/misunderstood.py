"""Misunderstood member messages, staff labels for them, and the Rasa NLU export.

Its own module because this is where member text may become training data:
the rules that keep redacted messages and would-be entity annotations out of
the exported file belong next to the labelling and the export themselves.
"""

from __future__ import annotations

import re
from datetime import datetime

import yaml
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, joinedload

from backend.storage.models import TranscriptMessage
from backend.staff.accounts import StaffError
from backend.staff.audit import LABEL_MESSAGE, record_audit
from backend.staff.conversations import PAGE_SIZE
from backend.staff.paging import page_before


LOW_CONFIDENCE = 0.6
# What the transcript writer puts in place of secrets: "[redacted]" for a
# whole message or a number, "***" inside masked e-mail addresses and phones.
REDACTION_MARKERS = ("[redacted]", "***")
# Rasa reads "[text](entity)" and "[text]{...}" in examples as entity
# annotations; a member message that looks like one would train the wrong thing.
_ANNOTATION = re.compile(r"\[[^\[\]]*+\][({]")  # no "[" inside: linear time on "[[[[..."
_INTENT_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,63}")
UNLABELLED, LABELLED, ALL = "unlabelled", "labelled", "all"


def _misunderstood():
    m = TranscriptMessage
    return and_(m.direction == "in", or_(m.is_fallback.is_(True), m.confidence < LOW_CONFIDENCE))


def training_text(text: str) -> str:
    """The message as one NLU example line: whitespace collapsed, control characters dropped."""
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(text.split())


def is_exportable(text: str) -> bool:
    """Redacted messages never become training data: the secret is gone and the gap would mislead."""
    if any(marker in text for marker in REDACTION_MARKERS) or _ANNOTATION.search(text):
        return False
    return bool(training_text(text))


def list_misunderstood(
    session: Session, *, status: str = UNLABELLED, before_id: int | None = None, limit: int = PAGE_SIZE
) -> tuple[list[TranscriptMessage], int | None]:
    """Fallback and low-confidence member messages, newest first, with the id to continue before."""
    m = TranscriptMessage
    query = select(m).where(_misunderstood()).options(joinedload(m.conversation)).order_by(m.id.desc())
    if status == UNLABELLED:
        query = query.where(m.label_intent.is_(None))
    elif status == LABELLED:
        query = query.where(m.label_intent.is_not(None))
    return page_before(session, query, m.id, before_id, limit)


def label_message(
    session: Session,
    message_id: int,
    intent: str | None,
    *,
    staff_id: int,
    allowed_intents: list[str],
    now: datetime,
) -> TranscriptMessage:
    """Set (or with ``intent=None`` clear) the intent staff say a member message meant.

    The intent must be one of the domain's intents; before the domain lists
    any, any well-formed intent name is accepted.
    """
    message = session.get(TranscriptMessage, message_id)
    if message is None or message.direction != "in":
        raise StaffError("That message does not exist or is not a member message.")
    if intent is not None:
        intent = intent.strip()
        if allowed_intents and intent not in allowed_intents:
            raise StaffError(f"“{intent}” is not an intent of the assistant; choose one from the list.")
        if not _INTENT_NAME.fullmatch(intent):
            raise StaffError("An intent name is letters, digits and underscores, starting with a letter.")
        if not is_exportable(message.text):
            raise StaffError("This message contains redacted parts, so it cannot become training data.")
    message.label_intent = intent
    message.labelled_by = staff_id if intent else None
    message.labelled_at = now if intent else None
    record_audit(
        session, staff_id, LABEL_MESSAGE, conversation_id=message.conversation_id,
        detail=f"message {message.id}: {intent or 'label removed'}", now=now,
    )
    return message


class _Literal(str):
    """A string PyYAML writes as a literal block (``|``), as Rasa's own NLU files do."""


class _Quoted(str):
    """A string PyYAML writes double-quoted (``version: "3.1"``)."""


class _NluDumper(yaml.SafeDumper):
    pass


_NluDumper.add_representer(_Literal, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", v, style="|"))
_NluDumper.add_representer(_Quoted, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", v, style='"'))


def labelled_examples(session: Session) -> dict[str, list[str]]:
    """Exportable labelled member messages, by intent, without duplicates, oldest first."""
    m = TranscriptMessage
    rows = session.execute(
        select(m.label_intent, m.text).where(m.direction == "in", m.label_intent.is_not(None)).order_by(m.id)
    )
    examples: dict[str, list[str]] = {}
    for intent, text in rows:
        if not is_exportable(text):
            continue
        line = training_text(text)
        bucket = examples.setdefault(intent, [])
        if line not in bucket:
            bucket.append(line)
    return dict(sorted(examples.items()))


def export_nlu_yaml(session: Session) -> str:
    """The labelled set as a Rasa 3 NLU training file, ready to drop into ``data/``."""
    nlu = [
        {"intent": intent, "examples": _Literal("".join(f"- {line}\n" for line in lines))}
        for intent, lines in labelled_examples(session).items()
    ]
    document = {"version": _Quoted("3.1"), "nlu": nlu}
    return yaml.dump(document, Dumper=_NluDumper, sort_keys=False, allow_unicode=True, width=10_000)
