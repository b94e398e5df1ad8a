"""One login, several accounts: the account page lists each, paperless per account, and
"Unsubscribe" removes one account or the whole login; staff see a login's accounts."""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path

import pytest
from sqlalchemy import select

from backend.storage.db import transaction
from backend.privacy import tokens
from backend.storage.models import (
    ACTIVE, PENDING, UNSUBSCRIBED, Lockout, Member, Notification, Registration, VerificationAttempt,
)
from tests.support.member_rows import (
    BARN, EMAIL, HOUSE, NEIGHBOUR, add_member, add_neighbour, add_registration, login, login_with_two as jane_s_login,
    mint, registration, sign_in, text_of,
)
from tests.support.backend_helpers import outbox_mails, parts
from tests.support.staff_pages import page_text
from tests.support.staff_pages import sign_in as staff_sign_in
from tests.support.staff_seed import create_staff_users


@pytest.fixture
def login_with_two(no_csrf, client, session_factory, settings):
    """Jane's login holds the house and the barn; the neighbour has a login of his own."""
    house, barn, _ = jane_s_login(session_factory, settings)
    neighbour = add_neighbour(session_factory)
    assert sign_in(client).status_code == 303
    return house, barn, neighbour


def test_the_account_page_lists_every_account_by_its_last_digits(client, login_with_two):
    page = text_of(client.get("/account"))
    assert "******4567" in page and "******6543" in page
    assert HOUSE not in page and BARN not in page and "*****1222" not in page  # never the full number
    assert page.count("Paperless billing Off") == 2 and page.count("Unsubscribe this account") == 2


def test_paperless_is_chosen_per_account(client, session_factory, login_with_two):
    house, barn, _ = login_with_two
    page = text_of(client.post("/account/paperless", data={"account": barn, "paperless": "on"},
                               follow_redirects=True))
    assert "Paperless billing is on for the account ending in 6543" in page
    assert registration(session_factory, barn).paperless_billing is True
    assert registration(session_factory, house).paperless_billing is False


def test_a_member_cannot_touch_another_login_s_account(client, session_factory, login_with_two):
    _, _, neighbour = login_with_two
    page = text_of(client.post("/account/paperless", data={"account": neighbour, "paperless": "on"},
                               follow_redirects=True))
    assert "Choose paperless or paper bills" in page
    assert registration(session_factory, neighbour).paperless_billing is False
    page = text_of(client.post("/account/unsubscribe", data={"account": neighbour, "answer": "yes"},
                               follow_redirects=True))
    assert "That account is not on your online login." in page
    assert registration(session_factory, neighbour).status == ACTIVE


def test_unsubscribing_one_account_keeps_the_login_and_the_other(client, session_factory, login_with_two):
    house, barn, _ = login_with_two
    confirm = text_of(client.get(f"/account/unsubscribe?account={barn}"))
    assert "Remove the account ending in 6543?" in confirm and "your other accounts and your sign-in stay" in confirm
    page = text_of(client.post("/account/unsubscribe", data={"account": barn, "answer": "yes"},
                               follow_redirects=True))
    assert "The account ending in 6543 is no longer on your online login." in page
    assert "******4567" in page and "******6543" not in page and "Unsubscribe this account" not in page
    assert registration(session_factory, barn).status == UNSUBSCRIBED
    assert registration(session_factory, house).status == ACTIVE
    assert login(session_factory, house).status == ACTIVE and login(session_factory, house).password_hash
    with session_factory() as db:
        told = db.scalars(select(Notification.kind).where(Notification.registration_id == barn)).all()
    assert told == ["unsubscribed"]


