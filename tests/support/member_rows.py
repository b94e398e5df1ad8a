"""Rows and links for member-page tests, created the way the backend creates them, and a member's sign-in."""

from __future__ import annotations

import html as htmllib
import re
from datetime import timedelta
from urllib.parse import urlsplit

from sqlalchemy import select

from backend.accounts import online_access as accounts
from backend.privacy import tokens
from backend.privacy.hashing import hash_answer
from backend.accounts.members_import import secret_fields
from backend.storage.models import ACTIVE, PENDING, LinkToken, Login, Member, Registration, utcnow

ACCOUNT = "1001234567"
EMAIL = "jane.doe@example.com"
ZIP = "78701"
SECRET_KEY = "test-secret-key"  # the secret_key of tests/conftest.py's settings
# Jane's login of several accounts (the account-page tests), and the neighbour's login of his own.
PASSWORD = "a long enough password 7"
HOUSE, BARN, NEIGHBOUR = "1001234567", "2009876543", "300111222"
NEIGHBOUR_EMAIL = "neighbour@example.com"


def add_member(factory, account_number: str = ACCOUNT, secret_key: str = SECRET_KEY) -> int:
    """A member whose ZIP is stored the importer's way: a keyed hash, never the digits."""
    with factory() as db, db.begin():
        member = Member(account_number=account_number, last_name_or_business="Doe", name_key="doe",
                        **secret_fields(secret_key, ZIP, None, meter_number="M100234"))
        db.add(member)
        db.flush()
        return member.id


def add_registration(factory, member_id: int, email: str = EMAIL, status: str = PENDING,
                     login_id: int | None = None, conversation_id: str | None = None,
                     language: str | None = None) -> int:
    """An account on a login of its own (made with it, in ``status``, in the member's ``language``), or
    on the login ``login_id``; ``conversation_id``: the conversation that made it."""
    with factory() as db, db.begin():
        login = db.get(Login, login_id) if login_id is not None else Login(
            email=email, security_question=2, security_answer_hash=hash_answer("Rex"), status=status,
            language=language)
        registration = Registration(
            member_id=member_id, login=login, terms_version="2026-01",
            terms_accepted_at=utcnow(), status=status, activated_at=utcnow() if status == ACTIVE else None,
            conversation_id=conversation_id,
        )
        db.add(registration)
        db.flush()
        return registration.id


def give_login(backend, account: str, email: str) -> None:
    """The member of ``account`` gets an active online login at ``email`` (the action tests' backend)."""
    with backend.session() as session:
        member_id = session.scalars(select(Member.id).where(Member.account_number == account)).one()
    add_registration(backend.session, member_id, email=email, status=ACTIVE)


def mint(factory, registration_id: int, purpose: str = tokens.ACTIVATE,
         ttl: timedelta = timedelta(hours=24)) -> str:
    with factory() as db, db.begin():
        return tokens.mint(db, registration_id, purpose, ttl)


def registration(factory, registration_id: int) -> Registration:
    with factory() as db:
        return db.get(Registration, registration_id)


def login(factory, registration_id: int) -> Login:
    """The login that holds the account ``registration_id``."""
    with factory() as db:
        return db.get(Registration, registration_id).login


def link_rows(factory, registration_id: int) -> list[LinkToken]:
    with factory() as db:
        return list(db.scalars(select(LinkToken).where(LinkToken.registration_id == registration_id)))


def login_with_two(factory, settings) -> tuple[int, int, int]:
    """Jane's login at ``EMAIL``, activated with ``PASSWORD``, holds the house and the barn (both active,
    paper bills): (house registration id, barn registration id, login id)."""
    house = add_registration(factory, add_member(factory, HOUSE))
    with factory() as db, db.begin():
        assert accounts.activate(db, mint(factory, house), PASSWORD, settings).state == accounts.ACTIVATED
    login_id = login(factory, house).id
    barn = add_registration(factory, add_member(factory, BARN), status=ACTIVE, login_id=login_id)
    return house, barn, login_id


def add_neighbour(factory) -> int:
    """The neighbour's active login of his own, at ``NEIGHBOUR_EMAIL``: his registration id."""
    return add_registration(factory, add_member(factory, NEIGHBOUR), email=NEIGHBOUR_EMAIL, status=ACTIVE)


def sign_in(client, username: str = EMAIL, password: str = PASSWORD, field: str = "email"):
    """POST /login as the sign-in form does (``field`` is "user_id" where the co-op uses User IDs)."""
    return client.post("/login", data={field: username, "password": password})


def text_of(response) -> str:
    """The page as a member reads it: tags dropped, whitespace collapsed."""
    html = response.get_data(as_text=True)
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def spent_link_page(client, response, token: str):
    """The page a submit of an already used activation or password link ends on: it is redirected (303,
    Post/Redirect/Get) to the link's own page, which the browser then GETs (a reload posts nothing)."""
    assert response.status_code == 303, text_of(response)
    path = urlsplit(response.location).path
    assert path == f"/activate/{token}", response.location
    return client.get(response.location)
