"""Conversation tests: whole conversations written in YAML, played through the real stack.

A file under tests/conversations/ holds a list of conversations. Each one is
what a member says, turn by turn, and what must happen::

    conversations:
      - name: terse texter registers
        persona: terse
        channel: sms            # sms (signed /sms, like Twilio) or chat (the web chat API)
        member: Aguilar         # a row of tests/conversations/members.csv
        turns:
          - say: register
            asked: account_number         # the question pending after this turn
          - say: "{account}"              # {account} {name} {zip} {last4} {email} {NAME} {EMAIL}
            asked: member_name
            reply_has: "{account}"        # text (or list of texts) the replies must contain
          - say: "{name}"
            reply_lacks: [sorry]          # ... and must not contain (case-insensitive)
          - say: STOP
            silent: false                 # true: no reply at all is expected
        outcome: registered       # the conversation's outcome slot at the end (null: none)
        mail: activation          # activation | password_reset | unsubscribed | add_account | email_confirm | none
        mail_to: "new.{email}"    # where that mail goes (default: the member's {email})
        secrets: [Rufus]          # never in a reply or the stored conversation
                                  # (the member's ZIP and last 4 are always checked)

A file may say ``needs: spanish_nlu`` at the top: its conversations need a model
trained on Spanish, and are skipped (with the reason) when data/nlu holds too little.
A conversation may say ``known_gap: <why>``: one the product does not pass yet. It is
still played and reported as an expected failure (XFAIL, or XPASS once it passes).

Every turn that gets an answer must end with a question or a clear close
(:func:`ends_well`), so a dead end fails whichever conversation reaches it. Every SMS
reply must be GSM-7 of at most two segments (the web chat's keep their accents). No turn may
loop (:func:`check_no_loop`): the same reply twice in one turn, more actions in one turn
than a turn ever needs, or Rasa's circuit breaker in its log fails the conversation.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import yaml

from backend.notify.consent import phone_key
from common.gsm import MAX_SEPTETS, is_gsm7, septets, to_gsm7
from tests.support.stack import Stack, twiml_texts
from webhook.chat import session_tokens

FOLDER = Path(__file__).resolve().parents[1] / "conversations"
MEMBERS_CSV = FOLDER / "members.csv"
TURN_KEYS = {"say", "asked", "reply_has", "reply_lacks", "silent"}
# Each mail's subject in every language a member may be answered in (a Spanish-speaking member
# gets the Spanish mail).
MAILS = {"activation": ("Activate", "Active su cuenta"), "password_reset": ("Reset", "Restablezca"),
         "unsubscribed": ("deleted", "Se eliminó su registro"),
         "add_account": ("Add another account", "Agregar otra cuenta"),
         "email_confirm": ("Confirm the new e-mail address", "Confirme la nueva direcci")}

# A reply ends a turn well when it asks something or closes clearly.
_CLOSES = re.compile(
    r"\?|\bReply\b|\b(?:Choose|Pick)\b|\bWrite to me\b|\b(?:send|text|call)\b|\bJust ask\b|\bGoodbye\b|\bwelcome\b|\bkeep going\b|"
    r"\bcontinue\b|\bregistered!|\bspam\b|\bsign in\b|\bstays as it is\b|\bis deleted\b|"
    r"\bunsubscribed\b|\bresubscribed\b|"
    # Spanish, read folded (SMS folds the letters GSM-7 lacks, the web chat keeps them: docs/languages.md)
    r"\bResponda\b|\bElija\b|\b(?:envie|envielo|llame|escriba|escribame)\b|\bpidamelo\b|\bsigamos\b|"
    r"\bsu registro esta listo\b|\bcon mucho gusto\b|\bhasta luego\b|\bse queda como esta\b|\bborramos\b|"
    r"\bya no recibira\b|\bvolvio a suscribirse\b",
    re.IGNORECASE,
)


def ends_well(text: str) -> bool:
    return bool(_CLOSES.search(to_gsm7(text)))


# Rasa stops a turn after 10 predicted actions (its circuit breaker, MAX_NUMBER_OF_PREDICTIONS):
# the longest turn of a well-behaved conversation takes far fewer.
MAX_ACTIONS_PER_TURN = 8
CIRCUIT_BREAKER = "Circuit breaker tripped"


def actions_in_latest_turn(tracker: dict[str, Any]) -> list[str]:
    """The actions Rasa ran for the latest member message (its listen and session start excluded)."""
    names: list[str] = []
    for event in reversed(tracker.get("events") or []):
        if event.get("event") == "user":
            break
        if event.get("event") == "action" and event.get("name") not in ("action_listen", "action_session_start"):
            names.append(event.get("name"))
    return names[::-1]


def check_no_loop(replies: list[str], tracker: dict[str, Any] | None) -> str | None:
    """Why this turn looped, or None: a reply repeated within the turn, or too many actions."""
    repeated = sorted({reply for reply in replies if replies.count(reply) > 1})
    if repeated:
        return f"a reply repeats itself within the turn: {repeated[0]!r}"
    if tracker is not None:
        actions = actions_in_latest_turn(tracker)
        if len(actions) > MAX_ACTIONS_PER_TURN:
            return f"{len(actions)} actions in one turn: {actions}"
    return None


def circuit_breaker_tripped(stack: Stack, sender: str) -> bool:
    """Did Rasa log its circuit breaker for this conversation?"""
    return any(CIRCUIT_BREAKER in line and sender in line
               for path in stack.log_dir.glob("rasa*.log")
               for line in path.read_text(errors="replace").splitlines())


@dataclass
class Member:
    account: str
    name: str
    zip: str
    last4: str

    @property
    def email(self) -> str:
        slug = re.sub(r"[^a-z]+", "", self.name.lower())[:12] or "member"
        return f"{slug}.{self.account[2:5]}@example.com"  # 3 digits: never a ZIP or a last 4

    def fill(self, text: str) -> str:
        return (text.replace("{account}", self.account).replace("{name}", self.name)
                .replace("{zip}", self.zip).replace("{last4}", self.last4).replace("{email}", self.email)
                .replace("{NAME}", self.name.upper()).replace("{EMAIL}", self.email.upper()))


def load_members(path: Path = MEMBERS_CSV) -> dict[str, Member]:
    with path.open(newline="") as handle:
        return {row["last_name_or_business"]: Member(row["account_number"], row["last_name_or_business"],
                                                     row["mailing_zip"], row["tax_id_last4"])
                for row in csv.DictReader(handle)}


def load_conversations(folder: Path = FOLDER) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for path in sorted(folder.glob("*.yml")):
        data = yaml.safe_load(path.read_text())
        for conversation in data["conversations"]:
            conversation["file"] = path.name
            conversation.setdefault("needs", data.get("needs"))
            found.append(conversation)
    return found


def _texts(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


class Line:
    """One member talking to the stack over one channel."""

    def __init__(self, stack: Stack, channel: str):
        self.stack = stack
        self.channel = channel
        secret = stack.settings.secret_key
        if channel == "sms":
            self.phone = stack.new_phone()
            self.sender = phone_key(secret, self.phone)
        elif channel == "chat":
            response = httpx.post(stack.web_url + "/chat/api/session", timeout=10)
            response.raise_for_status()
            self.token = response.json()["token"]
            key = stack.settings.session_key  # chat tokens are signed with the session key
            self.sender = session_tokens.sender_id(key, session_tokens.session_id(key, self.token))
        else:
            raise ValueError(f"unknown channel {channel!r}")

    def say(self, text: str) -> list[str]:
        if self.channel == "sms":
            response = self.stack.sms(text, from_=self.phone)
            response.raise_for_status()
            return twiml_texts(response.text)
        response = httpx.post(self.stack.web_url + "/chat/api/messages", json={"text": text},
                              headers={"Authorization": f"Bearer {self.token}"}, timeout=60)
        response.raise_for_status()
        return [reply["text"] for reply in response.json()["replies"]]

    def tracker(self) -> dict[str, Any]:
        response = httpx.get(f"{self.stack.rasa_url}/conversations/{quote(self.sender, safe='')}/tracker",
                             params={"token": self.stack.settings.rasa_token}, timeout=10)
        response.raise_for_status()
        return response.json()


def play(stack: Stack, conversation: dict[str, Any], members: dict[str, Member]) -> None:
    """Play one conversation; fail with the whole exchange so far when something is off."""
    member = members[conversation["member"]] if conversation.get("member") else Member("", "", "", "")
    line = Line(stack, conversation.get("channel", "sms"))
    transcript: list[str] = []

    def fail(why: str) -> None:
        raise AssertionError(f"[{conversation['file']}] {conversation['name']}: {why}\n" + "\n".join(transcript))

    for number, turn in enumerate(conversation["turns"], start=1):
        unknown = set(turn) - TURN_KEYS
        if unknown:
            fail(f"turn {number}: unknown keys {sorted(unknown)} (a comma in an unquoted text?)")
        said = member.fill(str(turn["say"]))
        replies = line.say(said)
        transcript.append(f"  member: {said}")
        transcript.extend(f"  bot:    {reply}" for reply in replies)
        joined = "\n".join(replies)
        looped = check_no_loop(replies, line.tracker() if replies else None)
        if looped:
            fail(f"turn {number}: {looped}")
        if turn.get("silent"):
            if replies:
                fail(f"turn {number}: expected no reply")
            continue
        if not replies:
            fail(f"turn {number}: no reply")
        if line.channel == "sms" and not all(is_gsm7(reply) and septets(reply) <= MAX_SEPTETS for reply in replies):
            fail(f"turn {number}: a text is not GSM-7 of at most two segments")
        if not ends_well(replies[-1]):
            fail(f"turn {number}: the turn ends without a question or a clear close")
        for text in _texts(turn.get("reply_has")):
            if member.fill(text).lower() not in joined.lower():
                fail(f"turn {number}: no {member.fill(text)!r} in the reply")
        for text in _texts(turn.get("reply_lacks")):
            if member.fill(text).lower() in joined.lower():
                fail(f"turn {number}: {member.fill(text)!r} in the reply")
        if "asked" in turn:
            asked = line.tracker()["slots"].get("requested_slot")
            if asked != turn["asked"]:
                fail(f"turn {number}: asked {asked!r}, expected {turn['asked']!r}")

    tracker = line.tracker()
    if circuit_breaker_tripped(stack, line.sender):
        fail("Rasa's circuit breaker tripped (the dialogue predicted actions in a loop)")
    if "outcome" in conversation and tracker["slots"].get("outcome") != conversation["outcome"]:
        fail(f"outcome {tracker['slots'].get('outcome')!r}, expected {conversation['outcome']!r}")
    _check_secrets(conversation, member, transcript, tracker, fail)
    _check_mail(stack, conversation, member, fail)


def _check_secrets(conversation, member: Member, transcript: list[str], tracker: dict, fail) -> None:
    secrets = [member.fill(s) for s in _texts(conversation.get("secrets"))]
    secrets += [s for s in (member.zip[:5], member.last4) if s]
    bot_text = "\n".join(line for line in transcript if line.startswith("  bot:"))
    stored = [str(e.get("text") or "") for e in tracker.get("events", []) if e.get("event") in ("user", "bot")]
    stored += [str(v) for v in (tracker.get("slots") or {}).values()]
    for secret in secrets:
        pattern = re.compile(rf"(?<![\w]){re.escape(secret)}(?![\w])")
        if pattern.search(bot_text):
            fail(f"a reply repeats the secret {secret!r}")
        if any(pattern.search(text) for text in stored):
            fail(f"the stored conversation holds the secret {secret!r}")


def _check_mail(stack: Stack, conversation, member: Member, fail) -> None:
    kind = conversation.get("mail")
    if kind is None:
        return
    address = member.fill(str(conversation.get("mail_to") or "{email}")).lower()
    if kind == "none":
        if stack.smtp.to(address):
            fail(f"unexpected mail to {address}")
        return
    subjects = MAILS[kind]
    try:
        stack.smtp.wait_for(lambda m: address in str(m["To"]).lower()
                            and any(subject in str(m["Subject"]) for subject in subjects), timeout=20)
    except TimeoutError:
        fail(f"no {kind} mail arrived at {address}")