def test_unsubscribing_the_whole_login_removes_every_account_and_signs_out(client, session_factory, login_with_two):
    house, barn, neighbour = login_with_two
    confirm = text_of(client.get("/account/unsubscribe"))
    assert f"you can no longer sign in with {EMAIL}" in confirm
    response = client.post("/account/unsubscribe", data={"answer": "yes"})
    assert response.status_code == 303 and "/account/deleted" in response.location
    with session_factory() as db:
        statuses = dict(db.execute(select(Registration.id, Registration.status)).all())
    assert statuses == {house: UNSUBSCRIBED, barn: UNSUBSCRIBED, neighbour: ACTIVE}
    gone = login(session_factory, house)
    assert gone.status == UNSUBSCRIBED and gone.password_hash is None and gone.security_answer_hash is None
    assert client.get("/account").status_code == 302
    assert sign_in(client).status_code == 401


def test_staff_see_a_login_s_accounts_and_an_account_s_login(app, session_factory, login_with_two):
    with transaction(session_factory) as session:
        create_staff_users(session)
    app.config["WTF_CSRF_ENABLED"] = True  # the staff sign-in helper reads the token from the page
    client = app.test_client()
    staff_sign_in(client)
    text = page_text(client.get(f"/staff/accounts/{BARN}"))
    assert "Online login j***@e***.com (active)" in text
    assert f"{HOUSE} (active)" in text and f"{BARN} (active)" in text and NEIGHBOUR not in text
    assert "User ID" not in text  # this co-op signs in with e-mail addresses (COOPBOT_USERNAME=email)


def test_the_add_link_shows_the_account_and_adds_it_once(client, session_factory, login_with_two):
    house, _, _ = login_with_two
    well = add_registration(session_factory, add_member(session_factory, "4005550001"), status=PENDING,
                            login_id=login(session_factory, house).id)
    token = mint(session_factory, well, tokens.ADD)
    page = client.get(f"/add/{token}")
    assert page.status_code == 200 and "Add the account ending in 0001?" in text_of(page)
    assert registration(session_factory, well).status == PENDING  # reading the link changes nothing
    assert "******0001" not in text_of(client.get("/account"))
    done = text_of(client.post(f"/add/{token}"))
    assert "The account ending in 0001 is on your online login" in done
    assert registration(session_factory, well).status == ACTIVE
    assert "******0001" in text_of(client.get("/account"))
    again = client.post(f"/add/{token}")
    assert again.status_code == 200 and "already on your online login" in text_of(again)
    assert client.get("/add/not-a-token").status_code == 404
    # An add link cannot set the login's password.
    assert client.get(f"/activate/{token}").status_code == 404


ALREADY_ADDED = {
    "en": ("The account ending in 0001 is already on your online login", "This link has been used", "Sign in",
           "Go to your account"),
    "es": ("La cuenta que termina en 0001 ya está en su acceso en línea", "Este enlace ya se usó", "Iniciar sesión",
           "Ir a su cuenta"),
}


def _pending_addition(session_factory, house) -> tuple[int, str]:
    """A third account offered to Jane's login: its id and the token of the link mailed to her."""
    well = add_registration(session_factory, add_member(session_factory, "4005550001"), status=PENDING,
                            login_id=login(session_factory, house).id)
    return well, mint(session_factory, well, tokens.ADD)


@pytest.mark.parametrize("language", ["en", "es"])
def test_reuse_and_reload_after_adding_say_already_added(app, session_factory, login_with_two, language):
    """As an activation link clicked twice says "already activated": never "no longer works"."""
    house, _, _ = login_with_two
    well, token = _pending_addition(session_factory, house)
    assert app.test_client().post(f"/add/{token}").status_code == 200
    assert registration(session_factory, well).status == ACTIVE
    heading, used, sign_in_label, account_label = ALREADY_ADDED[language]
    other_browser = app.test_client()
    for response in (other_browser.post(f"/add/{token}?lang={language}"),
                     other_browser.get(f"/add/{token}?lang={language}")):
        assert response.status_code == 200
        page = text_of(response)
        assert heading in page and used in page and sign_in_label in page, page
        assert "/login" in response.get_data(as_text=True)
        assert "no longer works" not in page and "ya no funciona" not in page
    # The member signed in to that login, pressing the back button: straight to the account.
    signed_in = app.test_client()
    assert sign_in(signed_in).status_code == 303
    assert account_label in text_of(signed_in.get(f"/add/{token}?lang={language}"))


