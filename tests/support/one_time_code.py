"""The member with a phone on file of the one-time-code tests, and the codes texted to a phone.

The action tests read the outbox of their live backend (``last_code``); the backend tests
prove the phone, or spend the code's guessing budget, straight through ``possession``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from datetime import timedelta

from sqlalchemy import select

from backend.identity import possession
from backend.storage.models import RegistrationDraft
from tests.support.backend_helpers import GARZA, load_members

PHONE = "+15125550177"
# Alvarez has a phone on file, so a sign-up or an e-mail change also asks for the texted code.
ALVAREZ = dict(account="7001112223", meter="M70001", name="Alvarez", zip="78660", phone=PHONE)
# Garza with a phone on file, for the backend tests of the phone's proof and texts.
GARZA_PHONE = "+15125550123"
GARZA_WITH_PHONE = dict(GARZA, phone=GARZA_PHONE)
CODE = re.compile(r"\b(\d{6})\b")


def add_alvarez(backend, *others: dict):
    """Import Alvarez (and ``others``) into the action tests' live backend; returns the backend."""
    load_members(backend.session, backend.settings, ALVAREZ, *others)
    return backend


def texts(settings) -> list[dict]:
    """Every text in the outbox (no Twilio configured), oldest first."""
    folder = Path(settings.outbox_dir)
    return [json.loads(path.read_text()) for path in sorted(folder.glob("*.json"))] if folder.exists() else []


def last_code(backend) -> str:
    """The 6-digit code of the newest text in the outbox (it must have gone to ``PHONE``)."""
    [*_, latest] = texts(backend.settings)
    assert latest["to"] == PHONE
    return CODE.search(latest["body"]).group(1)


def texted_code(settings) -> str:
    """The 6-digit code of the newest text in the outbox."""
    return CODE.search(texts(settings)[-1]["body"]).group(1)


def prove_phone(factory, settings, conversation: str) -> None:
    """The conversation asks for the code and types it back: the phone on file is proven."""
    with factory() as session:
        assert possession.send_code(session, settings, conversation).result == possession.CODE_SENT
    code = texted_code(settings)
    with factory() as session:
        assert possession.check_code(session, settings, conversation, code).result == possession.VERIFIED


def guess_the_code_away(factory, settings, conversation: str) -> None:
    """A stranger asks for the code, guesses wrong until its budget is spent, then types the right one:
    it proves nothing any more."""
    with factory() as session:
        possession.send_code(session, settings, conversation)
    code = texted_code(settings)
    for guess in [g for g in ("000000", "111111", "222222", "333333") if g != code][:3]:
        with factory() as session:
            possession.check_code(session, settings, conversation, guess)
    with factory() as session:
        assert possession.check_code(session, settings, conversation, code).result != possession.VERIFIED


def code_sent_a_while_ago(backend, conversation_id: str) -> None:
    """The conversation's last code went out 31 seconds ago (past ``possession.RESEND_AFTER``)."""
    with backend.session() as session, session.begin():
        draft = session.scalar(select(RegistrationDraft).where(RegistrationDraft.conversation_id == conversation_id))
        draft.code_sent_at -= timedelta(seconds=31)
