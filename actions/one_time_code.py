"""The one-time-code sub-flow of the registration form: possession of the phone on file.

After the ZIP / last 4 (or the name, when the code unlocks a locked account) the
backend may text a six-digit code; the form then asks for it
(``CODE_SLOT``), reads it at any step while it is outstanding, sends a new
one when the member says it did not come, and says plainly why no code can be
sent. The code itself is kept out of the record (``turn.redact``).
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet

from actions import messages
from actions.answers import NO_TEXTS, NOT_ARRIVED, PHONE_GONE, asks_for_time, code_trouble, gives_a_phone_number
from actions.backend_client import client, coop_config
from actions.form_turn import LOCKED_OUT, FormTurn, already_registered, failure_counts, is_second_failure, lock
from actions.language import language_of
from actions.patterns import CODE_AT_ITS_STEP_RE, CODE_RE
from actions.same_address import LOGIN_GONE, login_gone
from actions.tracker_reading import CODE_SLOT, FORM, last_value_held, latest_intent, latest_text
from common.secret_shapes import grouped_numbers

UNLOCK = "unlock"
# The ``failures`` entry that says a code the member did not get was sent once more: the next
# "it did not come" is for member services (a code that cannot arrive is not sent again and again).
CODE_RESENT = "one_time_code_resent"
_SIX_DIGITS_RE = re.compile(r"\d{6}")


def new_code_asked_after_the_stop(tracker: Tracker) -> list[EventType] | None:
    """Outside a flow that stopped at the texted code (the codes' hourly limit was reached, or a lock
    has since ended; its answers kept, the phone not yet proven), does the message ask for a new code
    ("send a new code", "mándeme otro código", NEW CODE)? Then the events that take the sign-up up at
    the code: the form reads the request there as at the code step, so a code goes out if the
    backend's budgets allow it, else the limit's reply again (the backend counts every send). None
    otherwise. A lock that still lasts is answered before this (``lock_state.answer_while_locked``)."""
    if (tracker.active_loop.get("name") == FORM or tracker.get_slot("outcome") != LOCKED_OUT
            or tracker.get_slot("code_pending") not in (True, UNLOCK) or tracker.get_slot(CODE_SLOT) == "verified"
            or not tracker.get_slot("account_number") or code_trouble(latest_text(tracker)) != NOT_ARRIVED):
        return None
    goal = last_value_held(tracker, "goal") or "register"  # the stop emptied it; the flow goes on as it was
    return [SlotSet("goal", goal), SlotSet("outcome", None), SlotSet("requested_slot", CODE_SLOT), FollowupAction(FORM)]


def with_code(required: list[str], code_pending: Any) -> list[str]:
    """Ask the one-time code next whenever one was texted: right after the name, before any
    step still unanswered. A code is only texted once the account is matched (and the ZIP /
    last 4 checked, unless it unlocks a locked account), and the reply that texts it asks
    for it; a proof given early ("78613" at the e-mail question) must not leave the e-mail
    question in that same reply too (one question per turn): the e-mail is asked after it."""
    if code_pending and "member_name" in required and CODE_SLOT not in required:
        required.insert(required.index("member_name") + 1, CODE_SLOT)
    return required


def code_outstanding(turn: FormTurn) -> bool:
    """A code was texted and is not verified yet: six digits at any step are read as that code."""
    return bool(turn.extra("code_pending")) and turn.get(CODE_SLOT) != "verified"


async def send_code(turn: FormTurn, expired: bool = False, asked_again: bool = False) -> bool:
    """Possession of the phone on file: text a code, or say plainly why not (bill data stands).

    ``asked_again``: the member says the code did not come. Within seconds of the last
    text the backend keeps that code (it may still be on its way), so the reply promises
    no new one. Returns whether a code was texted just now."""
    config = await coop_config()
    result = await client().send_code(turn.conversation_id, language=language_of(turn.tracker))
    unlock = turn.extra("code_pending") == UNLOCK
    if result.result == "code_sent":
        turn.updates["code_pending"] = UNLOCK if unlock else True
        turn.set(CODE_SLOT, None)
        if result.repeated:
            # Asked again within seconds of the last code: nothing new went out, none is promised.
            turn.notes.append(messages.code_just_sent(result.phone_masked))
        elif result.channel == "call":
            turn.notes.append(messages.code_called(result.phone_masked))
        elif asked_again:
            turn.notes.append(messages.code_asked_again(result.phone_masked))
        elif expired:
            turn.notes.append(messages.code_expired_resent(result.phone_masked))
        else:
            turn.notes.append(messages.code_sent(result.phone_masked))
    elif result.result == "locked":
        turn.updates["code_pending"] = False
        await lock(turn, result)
    elif result.result == "too_many_codes":
        turn.problems.append(messages.too_many_codes(config))
        turn.updates["outcome"] = LOCKED_OUT
        turn.end_flow = True
    elif result.result == "no_phone_on_file":
        turn.updates["code_pending"] = False  # nothing to prove: the bill data stands
    elif result.result == "call_member_services":
        # No channel to the phone on file works: never the bill data alone, a person checks.
        turn.problems.append(messages.code_no_channel(config))
        turn.updates["outcome"] = "human_requested"
        turn.end_flow = True
    else:  # phone_opted_out, code_unavailable: nothing settled, the code is still asked
        turn.set(CODE_SLOT, None)
        if result.result == "phone_opted_out":
            turn.updates["code_pending"] = UNLOCK if unlock else "opted_out"
            turn.notes.append(messages.code_phone_opted_out(result.phone_masked, config))
        else:
            turn.updates["code_pending"] = UNLOCK if unlock else "retry"
            turn.notes.append(messages.code_unavailable(config))
    return result.result == "code_sent" and not result.repeated


async def unlock_code(turn: FormTurn, result) -> bool:
    """A locked account with a phone on file: offer the code that unlocks it."""
    sent = await client().send_code(turn.conversation_id, language=language_of(turn.tracker))
    if sent.result != "code_sent":
        return False
    turn.updates["code_pending"] = UNLOCK
    turn.set(CODE_SLOT, None)
    turn.problems.append(messages.locked_code_sent(sent.phone_masked))
    return True


async def read_code(turn: FormTurn, text: str) -> str:
    """The code in ``text`` checked with the backend, or why there is none answered. Returns what
    else the message says once the code is verified ("Code is 003840. My email is ..."): the text
    without the code, whose digits are never read as anything else; "" otherwise."""
    match = _code_at_its_step(text)
    if not match:
        trouble = code_trouble(text, latest_intent(turn.tracker)[0])
        if trouble == NOT_ARRIVED:
            await _not_arrived(turn)
            return ""
        if trouble in (PHONE_GONE, NO_TEXTS):
            # "I don't have that phone anymore": no try counted; member services can update the
            # phone on file, and the answers so far wait for the member's next text. "It's a
            # landline": NEW CODE calls it when a text could not reach it (``code_called``).
            config = await coop_config()
            turn.notes.append(messages.phone_not_theirs(config) if trouble == PHONE_GONE
                              else messages.code_no_texts(config))
            _wait_for_the_code(turn)
            return ""
        if turn.extra("code_pending") in (True, UNLOCK) and asks_for_time(text):
            # "ese phone es del owner, dejame le pregunto": the code is being fetched. A patient
            # reply, no try counted.
            turn.notes.append(messages.code_wait())
            _wait_for_the_code(turn)
            return ""
        turn.fail(CODE_SLOT, messages.bad_code(is_second_failure(turn, CODE_SLOT)))
        turn.set(CODE_SLOT, None)
        return ""
    turn.redact = True
    result = await client().verify_code(turn.conversation_id, re.sub(r"\D", "", match.group(0)),
                                        language=language_of(turn.tracker))
    if result.result == "verified":
        turn.set(CODE_SLOT, "verified")
        turn.notes.append(messages.code_ok())
        if ((turn.extra("goal") or "register") == "register"
                and login_gone(turn.tracker, turn.get("account_number"), result.registration_status)):
            # Told only now: the login this conversation made for this account is gone (deleted on the
            # account page), so the security question is asked before the Terms (``same_address.login_gone``).
            turn.updates["outcome"] = LOGIN_GONE
        if (result.registration_status == "active" and (turn.extra("goal") or "register") == "register"
                and turn.extra("code_pending") != UNLOCK):
            # Told only now that the phone on file is proven: the account already has a login. (A code
            # that unlocks the account comes before the ZIP; the ZIP's answer tells it then.)
            await already_registered(turn)
        # Every copy of the code is cut out ("123456 123456" pasted twice): none is read as anything else.
        return (text[:match.start()] + " " + text[match.end():]).replace(match.group(0), " ").strip()
    if result.result == "mismatch":
        turn.set(CODE_SLOT, None)
        turn.fail(CODE_SLOT, messages.code_mismatch(result.attempts_left))
    elif result.result == "expired":
        turn.set(CODE_SLOT, None)
        await send_code(turn, expired=True)
    elif result.result == "locked":
        await lock(turn, result)
    else:  # not_verified: the backend no longer holds what this conversation proved
        for slot in ("member_name", "identity_proof", CODE_SLOT):
            turn.set(slot, None)
        turn.updates["code_pending"] = False
        turn.fail("member_name", messages.verify_first("code"))
    return ""


def _code_at_its_step(text: str) -> re.Match | None:
    """The code typed at its question: six digits standing alone (3-3, or digit by digit as read off a
    screen), never part of a longer number ("512-555-0999" holds no "512555"), and none at all in a
    message holding a phone number: it speaks of the phone, and no guess is checked or counted."""
    if gives_a_phone_number(text):
        return None
    for start, end, _groups in grouped_numbers(text):
        match = CODE_RE.fullmatch(text, start, end) or CODE_AT_ITS_STEP_RE.fullmatch(text, start, end)
        if match:
            return match
        for piece in re.finditer(r"\S+", text[start:end]):  # "123456 123456": the code pasted twice
            match = _SIX_DIGITS_RE.fullmatch(text, start + piece.start(), start + piece.end())
            if match:
                return match
    return None


def _wait_for_the_code(turn: FormTurn) -> None:
    """The reply said what to do about the code: no try counted, and re-setting ``code_pending``
    keeps the code question from following it."""
    turn.updates["code_pending"] = turn.extra("code_pending")
    turn.set(CODE_SLOT, None)


async def _not_arrived(turn: FormTurn) -> None:
    """ "I never got the code", "no me llega el código", NEW CODE: a texted code is sent once more;
    when that one did not come either, member services can check the phone on file (no more codes
    are sent; one that comes late still works). Where no code went out (the phone opted out, the
    text failed), NEW CODE simply tries to send one."""
    if turn.extra("code_pending") not in (True, UNLOCK):
        await send_code(turn, asked_again=True)
        return
    failures = failure_counts(turn)
    if failures.get(CODE_RESENT):
        turn.notes.append(messages.code_not_arrived(await coop_config()))
        _wait_for_the_code(turn)
        return
    if await send_code(turn, asked_again=True):  # texted again (not seconds after the last, not opted out)
        turn.updates["failures"] = {**failures, CODE_RESENT: 1}