def test_double_submit_of_the_add_link_from_two_tabs_adds_once(app, session_factory, login_with_two):
    house, _, _ = login_with_two
    well, token = _pending_addition(session_factory, house)
    barrier = threading.Barrier(2)
    responses = []

    def submit():
        client = app.test_client()
        barrier.wait()
        responses.append(client.post(f"/add/{token}"))

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    pages = sorted(text_of(response) for response in responses)
    assert [response.status_code for response in responses] == [200, 200]
    assert sum("ending in 0001 is already on your online login" in page for page in pages) == 1
    assert sum("ending in 0001 is on your online login" in page for page in pages) == 1
    assert registration(session_factory, well).status == ACTIVE


# --- "Add another account" on the account page ------------------------------------------------

def _texts(settings) -> list[dict]:
    folder = Path(settings.outbox_dir)
    return [json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))] if folder.exists() else []


def _add_form(client, account, name="Doe", proof="78701"):
    return client.post("/account/add", data={"account_number": account, "name": name, "proof": "zip",
                                             "proof_value": proof, "terms": "y"})


def _phone_member(session_factory, account, phone="+15125550177"):
    member_id = add_member(session_factory, account)
    with session_factory() as db, db.begin():
        db.get(Member, member_id).phone = phone
    return member_id


def test_adding_from_the_account_page_needs_the_phone_code_then_the_login_s_mail(client, settings,
                                                                                   session_factory, login_with_two):
    _phone_member(session_factory, "5005550002")
    asked = _add_form(client, "5005550002")
    assert asked.status_code == 200 and "We texted a code to the phone on file" in text_of(asked)
    [text] = _texts(settings)
    assert text["to"] == "+15125550177"
    code = re.search(r"\b(\d{6})\b", text["body"]).group(1)
    done = text_of(client.post("/account/add/code", data={"code": code}, follow_redirects=True))
    assert "To finish, open the link we mailed to j***@e***.com" in done
    assert "******0002" not in done  # not on the login until the mailbox confirms
    offer = outbox_mails(settings.outbox_dir)[-1]
    assert offer["To"] == EMAIL
    token = re.search(r"/add/([A-Za-z0-9_-]{40,})", parts(offer)[0]).group(1)
    client.post(f"/add/{token}")
    assert "******0002" in text_of(client.get("/account"))
    assert "activated" in _texts(settings)[-1]["body"]  # the phone on file hears of it


def test_adding_from_a_spanish_account_page_texts_the_code_in_spanish_then_english(client, settings,
                                                                                  session_factory, login_with_two):
    """The phone's holder may not read the page's language: while the co-op does not know the
    phone's own, the code comes in the page's language and the default one (docs/languages.md)."""
    from common.gsm import MAX_SEPTETS, is_gsm7, septets

    _phone_member(session_factory, "5005550002")
    assert client.get("/account?lang=es").status_code == 200  # the page's language switch
    assert _add_form(client, "5005550002").status_code == 200
    [text] = _texts(settings)
    code = re.search(r"\b(\d{6})\b", text["body"]).group(1)
    assert text["body"] == (f"{settings.coop_name}:\nSu codigo es {code}, valido por 10 min. Alguien se registra "
                            "en linea con su cuenta; ¿no es usted? No lo comparta.\nYour code is "
                            f"{code}, valid for 10 min. Someone is signing up for online access to your account; "
                            "not you? Do not share it.")
    assert is_gsm7(text["body"]) and septets(text["body"]) <= MAX_SEPTETS


