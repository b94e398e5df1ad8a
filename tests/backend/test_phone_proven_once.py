"""A second account in the conversation that just proved the same phone on file by a code.

The member proves the phone once: the next account with that very number on file is not
texted another code while the proof is fresh. As the attacker: another number, another
conversation or an older proof still needs a code of its own.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from backend.accounts import registration as reg
from backend.identity import possession as p
from backend.identity import verification as v
from backend.storage.models import utcnow
from tests.support.backend_helpers import GARZA_RANCH, OBRIEN, load_members, register_in
from tests.support.backend_helpers import verified
from tests.support.one_time_code import GARZA_PHONE, GARZA_WITH_PHONE, texted_code, texts

# Two more accounts: one with the same phone on file as Garza, one with another number.
RANCH_SAME_PHONE = dict(GARZA_RANCH, phone=GARZA_PHONE)
OBRIEN_OTHER_PHONE = dict(OBRIEN, phone="+15125550199")


@pytest.fixture
def db(session_factory, settings):
    load_members(session_factory, settings, GARZA_WITH_PHONE, RANCH_SAME_PHONE, OBRIEN_OTHER_PHONE)
    return session_factory


def prove_garza(db, settings, conversation: str, now) -> None:
    """Garza's account is checked and its phone proven by the texted code, at ``now``."""
    assert verified(db, settings, conversation, GARZA_WITH_PHONE, now=now).possession == p.CODE_REQUIRED
    with db() as session:
        assert p.send_code(session, settings, conversation, now=now).result == p.CODE_SENT
    with db() as session:
        assert p.check_code(session, settings, conversation, texted_code(settings), now=now).result == p.VERIFIED


def test_the_same_phone_proven_minutes_ago_needs_no_second_code(db, settings):
    now = utcnow()
    prove_garza(db, settings, "web1", now)
    assert register_in(db, settings, "web1", "maria@example.com").result == reg.CREATED
    sent = len(texts(settings))
    with db() as session:  # the next account starts afresh: the account's proofs are dropped, not the phone's
        v.forget_conversation(session, "web1")
    later = now + timedelta(minutes=5)
    assert verified(db, settings, "web1", RANCH_SAME_PHONE, now=later).possession == p.CODE
    assert len(texts(settings)) == sent  # no second code texted
    # Registering is no longer refused (possession_required): the same address gets the account too.
    assert register_in(db, settings, "web1", "maria@example.com", now=later).result == reg.CREATED


def test_another_number_on_file_needs_its_own_code(db, settings):
    now = utcnow()
    prove_garza(db, settings, "web1", now)
    assert verified(db, settings, "web1", OBRIEN_OTHER_PHONE, now=now + timedelta(minutes=1)).possession \
        == p.CODE_REQUIRED


def test_another_conversation_needs_its_own_code(db, settings):
    now = utcnow()
    prove_garza(db, settings, "web1", now)
    assert verified(db, settings, "web2", RANCH_SAME_PHONE, now=now + timedelta(minutes=1)).possession \
        == p.CODE_REQUIRED


def test_a_proof_older_than_a_code_needs_a_new_code(db, settings):
    now = utcnow()
    prove_garza(db, settings, "web1", now)
    stale = now + p.CODE_TTL + timedelta(seconds=1)
    assert verified(db, settings, "web1", RANCH_SAME_PHONE, now=stale).possession == p.CODE_REQUIRED


@pytest.mark.parametrize(("minutes", "answer"), [(3, reg.SENT), (11, reg.IF_REGISTERED)])
def test_a_reset_after_signing_up_here_is_answered_plainly_while_the_proof_is_fresh(db, settings, minutes, answer):
    """Signed up and proven by the code in this chat, then "I forgot my password": the answer says
    what was mailed. Later (a proof older than a code), it tells nothing, as to a bill-holder."""
    now = utcnow()
    prove_garza(db, settings, "web1", now)
    assert register_in(db, settings, "web1", "maria@example.com", now=now).result == reg.CREATED
    with db() as session:
        v.forget_conversation(session, "web1")
    later = now + timedelta(minutes=minutes)
    verified(db, settings, "web1", GARZA_WITH_PHONE, now=later)
    with db() as session:
        told = reg.password_reset(session, settings, "web1", now=later)
    assert told.result == answer
    assert (told.email_masked is not None) == (answer == reg.SENT)
