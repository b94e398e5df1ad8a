"""Attacks with what is printed on a bill, through the real web app, Rasa and action server.

The stack runs with the default ``COOPBOT_VERIFY_POLICY=phone``. The attacker
uses the web chat (through the web app, so its client address counts) and SMS
from numbers that are not on file; the member's phone on file receives the
one-time codes and notices in the outbox (no Twilio account: texts are JSON
files there), the member's mail arrives at the SMTP sink.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from backend.privacy.hashing import hash_answer, hash_password
from backend.storage.models import Lockout, Login, Member, Registration, VerificationAttempt, utcnow
from tests.support.stack import Stack, wait_until
from tests.support.web_chat import ATTACKER_EMAIL, GARZA, WebChat

pytestmark = pytest.mark.e2e

OBRIEN = {"account": "3005551212", "name": "O'Brien-Smith", "zip": "78701", "phone": "+15125550103"}
MULLER = {"account": "500123456789", "name": "Muller", "zip": "78130", "phone": "+15125550105"}
KELLER = {"account": "7203334445", "name": "Keller", "zip": "78130", "phone": "+15125550107"}
MEMBER_EMAIL = "maria.garza@example.com"
MEMBER_PASSWORD = "the member's own long passphrase"


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    with Stack(tmp_path_factory.mktemp("security-stack"), extra_env={
            "COOPBOT_VERIFY_POLICY": "phone",
            "COOPBOT_TRUSTED_PROXIES": "1",
        }) as instance:
        yield instance


def texts_to(stack, phone: str) -> list[str]:
    folder = Path(stack.settings.outbox_dir)
    found = []
    for path in sorted(folder.glob("*.json")) if folder.exists() else []:
        text = json.loads(path.read_text())
        if text["to"] == phone:
            found.append(text["body"])
    return found


def latest_code(stack, phone: str) -> str:
    return re.search(r"\b(\d{6})\b", [t for t in texts_to(stack, phone) if "your code is" in t][-1]).group(1)


def live(stack, account: str) -> list[Registration]:
    with stack.session() as session:
        member = session.scalar(select(Member).where(Member.account_number == account))
        return list(session.scalars(select(Registration).where(
            Registration.member_id == member.id, Registration.status.in_(("pending", "active")))))


def seed_active_member(stack, account: str = GARZA["account"], email: str = MEMBER_EMAIL) -> None:
    """The member registered earlier and set a password (state written the way activation leaves it); once per stack."""
    if live(stack, account):
        return
    with stack.session() as session:
        member = session.scalar(select(Member).where(Member.account_number == account))
        login = Login(email=email, security_question=2, security_answer_hash=hash_answer("Rex"),
                      password_hash=hash_password(MEMBER_PASSWORD), status="active", activated_at=utcnow())
        session.add(Registration(member_id=member.id, login=login, terms_version="2026-01",
                                 terms_accepted_at=utcnow(), status="active", activated_at=utcnow()))
        session.commit()


def member_signs_in(stack) -> bool:
    with httpx.Client(base_url=stack.web_url, timeout=30) as browser:
        page = browser.get("/login").text
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        response = browser.post("/login", data={"email": MEMBER_EMAIL, "password": MEMBER_PASSWORD,
                                                "csrf_token": token})
        return response.status_code == 303 and response.headers["location"].endswith("/account")


def test_delete_then_register_with_bill_data_fails_and_the_member_still_signs_in(stack):
    seed_active_member(stack)
    attacker = WebChat(stack)
    attacker.say("delete my online registration")
    attacker.say(GARZA["account"])
    attacker.say(GARZA["name"])
    reply = attacker.say(GARZA["zip"])
    assert "Choose Yes to delete" in reply  # the web chat's wording beside its buttons
    reply = attacker.say("yes")
    # The phone on file is not proven: the answer tells nothing of the login (docs/security.md,
    # "Who has a login: no oracle"); the link still goes to the address on file.
    assert "If this account has an online login, I sent a link to confirm deleting it" in reply
    assert "m***@e***.com" not in reply
    assert [r.email for r in live(stack, GARZA["account"])] == [MEMBER_EMAIL]
    confirm = stack.smtp.wait_for(lambda m: "Confirm deleting" in str(m["Subject"]))
    assert MEMBER_EMAIL in str(confirm["To"])

    again = WebChat(stack)
    again.say("I want to sign up for online access")
    again.say(GARZA["account"])
    again.say(GARZA["name"])
    again.say(ATTACKER_EMAIL)
    reply = again.say(GARZA["zip"])
    # Until the phone on file is proven the sign-up is answered as for an account with no login
    # (docs/security.md, "Who has a login: no oracle"): the code first, no address.
    assert "texted a 6-digit code" in reply and "0101" in reply
    assert "already has an online registration" not in reply and "m***@e***.com" not in reply
    reply = again.say(latest_code(stack, GARZA["phone"]))  # as the member who holds the phone would
    assert "already has an online registration" in reply and "m***@e***.com" in reply
    stack.smtp.wait_for(lambda m: "Reset your" in str(m["Subject"]) and MEMBER_EMAIL in str(m["To"]))
    assert stack.smtp.to(ATTACKER_EMAIL) == []
    assert [r.email for r in live(stack, GARZA["account"])] == [MEMBER_EMAIL]
    assert member_signs_in(stack)


def test_the_bill_without_the_phone_cannot_move_the_login_to_another_address(stack):
    seed_active_member(stack)
    codes_before = len(texts_to(stack, GARZA["phone"]))
    attacker = WebChat(stack)
    reply = attacker.say("Hi, I have a new email now and want the online login moved to it")
    assert "e-mail address of your online login" in reply
    attacker.say(GARZA["account"])
    attacker.say(GARZA["name"])
    reply = attacker.say(GARZA["zip"])
    assert "6-digit code" in reply and "0101" in reply  # the phone on file must be proven, as for a sign-up
    assert len(texts_to(stack, GARZA["phone"])) == codes_before + 1
    reply = attacker.say(ATTACKER_EMAIL)
    assert "code" in reply and "I sent a link" not in reply
    assert stack.smtp.to(ATTACKER_EMAIL) == []
    assert [r.email for r in live(stack, GARZA["account"])] == [MEMBER_EMAIL]
    assert member_signs_in(stack)


def test_one_time_code_over_the_web_chat_and_the_notice_to_the_phone_on_file(stack):
    chat = WebChat(stack)
    chat.say("sign me up")
    chat.say(OBRIEN["account"])
    chat.say("obrien smith")
    chat.say("sarah.obrien@example.com")
    reply = chat.say(OBRIEN["zip"])
    assert "texted a 6-digit code to the phone on file ending in 0103" in reply
    code = latest_code(stack, OBRIEN["phone"])
    wrong = "000000" if code != "000000" else "111111"
    assert "does not match" in chat.say(wrong)
    reply = chat.say(code)
    assert code not in reply and "code is right" in reply
    chat.say("1")
    chat.say("Kelly")
    reply = chat.say("yes")
    assert "spam" in reply.lower()
    stack.smtp.wait_for(lambda m: "sarah.obrien@example.com" in str(m["To"]) and "Activate" in str(m["Subject"]))
    # The notice is sent after the answer, like the mail: wait for it (bounded).
    wait_until(lambda: any("Not you?" in t for t in texts_to(stack, OBRIEN["phone"])), 30, "the notice text")
    notice = [t for t in texts_to(stack, OBRIEN["phone"]) if "Not you?" in t]
    assert "s***@e***.com" in notice[-1] and "Call member services" in notice[-1]
    # Proven through the phone on file: a NOTME (let alone a NO) from it cannot undo it.
    stack.sms_texts("NOTME", OBRIEN["phone"])
    assert [r.email for r in live(stack, OBRIEN["account"])] == ["sarah.obrien@example.com"]


def test_one_time_code_over_sms_from_another_phone(stack):
    phone = stack.new_phone()
    stack.sms_texts("I want to register", phone)
    stack.sms_texts(MULLER["account"], phone)
    stack.sms_texts(MULLER["name"], phone)
    stack.sms_texts("muller@example.com", phone)
    reply = " ".join(stack.sms_texts(MULLER["zip"], phone))
    assert "code" in reply and "0105" in reply
    reply = " ".join(stack.sms_texts(latest_code(stack, MULLER["phone"]), phone))
    assert "code is right" in reply
    stack.sms_texts("2", phone)
    stack.sms_texts("Bello", phone)
    assert "spam" in " ".join(stack.sms_texts("yes", phone)).lower()
    assert [r.email for r in live(stack, MULLER["account"])] == ["muller@example.com"]


def test_an_opt_out_the_attacker_caused_never_opens_the_bill_data_path(stack):
    """The attacker's codes make the member text STOP; the bill data still register nothing, and the
    member, after START, signs up by text from the phone on file (the text itself is the proof)."""
    peterson = {"account": "6001112223", "name": "Peterson", "zip": "78610", "phone": "+15125550107"}
    with stack.session() as session:
        session.scalar(select(Member).where(Member.account_number == peterson["account"])).phone = peterson["phone"]
        session.commit()
    attacker = WebChat(stack)
    attacker.say("sign me up")
    attacker.say(peterson["account"])
    attacker.say(peterson["name"])
    attacker.say(ATTACKER_EMAIL)
    assert "texted a 6-digit code to the phone on file ending in 0107" in attacker.say(peterson["zip"])
    assert "unsubscribed" in " ".join(stack.sms_texts("STOP", peterson["phone"]))  # the member opts out
    reply = attacker.say("send me a new code")
    assert "opted out of our texts" in reply and "START" in reply and "will be told" not in reply
    for attempt in ("yes", "1", "new code"):
        assert "spam" not in attacker.say(attempt).lower()
    assert live(stack, peterson["account"]) == []
    assert stack.smtp.to(ATTACKER_EMAIL) == []

    stack.sms_texts("START", peterson["phone"])
    stack.sms_texts("I want to register", peterson["phone"])
    stack.sms_texts(peterson["account"], peterson["phone"])
    stack.sms_texts(peterson["name"], peterson["phone"])
    stack.sms_texts("peterson@example.com", peterson["phone"])
    reply = " ".join(stack.sms_texts(peterson["zip"], peterson["phone"]))
    assert "code" not in reply.lower()
    stack.sms_texts("2", peterson["phone"])
    stack.sms_texts("Bello", peterson["phone"])
    assert "spam" in " ".join(stack.sms_texts("yes", peterson["phone"])).lower()
    assert [(r.email, r.possession) for r in live(stack, peterson["account"])] == [("peterson@example.com", "sms")]


def test_locked_unknown_and_wrong_name_get_the_same_answer(stack):
    lock_account = "7002223334"  # Lopez
    for index in range(5):
        chat = WebChat(stack)
        chat.say("sign up")
        chat.say(lock_account)
        chat.say("Lopez")
        chat.say("99999")
    told = WebChat(stack)
    told.say("sign up")
    told.say(lock_account)
    assert "paused after too many wrong answers" in told.say("Lopez")

    def first_answer(account: str, name: str) -> str:
        chat = WebChat(stack)
        chat.say("sign up")
        chat.say(account)
        return chat.say(name).replace(account, "<account>")

    locked = first_answer(lock_account, "Smithers")
    unknown = first_answer("7999999999", "Lopez")
    wrong_name = first_answer("9004445556", "Smithers")
    assert locked == unknown == wrong_name
    assert "could not match" in locked


def test_a_reset_through_the_account_lock_asks_the_zip_and_answers_a_wrong_one_as_a_right_one(stack):
    """Strangers' five wrong ZIPs lock Ortega's account (no phone on file). The member's "I forgot my
    password" still asks the ZIP; a wrong ZIP and the right one hear the same reply, which claims no
    mail and speaks of no sign-up, and only the right one's link reaches the address on file."""
    account, name, zip_code, owner = "1100015554", "Ortega", "78620", "ortega.owner@example.com"
    seed_active_member(stack, account, owner)
    for index in range(5):
        stranger = WebChat(stack)
        stranger.say("sign up")
        stranger.say(account)
        stranger.say(name)
        stranger.say(f"7869{index}")

    def reset(given: str) -> tuple[str, str]:
        chat = WebChat(stack)
        chat.say("I forgot my password")
        chat.say(account)
        return chat.say(name), chat.say(given)

    wrong_asked, wrong = reset("78699")
    right_asked, right = reset(zip_code)
    for asked in (wrong_asked, right_asked):
        assert "paused" not in asked and "ZIP code" in asked, asked
    assert wrong == right and "If what you sent matches the account, a link goes to" in right, right
    assert "unless one went out in the last few minutes" in right, right
    assert "sign" not in right.lower() and "paused" not in right
    # Queued, never delivered before the answer (the time taken tells nothing): the sender sends it.
    stack.smtp.wait_for(lambda mail: owner in str(mail["To"]), timeout=45)
    assert len(stack.smtp.to(owner)) == 1  # the right ZIP's link only
    told = WebChat(stack)  # a sign-up under the lock is still refused at the name
    told.say("sign up")
    told.say(account)
    assert "paused after too many wrong answers" in told.say(name)


