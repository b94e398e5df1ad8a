"""One SMS conversation that registers, activates, deletes and registers again, against the real backend.

Used by the action tests of a member who deletes the online access and signs up again in the same
conversation: the mails are read from the backend's outbox as the member reads them, the links
opened as the web pages open them (``backend.accounts.online_access``).
"""

from __future__ import annotations

import re

from backend.accounts import online_access
from tests.support.action_conversation import Conversation, joined
from tests.support.backend_helpers import ACTIVATE_LINK, LOGIN_PASSWORD, outbox_mails, parts, wait_for

DELETE_LINK = re.compile(r"/delete/([A-Za-z0-9_-]{40,})")
ACCOUNT, NAME, ZIP, EMAIL = "1001234567", "Garza", "78620", "g@example.com"
# What the member answers to each question of a flow (the Terms and the deletion: yes).
ANSWERS = {
    "en": {"account_number": ACCOUNT, "member_name": NAME, "email": EMAIL, "identity_proof": ZIP,
           "security_question": "2", "security_answer": "Rex", "terms_accepted": "yes",
           "confirm_unsubscribe": "yes"},
    "es": {"account_number": ACCOUNT, "member_name": NAME, "email": EMAIL, "identity_proof": ZIP,
           "security_question": "2", "security_answer": "Rex", "terms_accepted": "sí",
           "confirm_unsubscribe": "sí"},
}
WORDS = {
    "en": {"register": "sign up", "delete": "please delete my online access",
           "again": "I deleted it. Now I wish to register again please"},
    "es": {"register": "quiero registrarme", "delete": "por favor borre mi registro en linea",
           "again": "ya lo borré. ahora quiero registrarme otra vez"},
}


def mails_to(backend, address: str = EMAIL) -> list:
    return [mail for mail in outbox_mails(backend.settings.outbox_dir) if mail["To"] == address]


def links_in(backend, pattern: re.Pattern, address: str = EMAIL) -> list[str]:
    """The tokens of every link of ``pattern`` mailed to ``address`` so far, oldest first."""
    return [match.group(1) for mail in mails_to(backend, address) for match in [pattern.search(parts(mail)[0])]
            if match]


def answer_until_done(chat: Conversation, language: str, turns: int = 12) -> tuple[list[str], list[str]]:
    """Answer whatever the form asks (``ANSWERS``) until the flow ends; the questions asked, in order,
    and every reply. Stops after ``turns`` answers: a flow that asks on and on is a loop."""
    asked, replies = [], []
    for _ in range(turns):
        pending = chat.slots.get("requested_slot") if chat.active_loop else None
        if not pending:
            break
        asked.append(pending)
        replies += chat.form_turn(ANSWERS[language][pending])
        if chat.active_loop is None and _hands_back_to_the_form(chat):
            replies += chat.follow_up_form()  # as Rasa runs the form an action followed up with
    return asked, replies


def _hands_back_to_the_form(chat: Conversation) -> bool:
    """Did an action since the member's latest message follow up with the form?"""
    last_user = max(i for i, event in enumerate(chat.events) if event.get("event") == "user")
    return any(event.get("event") == "followup" and event.get("name") == "registration_form"
               for event in chat.events[last_user:])


def arrived(backend, pattern: re.Pattern, count: int) -> list[str]:
    """The tokens of ``pattern`` once ``count`` of them arrived: the API delivers its mails once its
    answer is sent."""
    return wait_for(lambda: len(links_in(backend, pattern)) >= count and links_in(backend, pattern))


def activate_latest(backend, count: int = 1) -> None:
    """The member opens the latest activation link (the ``count``-th mailed) and sets a password."""
    token = arrived(backend, ACTIVATE_LINK, count)[-1]
    with backend.session() as session:
        assert online_access.activate(session, token, LOGIN_PASSWORD, backend.settings).state == online_access.ACTIVATED
        session.commit()


def delete_by_latest_link(backend, count: int = 1) -> str:
    """The member opens the latest "confirm deleting" link (the ``count``-th mailed) and presses
    Delete; the link's state."""
    token = arrived(backend, DELETE_LINK, count)[-1]
    with backend.session() as session:
        state = online_access.delete_by_link(session, token).state
        session.commit()
    return state


def registered_and_activated(backend, language: str) -> Conversation:
    """A member signs up by SMS (every question answered) and activates the login."""
    chat = Conversation(language=language, channel="sms")
    chat.start(WORDS[language]["register"])
    answer_until_done(chat, language)
    assert chat.slots["outcome"] == "registered"
    activate_latest(backend)
    return chat


def asks_to_delete(chat: Conversation, language: str) -> str:
    """The member asks to delete the online access; the replies of that message, joined."""
    return joined(chat.message(WORDS[language]["delete"], intent="unregister"))
