"""A business name typed nearly as printed on its bill ("rio frio pecan llc" for "Rio Frio Pecans
LLC") finds the account without spending a try; the proof (ZIP, last 4, phone) still decides. A
single last name is matched as before, and a wrong name on a real account is answered exactly as
any name on an unknown account. SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from backend.identity import verification as v
from backend.identity.names import matches, name_key
from tests.support.backend_helpers import load_members

PECANS = dict(account="5101000011", name="Rio Frio Pecans LLC", zip="78801", last4="5511")
CHURCH = dict(account="5101000010", name="Iglesia Bautista Getsemani", zip="78840", last4="1010")


@pytest.mark.parametrize("typed, stored", [
    ("rio frio pecan llc", "Rio Frio Pecans LLC"),  # a plural "s" left out
    ("Rio Frio Pecans L.L.C.", "Rio Frio Pecans LLC"),
    ("Rio Frio Pecans, Inc.", "Rio Frio Pecans LLC"),
    ("rio-frio pecans", "Rio Frio Pecans LLC"),
    ("Spicewood Vineyards", "Spicewood Vineyard Inc."),  # a plural "s" added
    ("Iglesia Bautista Getsemany", "Iglesia Bautista Getsemani"),  # one letter wrong in a long word
    ("Iglesia Batista Getsemani", "Iglesia Bautista Getsemani"),  # one left out
    ("Iglesia Bautista Gestemani", "Iglesia Bautista Getsemani"),  # two swapped
])
def test_a_business_name_typed_nearly_matches(typed, stored):
    assert matches(typed, name_key(stored))


@pytest.mark.parametrize("typed, stored", [
    ("Garzas", "Garza"),  # a single last name is matched as typed
    ("Pacheko", "Pacheco"),
    ("rio fria pecans", "Rio Frio Pecans LLC"),  # a short word typed otherwise
    ("rio frio pecan farm", "Rio Frio Pecans LLC"),  # another word
    ("rio fria pecan", "Rio Frio Pecans LLC"),  # two words off
    ("Iglesia Bautista Getsamany", "Iglesia Bautista Getsemani"),  # two letters off
    ("Route 67 Feed", "Route 66 Feed"),  # digits are typed as printed
    ("Garza", "Garza Ranch LLC"),
])
def test_more_than_one_near_word_or_a_single_name_does_not_match(typed, stored):
    assert not matches(typed, name_key(stored))


@pytest.fixture
def db(session_factory, settings):
    load_members(session_factory, settings, PECANS, CHURCH)
    return session_factory


def test_the_near_name_finds_the_account_with_no_try_spent_and_is_said_as_typed(db, settings):
    with db() as session:
        found = v.check_account(session, "pecan1", PECANS["account"], "rio frio pecan llc")
    assert found.result == v.MATCH and found.attempts_left == 3
    assert found.name_on_file is None  # never the file's spelling of what was not typed
    with db() as session:
        wrong = v.verify_secret(session, settings, "pecan1", zip_code="78897")
    assert wrong.result == v.MISMATCH and wrong.attempts_left == 2
    with db() as session:
        assert v.verify_secret(session, settings, "pecan1", zip_code=PECANS["zip"]).result == v.VERIFIED


def test_a_wrong_name_and_an_unknown_account_get_the_same_answer(db):
    with db() as session:
        wrong_name = v.check_account(session, "pecan2", PECANS["account"], "rio frio walnut llc")
    with db() as session:
        unknown = v.check_account(session, "pecan3", "5101000099", "rio frio pecan llc")
    assert wrong_name.result == unknown.result == v.NO_MATCH
    assert wrong_name.as_json() == unknown.as_json()
