"""Attacker round atk6: one sign-in name typed in many spellings, on SQLite and PostgreSQL.

The sign-in throttle keyed its counts on the typed name trimmed and case-folded, but the lookups
read more spellings as the same name: a User ID is looked up NFKC-normalised ("ｊａｎｅ_ｄｏｅ7",
full-width, is "jane_doe7"), a staff address as an e-mail address (full-width letters and the
ideographic full stop of its domain are its ASCII ones). Each spelling had fresh counts of its
own: the address-alone rule (10 free failures, then waits) that keeps guessers on many networks
off one account counted nothing, and the address-with-client rule (3 free) gave each spelling
three more guesses from one place. The throttle now keys a name as the lookups read it.
"""

from __future__ import annotations

import pytest

from backend.privacy.hashing import hash_password
from backend.storage.db import transaction
from backend.storage.models import ACTIVE, Login
from tests.support.member_rows import add_member, add_registration, login, sign_in, text_of
from tests.support.staff_seed import AGENT_EMAIL, create_staff_users

USER_ID = "jane_doe7"
GOOD = "correct horse battery"
FULL_WIDTH = {chr(c): chr(c + 0xFEE0) for c in range(ord("!"), ord("~") + 1)}


def spellings(name: str, count: int) -> list[str]:
    """``count`` spellings of ``name`` that read as ``name`` once NFKC-normalised: some letters full-width."""
    letters = [i for i, c in enumerate(name) if c.isalnum()]
    out = []
    for n in range(1, count + 1):
        chars = list(name)
        for bit, i in enumerate(letters):
            if n >> bit & 1:
                chars[i] = FULL_WIDTH[chars[i]]
        out.append("".join(chars))
    assert len(set(out)) == count
    return out


@pytest.fixture
def uid_app(make_app, settings_for, db_url, session_factory):
    """A co-op signing in with User IDs; Jane's active login holds ``USER_ID``."""
    settings = settings_for(db_url, username="user_id")
    registration_id = add_registration(session_factory, add_member(session_factory, "1009999999"),
                                       email="jane@example.com", status=ACTIVE)
    with session_factory() as db, db.begin():
        row = db.get(Login, login(session_factory, registration_id).id)
        row.user_id = USER_ID
        row.password_hash = hash_password(GOOD)
    app = make_app(settings, testing=True)
    app.config["WTF_CSRF_ENABLED"] = False
    return app


def _from(client, address):
    client.environ_base.update({"REMOTE_ADDR": address})
    return client


def test_a_user_id_spelt_full_width_is_the_member_s_own(uid_app):
    """The spellings below reach Jane's login: the right password with one signs her in."""
    signed_in = sign_in(uid_app.test_client(), "ｊａｎｅ_ｄｏｅ７", GOOD, field="user_id")
    assert signed_in.status_code == 303, text_of(signed_in)


def test_wrong_passwords_in_many_spellings_of_a_user_id_count_as_one_name(uid_app):
    # Eleven guessers, each on a network of its own and each with a spelling of its own.
    for n, spelt in enumerate(spellings(USER_ID, 11)):
        client = _from(uid_app.test_client(), f"198.51.100.{n + 1}")
        assert sign_in(client, spelt, f"guess {n}", field="user_id").status_code == 401
    twelfth = sign_in(_from(uid_app.test_client(), "203.0.113.9"), USER_ID, "guess 12", field="user_id")
    assert twelfth.status_code == 429 and "Too many tries" in text_of(twelfth)


def test_one_network_gets_three_free_guesses_at_a_user_id_whatever_its_spelling(uid_app):
    client = _from(uid_app.test_client(), "198.51.100.1")
    tried = [sign_in(client, spelt, f"guess {n}", field="user_id").status_code
             for n, spelt in enumerate(spellings(USER_ID, 4))]
    assert tried == [401] * 4
    fifth = sign_in(client, spellings(USER_ID, 5)[-1], "guess 5", field="user_id")
    assert fifth.status_code == 429 and "Too many tries" in text_of(fifth)


@pytest.fixture
def staff_app(make_app, settings, session_factory):
    with transaction(session_factory) as session:
        create_staff_users(session)
    app = make_app(settings, testing=True)
    app.config["WTF_CSRF_ENABLED"] = False
    return app


def _staff_sign_in(client, email, password):
    return client.post("/staff/sign-in", data={"email": email, "password": password})


def test_wrong_staff_passwords_in_many_spellings_of_the_address_count_as_one_address(staff_app):
    local, domain = AGENT_EMAIL.split("@")
    domain_spellings = spellings(domain.replace(".", ""), 11)
    addresses = [f"{local}@{spelt[:4]}\u3002{spelt[4:]}" for spelt in domain_spellings]  # coop。example
    for n, address in enumerate(addresses):
        answer = _staff_sign_in(_from(staff_app.test_client(), f"198.51.100.{n + 1}"), address, f"guess {n}")
        assert answer.status_code == 401
    twelfth = _staff_sign_in(_from(staff_app.test_client(), "203.0.113.9"), AGENT_EMAIL, "guess 12")
    assert twelfth.status_code == 429 and "Too many tries" in twelfth.get_data(as_text=True)


def test_a_staff_address_with_a_full_width_domain_is_the_staff_member_s_own(staff_app):
    from tests.support.staff_seed import PASSWORD

    answer = _staff_sign_in(staff_app.test_client(), "agent@ｃｏｏｐ\u3002example", PASSWORD)
    assert answer.status_code == 302 and "/staff/sign-in/code" in answer.headers["Location"]