def _a_day_passes(stack, account: str) -> None:
    """Move this account's recorded guesses and lock-outs 25 hours into the past (the clock moves on)."""
    shift = timedelta(hours=25)
    with stack.session() as session:
        member = session.scalar(select(Member).where(Member.account_number == account))
        for attempt in session.scalars(select(VerificationAttempt).where(VerificationAttempt.member_id == member.id)):
            attempt.created_at -= shift
        for lock in session.scalars(select(Lockout).where(Lockout.member_id == member.id)):
            lock.locked_at -= shift
            lock.locked_until -= shift
        session.commit()


def test_the_guess_budget_rolls_by_the_day_and_ten_wrong_in_a_month_keep_the_account_shut(stack):
    """A bill-holder guessing the ZIP from fresh chats: 5 a day, then 5 more the next day, then nothing."""
    account, name = "1100011110", "Kowalski"  # ZIP 78620; no phone on file

    def guess(zip_code: str) -> tuple[str, str]:
        chat = WebChat(stack)  # a fresh chat from a fresh address each time
        chat.say("sign up")
        chat.say(account)
        asked = chat.say(name)
        if "paused" in asked:
            return asked, ""
        asked = chat.say(ATTACKER_EMAIL)
        return asked, chat.say(zip_code)

    for _ in range(5):
        asked, answered = guess("99999")
        assert "ZIP" in asked and "paused" not in asked
    assert "paused after too many wrong answers" in guess("99999")[0]  # the day's 5 are spent

    _a_day_passes(stack, account)
    for _ in range(5):  # the next day: 5 more wrong guesses are heard ...
        asked, answered = guess("99999")
        assert "paused" not in asked
    _a_day_passes(stack, account)
    # ... and with 10 wrong in 30 days the account stays shut the day after, even for the right ZIP.
    asked, _ = guess("78620")
    assert "paused after too many wrong answers" in asked