def test_a_wrong_proof_on_the_page_tells_nothing_and_counts_in_the_budget(client, settings, session_factory,
                                                                          login_with_two):
    _phone_member(session_factory, "5005550003")
    answers = [_add_form(client, "5005550003", proof="11111"), _add_form(client, "5005550003", name="Nobody"),
               _add_form(client, "9999999999")]
    assert [r.status_code for r in answers] == [400, 400, 400]
    assert len({text_of(r).split("There is a problem")[0] for r in answers}) == 1
    assert all("We could not add that account with these details" in text_of(r) for r in answers)
    assert _texts(settings) == []  # no code went out
    with session_factory() as db:
        failures = db.scalars(select(VerificationAttempt).where(VerificationAttempt.succeeded.is_(False))).all()
    assert len(failures) == 3 and {f.channel for f in failures} == {"web"}
    with session_factory() as db:
        assert db.scalars(select(Registration).join(Registration.member)
                          .where(Member.account_number == "5005550003")).all() == []


def _failures(session_factory) -> int:
    with session_factory() as db:
        return len(db.scalars(select(VerificationAttempt).where(VerificationAttempt.succeeded.is_(False))).all())


def test_the_same_wrong_name_sent_again_on_the_page_counts_once(client, settings, session_factory, login_with_two):
    """As in the chat: a resent identical wrong name is answered alike and spends no second try."""
    _phone_member(session_factory, "5005550007")
    answers = [_add_form(client, "5005550007", name="Nobody"), _add_form(client, "5005550007", name="Nobody")]
    assert [r.status_code for r in answers] == [400, 400]
    assert text_of(answers[0]) == text_of(answers[1])
    assert _failures(session_factory) == 1
    asked = _add_form(client, "5005550007")  # the right details still pass: nothing is locked
    assert asked.status_code == 200 and "We texted a code to the phone on file" in text_of(asked)


def test_three_different_wrong_names_on_the_page_lock_it(client, settings, session_factory, login_with_two):
    _phone_member(session_factory, "5005550008")
    answers = [_add_form(client, "5005550008", name=name) for name in ("Nobody", "Somebody", "Anybody")]
    assert [r.status_code for r in answers] == [400, 400, 400]
    assert _failures(session_factory) == 3
    with session_factory() as db:
        assert db.scalars(select(Lockout)).all()
    locked = _add_form(client, "5005550008")  # the right details now fail alike, and text nothing
    assert locked.status_code == 400 and "We could not add that account with these details" in text_of(locked)
    assert _texts(settings) == []


def test_the_page_cannot_skip_the_code(client, settings, session_factory, login_with_two):
    _phone_member(session_factory, "5005550004")
    _add_form(client, "5005550004")
    code = re.search(r"\b(\d{6})\b", _texts(settings)[-1]["body"]).group(1)
    for guess in [g for g in ("000000", "111111", "222222", "333333") if g != code][:3]:
        page = text_of(client.post("/account/add/code", data={"code": guess}, follow_redirects=True))
        assert "That code did not work" in page
    # The right code after three wrong ones is too late: the code is spent.
    client.post("/account/add/code", data={"code": code})
    with session_factory() as db:
        assert db.scalars(select(Registration).join(Registration.member)
                          .where(Member.account_number == "5005550004")).all() == []
    assert not [m for m in outbox_mails(settings.outbox_dir) if m["Subject"].startswith("Add")]


