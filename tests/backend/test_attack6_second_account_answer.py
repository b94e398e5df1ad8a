"""Attacker round 6 (secrets at rest): the login's security answer is no longer recognised once the
conversation turns to a second account.

A member signs up, then adds a second account in the same conversation with "the same e-mail as
before": the login's question and answer stand and none is asked for the second account (docs/
security.md, "Who has a login: no oracle"). Checking the second account forgets the answer's keyed
hash (``verification._forget_identity``), so a later "is my answer still Rex?" within the first
link's lifetime is kept in clear in the transcript and the tracker, although the answer is the
live login's and the conversation is the one that stored it."""

from __future__ import annotations


from backend.accounts import registration
from backend.identity import verification
from backend.privacy import answer_mentions
from tests.support.backend_helpers import GARZA, OBRIEN, load_members, register_in
from tests.support.backend_helpers import verified as verified_steps


def test_the_login_s_answer_is_still_recognised_while_adding_a_second_account(settings, session_factory):
    load_members(session_factory, settings, GARZA, OBRIEN)
    verified_steps(session_factory, settings, "c-member", GARZA)
    with session_factory() as session:
        assert registration.store_security_answer(session, "c-member", 2, "Rex",
                                                  settings=settings) == registration.STORED
    assert register_in(session_factory, settings, "c-member", "maria@example.com").result == registration.CREATED
    # The second account, "same e-mail as before": no new answer is asked; the login's stands.
    with session_factory() as session:
        assert verification.check_account(session, "c-member", OBRIEN["account"], OBRIEN["name"]).result \
            == verification.MATCH
    with session_factory() as session:
        assert answer_mentions.later_mention(session, settings, "c-member", "is my answer still Rex?")