def test_secrets_typed_in_the_wrong_place_are_refused_and_kept_nowhere(stack):
    """A whole SSN for the account number (an odd grouping), the texted code while the e-mail
    address is asked, and a new security answer inside a correction (docs/security.md)."""
    chat = WebChat(stack)
    chat.say("I want to sign up for online access")
    reply = chat.say("731 552 09 4")
    assert "whole Social Security" in reply and "account number" in reply and "09 4" not in reply
    reply = chat.say(f"acct {KELLER['account']} last name {KELLER['name']} zip {KELLER['zip']}")
    assert "texted a 6-digit code" in reply
    code = latest_code(stack, KELLER["phone"])
    reply = chat.say(f"{code[:3]} {code[3:]}")
    assert "code is right" in reply and "could not match" not in reply and code not in reply
    chat.say("jo.keller@example.com")
    chat.say("2")
    chat.say("Waldi")
    reply = chat.say("change my answer to Bello")
    assert "Bello" not in reply
    reply = chat.say("yes")
    assert "spam" in reply.lower()

    # (The bare code is looked for in the transcript only: six digits also occur in timestamps.)
    secrets = ("731 552 09 4", "731552094", "Waldi", "Bello", f"{code[:3]} {code[3:]}")
    with stack.session() as session:
        from backend.storage.models import Base, Conversation, TranscriptMessage

        conversation = session.scalars(select(Conversation).order_by(Conversation.id.desc())).first()
        assert conversation.account_number == KELLER["account"]
        transcript = " ".join(m.text for m in session.scalars(select(TranscriptMessage).where(
            TranscriptMessage.conversation_id == conversation.id)))
        rows = [str(value) for table in Base.metadata.sorted_tables
                for row in session.execute(select(table)) for value in row]
    at_rest = {"transcript": transcript, "app database": " ".join(rows), "logs": stack.logs()}
    at_rest["tracker store"] = " ".join(path.read_bytes().decode("latin-1")
                                        for path in (stack.workdir / "var").glob("rasa_tracker.db*"))
    for place, text in at_rest.items():
        for secret in secrets:
            assert secret.lower() not in text.lower(), (place, secret)
    assert code not in transcript


