"""Per-source limits: a guesser behind a shared address is slowed, the members behind it are not shut out."""

from __future__ import annotations

from datetime import timedelta

import pytest

from backend.identity import source_budget as sb
from backend.identity import verification as v
from backend.storage.models import utcnow
from tests.support.backend_helpers import GARZA, OBRIEN, load_members

NAT = "carrier-nat"


@pytest.fixture
def db(session_factory, settings):
    load_members(session_factory, settings, GARZA, OBRIEN)
    return session_factory


def from_nat(db, conversation: str) -> str:
    with db() as session:
        v.remember_origin(session, conversation, "web", NAT)
        session.commit()
    return conversation


def check(db, conversation, account, name, now):
    with db() as session:
        return v.check_account(session, conversation, account, name, now=now)


def test_delays_grow_after_the_free_failures_and_stop_at_the_cap():
    assert [sb.delay_after(n) for n in range(sb.FREE_FAILURES)] == [timedelta(0)] * sb.FREE_FAILURES
    assert sb.delay_after(sb.FREE_FAILURES) == sb.FIRST_DELAY
    assert sb.delay_after(sb.FREE_FAILURES + 1) == 2 * sb.FIRST_DELAY
    assert sb.delay_after(sb.FREE_FAILURES + 50) == sb.MAX_DELAY


def test_a_guessing_network_waits_longer_after_each_failure(db):
    now = utcnow()
    for index in range(sb.FREE_FAILURES):
        assert check(db, from_nat(db, f"g{index}"), f"{1500000000 + index}", "Smith", now).result == v.NO_MATCH
    early = check(db, from_nat(db, "g-early"), "1500000099", "Smith", now + timedelta(seconds=29))
    assert (early.result, early.lock_scope, early.locked_until) == (v.LOCKED, v.SOURCE_SCOPE, now + sb.FIRST_DELAY)
    # The early check was neither evaluated nor counted: after the wait the next one is heard ...
    later = now + sb.FIRST_DELAY
    assert check(db, from_nat(db, "g5"), "1500000005", "Smith", later).result == v.NO_MATCH
    # ... and the wait after it is twice as long.
    assert check(db, from_nat(db, "g6"), "1500000006", "Smith", later + sb.FIRST_DELAY).locked_until == \
        later + 2 * sb.FIRST_DELAY


def test_a_member_behind_the_same_address_as_a_guesser_gets_through(db, settings):
    """Carrier-grade NAT: an attacker has failed 40 times from the address the member also uses.
    Three wrong names from one address once refused every identity check there for a day."""
    now = utcnow()
    for index in range(40):
        result = check(db, from_nat(db, f"a{index}"), f"{1600000000 + index}", "Smith", now)
        if result.result == v.LOCKED:  # the attacker waits as little as allowed, then guesses again
            now = result.locked_until
            result = check(db, f"a{index}", f"{1600000000 + index}", "Smith", now)
        assert result.result == v.NO_MATCH
    member = from_nat(db, "member")
    first = check(db, member, GARZA["account"], GARZA["name"], now)
    assert (first.result, first.lock_scope) == (v.LOCKED, v.SOURCE_SCOPE)
    assert first.locked_until - now <= sb.MAX_DELAY  # minutes, not a day
    assert check(db, member, GARZA["account"], GARZA["name"], first.locked_until).result == v.MATCH
    with db() as session:
        verified = v.verify_secret(session, settings, member, zip_code=GARZA["zip"], now=first.locked_until)
    assert verified.result == v.VERIFIED
