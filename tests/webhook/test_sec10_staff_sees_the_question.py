"""Staff checking a caller's security answer see which question the member chose, never the answer.

The page said only whether the typed answer matched: an agent could not ask the caller the
question the member picked, and asked "what is your pet's name?" of someone who had picked the
high school. The question shown is the one whose answer is checked (the account's own
sign-up's, else the login's where it stands for the account); never a stranger's.
"""

from __future__ import annotations

import pytest

from backend.privacy.hashing import hash_answer
from backend.storage.db import transaction
from backend.storage.models import Login, Registration
from tests.support.member_rows import ACCOUNT, add_member, add_registration
from tests.support.staff_pages import page_text, sign_in
from tests.support.staff_seed import create_staff_users

PAGE = f"/staff/accounts/{ACCOUNT}"
PET = "What is your pet's name?"
SCHOOL = "Which high school did you attend?"


@pytest.fixture
def staff(session_factory):
    with transaction(session_factory) as session:
        create_staff_users(session)


def question_shown(client) -> str:
    html = client.get(PAGE).get_data(as_text=True)
    assert "Rex" not in html and "Lanier" not in html and "$argon2" not in html  # never the answer nor its hash
    text = page_text(client.get(PAGE))
    return text.split("Question the member chose:", 1)[1].split("Caller's answer", 1)[0].strip()


def test_the_login_s_question_is_shown_where_its_answer_is_checked(client, staff, session_factory):
    add_registration(session_factory, add_member(session_factory), status="active")  # question 2, answer "Rex"
    sign_in(client)
    assert question_shown(client) == PET


def test_an_account_s_own_question_is_shown_not_the_login_s(client, staff, session_factory):
    registration_id = add_registration(session_factory, add_member(session_factory), status="active")
    with transaction(session_factory) as session:
        registration = session.get(Registration, registration_id)
        registration.security_question, registration.security_answer_hash = 3, hash_answer("Lanier")
    sign_in(client)
    assert question_shown(client) == SCHOOL


def test_a_stranger_s_login_question_is_never_shown_for_the_member_s_account(client, staff, session_factory):
    stranger = add_member(session_factory, account_number="2002002002")
    stranger_account = add_registration(session_factory, stranger, status="active", conversation_id="stranger")
    with session_factory() as session:
        login_id = session.get(Registration, stranger_account).login_id
    add_registration(session_factory, add_member(session_factory), status="active", login_id=login_id,
                     conversation_id="member")
    with session_factory() as session:
        assert session.get(Login, login_id).security_question == 2
    sign_in(client)
    assert question_shown(client) == "none on file"