# Nine-digit account numbers (docs/security.md, "Nine digits: SSN or account number?").
OCHOA = {"account": "204567891", "name": "Ochoa", "zip": "78701", "phone": "+15125550111"}
NGUYEN = {"account": "318640275", "name": "Nguyen", "zip": "78702", "phone": "+15125550112"}
SSN_RUNS = {"731552094": "731552094", "986 543 210": "986543210"}  # as typed -> digits


def test_nine_digit_accounts_register_and_nine_digits_that_may_be_an_ssn_are_kept_nowhere(stack):
    """SSNs typed for the account number as one run and as 3-3-3 (they cannot be told from an
    account number) are checked and forgotten; members whose account numbers have nine digits
    register by chat and by SMS from the phone on file."""
    from backend.storage.models import Base, Conversation, TranscriptMessage
    from tests.support.at_rest import app_database_text, files_text, holds_digits

    stack.import_members([OCHOA, NGUYEN])
    chat = WebChat(stack)
    chat.say("I want to sign up for online access")
    reply = chat.say("731552094")
    assert "ending in 94" in reply and "2094" not in reply  # an SSN's last four, never
    reply = chat.say(OCHOA["name"])
    assert "could not match account ending in 94" in reply and "2094" not in reply
    assert "ending in 10" in chat.say("986 543 210")
    reply = chat.say(OCHOA["account"])  # checked with the name just tried, which matches
    assert "found account ending in 91 for Ochoa" in reply and OCHOA["account"][-4:] not in reply
    chat.say("ochoa@example.com")
    assert "texted a 6-digit code to the phone on file ending in 0111" in chat.say(OCHOA["zip"])
    assert "code is right" in chat.say(latest_code(stack, OCHOA["phone"]))
    chat.say("2")
    chat.say("Canela")
    assert "spam" in chat.say("yes").lower()
    assert [r.email for r in live(stack, OCHOA["account"])] == ["ochoa@example.com"]

    # By SMS from the phone on file (the text itself proves it), with an SSN as 3-3-3 first.
    phone = NGUYEN["phone"]
    stack.sms_texts("I want to register", phone)
    reply = " ".join(stack.sms_texts("731 552 094", phone))
    assert "ending in 94" in reply and "552" not in reply and "2094" not in reply
    stack.sms_texts(NGUYEN["account"], phone)
    assert "found account ending in 75 for Nguyen" in " ".join(stack.sms_texts(NGUYEN["name"], phone))
    stack.sms_texts("nguyen@example.com", phone)
    stack.sms_texts(NGUYEN["zip"], phone)
    stack.sms_texts("2", phone)
    stack.sms_texts("Canela", phone)
    assert "spam" in " ".join(stack.sms_texts("yes", phone)).lower()
    assert [r.email for r in live(stack, NGUYEN["account"])] == ["nguyen@example.com"]

    with stack.session() as session:
        # Staff see the number once it matched an account with its name, and no other.
        shown = set(session.scalars(select(Conversation.account_number)))
        assert {OCHOA["account"], NGUYEN["account"]} <= shown
        transcript = "\n".join(session.scalars(select(TranscriptMessage.text)))
        database = app_database_text(session, Base)
    at_rest = {"transcripts": transcript, "app database": database, "logs": stack.logs(),
               "tracker store": files_text((stack.workdir / "var").glob("rasa_tracker.db*"))}
    for place, text in at_rest.items():
        for digits in SSN_RUNS.values():
            assert not holds_digits(text, digits), (place, digits)
    # Nor their last four (an SSN's are the proof members give): replies showed two digits.
    for digits in SSN_RUNS.values():
        assert not re.search(rf"(?<!\d){digits[-4:]}(?!\d)", transcript), digits