def test_a_meter_only_co_op_offers_and_checks_the_meter_number_on_the_page(client, settings, session_factory,
                                                                          login_with_two):
    client.application.config["COOPBOT"] = settings.model_copy(update={"proofs": ("meter",)})
    page = text_of(client.get("/account/add"))
    assert "The meter number printed on that bill" in page and "ZIP code" not in page
    _phone_member(session_factory, "5005550006")
    zip_given = client.post("/account/add", data={"account_number": "5005550006", "name": "Doe", "proof": "zip",
                                                 "proof_value": "78701", "terms": "y"})
    assert zip_given.status_code == 400 and _texts(settings) == []
    asked = client.post("/account/add", data={"account_number": "5005550006", "name": "Doe", "proof": "meter",
                                              "proof_value": "m-100 234", "terms": "y"})
    assert asked.status_code == 200 and "We texted a code to the phone on file" in text_of(asked)
    assert "100234" not in text_of(asked)  # never echoed


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_page_says_plainly_when_the_day_s_links_to_the_login_are_spent(client, settings, session_factory,
                                                                         login_with_two, language):
    """The day's own link mails of the login are spent: nothing is mailed, and the page says so and whom
    to call, never "open the link we mailed"."""
    from backend.accounts import link_mails
    from backend.notify import dispatch

    house, *_ = login_with_two
    with session_factory() as db, db.begin():
        for _ in range(link_mails.DAILY_LINK_MAILS):
            db.add(Notification(kind=dispatch.PASSWORD_RESET, registration_id=house, to_address=EMAIL,
                                status=dispatch.SENT))
    add_member(session_factory, "5005550008")  # no phone on file: the bill data settle it
    mailed_before = len(outbox_mails(settings.outbox_dir))
    done = text_of(client.post(f"/account/add?lang={language}", follow_redirects=True, data={
        "account_number": "5005550008", "name": "Doe", "proof": "zip", "proof_value": "78701", "terms": "y"}))
    said = {"en": ("No more links go to j***@e***.com today", "call member services"),
            "es": ("Hoy no se envían más enlaces a j***@e***.com", "Llame a servicios para socios")}[language]
    assert all(words in done for words in said), done
    assert "open the link" not in done and "abra el enlace" not in done.lower()
    assert len(outbox_mails(settings.outbox_dir)) == mailed_before


ADD_PAGE = {
    "en": dict(heading="Add the account ending in 0001?", kept="Your password and your other accounts stay as they are",
               not_yet="which is not activated yet", set_password="set your password with the activation link",
               done="is on your online login", sign_in="Sign in"),
    "es": dict(heading="¿Agregar la cuenta que termina en 0001?", kept="Su contraseña y sus otras cuentas no cambian",
               not_yet="que todavía no está activado", set_password="cree su contraseña con el enlace de activación",
               done="ya está en su acceso en línea", sign_in="Iniciar sesión"),
}


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_add_link_of_a_login_not_yet_activated_speaks_of_no_password(no_csrf, client, session_factory, language):
    """A second account offered in the sign-up's conversation, before the first activation link was used:
    the login has no password yet, so the page never says "your password stays as it is", and after
    Add it says to set the password with the activation link rather than offering to sign in."""
    words = ADD_PAGE[language]
    first = add_registration(session_factory, add_member(session_factory, HOUSE))
    assert login(session_factory, first).password_hash is None
    well = add_registration(session_factory, add_member(session_factory, "4005550001"), status=PENDING,
                            login_id=login(session_factory, first).id)
    token = mint(session_factory, well, tokens.ADD)
    page = text_of(client.get(f"/add/{token}?lang={language}"))
    assert words["heading"] in page and words["not_yet"] in page and words["set_password"] in page, page
    assert words["kept"] not in page, page
    done = client.post(f"/add/{token}?lang={language}")
    assert done.status_code == 200 and registration(session_factory, well).status == ACTIVE
    main = done.get_data(as_text=True).split("<main")[1].split("</main>")[0]
    assert words["set_password"] in text_of(done) and "/login" not in main, main


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_add_link_of_an_activated_login_says_its_password_stays(client, session_factory, login_with_two, language):
    words = ADD_PAGE[language]
    house, _, _ = login_with_two
    _, token = _pending_addition(session_factory, house)
    page = text_of(client.get(f"/add/{token}?lang={language}"))
    assert words["kept"] in page and words["not_yet"] not in page, page
    assert words["sign_in"] in text_of(client.post(f"/add/{token}?lang={language}"))
