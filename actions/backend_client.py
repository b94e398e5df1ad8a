"""The one module that talks HTTP to the registration backend API (backend/api/openapi.yaml).

Actions read as conversation logic; the URLs, the API key header, timeouts and
error handling live here. Every failure to reach the backend (connection
refused, timeout, 5xx, unexpected answer) becomes :class:`BackendUnavailable`,
which the actions turn into a polite "try again later" with the support number.

Secrets (ZIP, SSN/TIN last 4, security answer) are sent once, in a request
body, and never logged: this module logs only paths and status codes.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from dataclasses import dataclass, field
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import httpx

from actions import settings
from common import account_refs

log = logging.getLogger(__name__)

TIMEOUT = httpx.Timeout(10.0, connect=3.0)
# ``make bench`` sets COOPBOT_TIMING=1: each API call then logs its round trip
# (path and milliseconds only), read back by the bench from the action server's log.
TIMING = settings.timing()
CONFIG_TTL_SECONDS = 300


class BackendUnavailable(Exception):
    """The backend API could not answer (down, slow, or an unexpected reply)."""


@dataclass(frozen=True)
class CoopConfig:
    """Co-op facts from ``GET /api/config`` (defaults used only if the backend is down)."""

    coop_name: str = "your electric co-op"
    support_phone: str = "member services"
    support_hours: str = ""
    # The hours as said in each language (``support_hours_by_language`` of ``GET /api/config``):
    # the operator's own wording or the default's translation (backend.notify.support_hours).
    support_hours_by_language: Mapping[str, str] = field(default_factory=dict)
    terms_url: str = "/terms"
    login_url: str = "/login"
    mail_from: str = ""
    sms_number: str = ""  # the co-op's texting number (empty without Twilio)
    terms_version: str = ""
    # The answer rule is the backend's (``GET /api/config`` is its only source here). Offline
    # no answer can be stored, so the neutral default (any non-empty answer) is never what a
    # member is held to. The questions themselves are ``common.security_questions``.
    min_answer_length: int = 1
    # The facts the co-op accepts after the account number and name (COOPBOT_PROOFS, the
    # backend's setting): "zip", "ssn", "meter". Offline: the contract's default.
    proofs: tuple[str, ...] = ("zip", "ssn")
    # How long an activation link works (COOPBOT_ACTIVATION_TTL_HOURS, the backend's setting).
    activation_ttl_hours: int = 24

    def hours_in(self, language: str) -> str:
        """Member services' hours in ``language`` (the configured text where none is given for it)."""
        return self.support_hours_by_language.get(language) or self.support_hours


@dataclass(frozen=True)
class CheckResult:
    """Answer of the identity steps: match | no_match | verified | mismatch | locked."""

    result: str
    attempts_left: int | None = None
    locked_until: str | None = None
    registration_status: str | None = None
    email_masked: str | None = None
    lock_scope: str | None = None
    unlock: str | None = None
    possession: str | None = None
    phone_masked: str | None = None
    channel: str | None = None  # with code_sent: "sms" or "call"
    repeated: bool = False  # with code_sent: the code sent moments ago stands, nothing new went out
    name_on_file: str | None = None  # with match: the member file's spelling of the name typed (case, accents)
    proof_method: str | None = None  # with a held proof's check: "zip" or "last4"


@dataclass(frozen=True)
class StoredAnswer:
    """Answer of PUT /security-answer: the result and the earlier messages that hold the answer."""

    result: str
    redact: tuple[str, ...] = ()


@dataclass(frozen=True)
class RegistrationResult:
    """Answer of the registration steps (created, already_registered, sent, ...)."""

    result: str
    email_masked: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class HandoffResult:
    """Answer of ``POST /api/handoffs``: the result, and outside staffed hours when staff are back."""

    result: str
    back_weekday: int | None = None  # 0 = Monday, in the co-op's zone
    back_time: str | None = None  # "HH:MM" in the co-op's zone


class BackendClient:
    """Typed calls to the backend API for one conversation at a time."""

    def __init__(self, base_url: str, api_key: str, transport: httpx.AsyncBaseTransport | None = None):
        self._base = base_url.rstrip("/") + "/api"
        self._headers = {"X-Coopbot-Api-Key": api_key}
        self._transport = transport
        self._http: httpx.AsyncClient | None = None
        self._http_loop: asyncio.AbstractEventLoop | None = None

    def _client(self) -> httpx.AsyncClient:
        """One pooled client per event loop (the action server has one): no new connection per call."""
        loop = asyncio.get_running_loop()
        if self._http is None or self._http_loop is not loop or self._http.is_closed:
            self._http = httpx.AsyncClient(
                timeout=TIMEOUT, headers=self._headers, transport=self._transport,
                # An idle connection is dropped after 1 s, before the API's gunicorn closes it (its
                # keep-alive is 2 s): a call sent on a connection the server is closing fails with a
                # ReadError, and the member heard "cannot reach our sign-up system".
                limits=httpx.Limits(max_connections=50, max_keepalive_connections=20, keepalive_expiry=1.0),
            )
            self._http_loop = loop
        return self._http

    @classmethod
    def from_settings(cls) -> "BackendClient":
        return cls(settings.backend_url(), settings.api_key())

    async def _request(self, method: str, path: str, json: dict | None = None) -> dict:
        url = self._base + path
        started = time.perf_counter()
        try:
            response = await self._client().request(method, url, json=json)
            if TIMING:
                log.info("coopbot-timing backend_api %s %s %.2f ms", method, path.split("/")[1],
                         (time.perf_counter() - started) * 1000)
        except httpx.HTTPError as exc:
            log.warning("backend %s %s failed: %s", method, path.split("/")[1], exc.__class__.__name__)
            raise BackendUnavailable(str(exc.__class__.__name__)) from exc
        if response.status_code == 409 and _error_code(response) == "security_answer_required":
            # A sign-up with no security answer whose address signs in no live login this
            # conversation made (it was deleted since): the question is asked, nothing has lapsed.
            return {"result": "answer_required"}
        if response.status_code == 409:
            # "not_verified": the conversation has not proven what this step needs.
            return {"result": "not_verified"}
        if response.status_code == 400 and _error_code(response) == "invalid_email":
            # The backend refused the address (``common.normalise.email``, the check the dialogue
            # reads addresses with): the conversation asks for another one, nothing is lost.
            return {"result": "invalid_email"}
        if response.status_code >= 400:
            log.warning("backend %s %s answered %s", method, path.split("/")[1], response.status_code)
            raise BackendUnavailable(f"HTTP {response.status_code}")
        try:
            data = response.json()
        except ValueError as exc:
            raise BackendUnavailable("not JSON") from exc
        if not isinstance(data, dict):
            raise BackendUnavailable("unexpected reply")
        return data

    # --- co-op facts -------------------------------------------------------
    async def config(self) -> CoopConfig:
        data = await self._request("GET", "/config")
        known = {k: v for k, v in data.items() if k in CoopConfig.__dataclass_fields__ and v is not None}
        if not isinstance(known.get("support_hours_by_language", {}), dict):
            known.pop("support_hours_by_language")
        if "proofs" in known:
            known["proofs"] = tuple(str(proof) for proof in known["proofs"]) or CoopConfig.proofs
        return CoopConfig(**known)

    # --- identity ------------------------------------------------------------
    async def account_reference(self, account_number: str) -> str:
        """The keyed reference the dialogue keeps for a number that could be an SSN (common.account_refs)."""
        data = await self._request("POST", "/identity/account/reference", {"account_number": account_number})
        ref = data.get("account_ref")
        if not account_refs.is_reference(ref):
            raise BackendUnavailable("unexpected reply")
        return ref

    async def check_account(self, conversation_id: str, account_number: str, name: str, *,
                            language: str | None = None) -> CheckResult:
        """``account_number``: the number, or its reference (sent as ``account_ref``)."""
        field = "account_ref" if account_refs.is_reference(account_number) else "account_number"
        data = await self._request(
            "POST",
            "/identity/account",
            _with_language({"conversation_id": conversation_id, field: account_number, "name": name},
                           language),
        )
        return _check(data)

    async def verify_identity(self, conversation_id: str, *, zip_code: str | None = None,
                        tax_id_last4: str | None = None, meter_number: str | None = None,
                        language: str | None = None) -> CheckResult:
        body: dict[str, str] = _with_language({"conversation_id": conversation_id}, language)
        if zip_code:
            body["zip"] = zip_code
        if tax_id_last4:
            body["tax_id_last4"] = tax_id_last4
        if meter_number:
            body["meter_number"] = meter_number
        return _check(await self._request("POST", "/identity/verify", body))

    async def hold_proof(self, conversation_id: str, *, zip_code: str | None = None,
                         tax_id_last4: str | None = None, language: str | None = None) -> CheckResult:
        """A ZIP / last 4 that came with an account number and name that did not match: held (sealed,
        minutes) for a corrected account number. held."""
        body: dict[str, str] = _with_language({"conversation_id": conversation_id}, language)
        if zip_code:
            body["zip"] = zip_code
        if tax_id_last4:
            body["tax_id_last4"] = tax_id_last4
        return _check(await self._request("POST", "/identity/hold", body))

    async def verify_held(self, conversation_id: str, *, language: str | None = None) -> CheckResult:
        """The held proof checked with the account and name matched since: as verify_identity, with
        ``proof_method``; or none_held."""
        return _check(await self._request("POST", "/identity/verify-held",
                                          _with_language({"conversation_id": conversation_id}, language)))

    async def send_code(self, conversation_id: str, *, language: str | None = None) -> CheckResult:
        """Send a one-time code to the phone on file: code_sent (channel sms | call) | phone_opted_out |
        call_member_services | code_unavailable | no_phone_on_file | too_many_codes."""
        return _check(await self._request("POST", "/identity/code",
                                          _with_language({"conversation_id": conversation_id}, language)))

    async def verify_code(self, conversation_id: str, code: str, *, language: str | None = None) -> CheckResult:
        """verified | mismatch (attempts_left) | expired | locked | not_verified."""
        return _check(await self._request("POST", "/identity/code/verify",
                                          _with_language({"conversation_id": conversation_id, "code": code},
                                                         language)))

    async def store_security_answer(self, conversation_id: str, question: int, answer: str, *,
                                    language: str | None = None,
                                    earlier: list[tuple[str, str]] | None = None) -> StoredAnswer:
        """stored | too_short | not_verified. ``earlier``: the conversation's earlier member messages
        (message_id, text); those holding the answer come back in ``redact``."""
        body = {"conversation_id": conversation_id, "question": question, "answer": answer}
        if earlier:
            body["messages"] = [{"message_id": message_id, "text": text} for message_id, text in earlier]
        data = await self._request("PUT", "/security-answer", _with_language(body, language))
        redact = data.get("redact")
        return StoredAnswer(str(data.get("result", "")),
                            tuple(str(item) for item in redact) if isinstance(redact, list) else ())

    async def answer_mentioned(self, conversation_id: str, text: str) -> bool:
        """Does ``text``, sent after the answer was stored, hold the answer (the backend compares)?"""
        data = await self._request("POST", "/security-answer/mentions",
                                   {"conversation_id": conversation_id, "text": text})
        return data.get("mentions") is True

    # --- registration --------------------------------------------------------
    async def register(self, conversation_id: str, email: str, terms_accepted: bool, *,
                       language: str | None = None) -> RegistrationResult:
        return _registration(await self._request(
            "POST",
            "/registrations",
            _with_language({"conversation_id": conversation_id, "email": email, "terms_accepted": terms_accepted},
                           language),
        ))

    async def resend(self, conversation_id: str, *, language: str | None = None) -> RegistrationResult:
        return _registration(await self._request("POST", "/registrations/resend",
                                                 _with_language({"conversation_id": conversation_id}, language)))

    async def password_reset(self, conversation_id: str, *, language: str | None = None) -> RegistrationResult:
        return _registration(await self._request("POST", "/password-reset",
                                                 _with_language({"conversation_id": conversation_id}, language)))

    async def unsubscribe(self, conversation_id: str, *, language: str | None = None) -> RegistrationResult:
        return _registration(await self._request("POST", "/unsubscribe",
                                                 _with_language({"conversation_id": conversation_id}, language)))

    async def change_email(self, conversation_id: str, email: str, *, language: str | None = None
                           ) -> RegistrationResult:
        """The proven account's login asks to move to ``email``: confirmation_sent | approval_sent |
        not_registered | same_address | email_not_supported | invalid_email | not_verified."""
        return _registration(await self._request("POST", "/email-change", _with_language(
            {"conversation_id": conversation_id, "email": email}, language)))

    async def request_handoff(self, conversation_id: str, channel: str, *, step: str | None = None,
                              language: str | None = None) -> HandoffResult:
        """The member asked for a person: queued | queued_after_hours | after_hours | unstaffed (docs/handoff.md)."""
        body: dict[str, Any] = {"conversation_id": conversation_id, "channel": channel}
        if step:
            body["step"] = step
        data = await self._request("POST", "/handoffs", _with_language(body, language))
        if "result" not in data:
            raise BackendUnavailable("reply without result")
        weekday = data.get("back_weekday")
        return HandoffResult(result=str(data["result"]),
                             back_weekday=weekday if isinstance(weekday, int) else None,
                             back_time=str(data["back_time"]) if data.get("back_time") else None)

    async def reset_conversation(self, conversation_id: str) -> None:
        await self._request("POST", f"/conversations/{quote(conversation_id, safe='')}/reset")


def _error_code(response: httpx.Response) -> str | None:
    """The ``error`` of a 4xx JSON answer (``{"error": "invalid_email", "detail": ...}``), if any."""
    try:
        data = response.json()
    except ValueError:
        return None
    return data.get("error") if isinstance(data, dict) else None


def _with_language(body: dict, language: str | None) -> dict:
    """``body`` with the member's language (``actions.language.language_of``): the mails follow it."""
    if language:
        body["language"] = language
    return body


def _check(data: dict) -> CheckResult:
    if "result" not in data:
        raise BackendUnavailable("reply without result")
    return CheckResult(
        result=str(data["result"]),
        attempts_left=data.get("attempts_left"),
        locked_until=data.get("locked_until"),
        registration_status=data.get("registration_status"),
        email_masked=data.get("email_masked"),
        lock_scope=data.get("lock_scope"),
        unlock=data.get("unlock"),
        possession=data.get("possession"),
        phone_masked=data.get("phone_masked"),
        channel=data.get("channel"),
        repeated=data.get("repeated") is True,
        name_on_file=data.get("name_on_file") if isinstance(data.get("name_on_file"), str) else None,
        proof_method=data.get("proof_method") if data.get("proof_method") in ("zip", "last4") else None,
    )


def _registration(data: dict) -> RegistrationResult:
    if "result" not in data:
        raise BackendUnavailable("reply without result")
    extra = {k: v for k, v in data.items() if k not in ("result", "email_masked")}
    return RegistrationResult(result=str(data["result"]), email_masked=data.get("email_masked"), extra=extra)


class _ConfigCache:
    """``GET /api/config`` is asked at most every few minutes per process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._value: CoopConfig | None = None
        self._fetched_at = 0.0

    async def get(self, client: BackendClient) -> CoopConfig:
        with self._lock:
            fresh = self._value is not None and time.monotonic() - self._fetched_at < CONFIG_TTL_SECONDS
            if fresh:
                return self._value  # type: ignore[return-value]
        try:
            value = await client.config()
        except BackendUnavailable:
            # Keep answering with the last known facts (or neutral defaults).
            return self._value or CoopConfig()
        with self._lock:
            self._value, self._fetched_at = value, time.monotonic()
        return value

    def clear(self) -> None:
        with self._lock:
            self._value, self._fetched_at = None, 0.0


config_cache = _ConfigCache()


_client: BackendClient | None = None


def client() -> BackendClient:
    """The client configured from the environment (COOPBOT_BACKEND_URL, COOPBOT_API_KEY)."""
    global _client
    if _client is None:
        _client = BackendClient.from_settings()
    return _client


def set_client(value: BackendClient | None) -> None:
    """Point the actions at another backend (tests use this with a live server)."""
    global _client
    _client = value
    config_cache.clear()


async def coop_config() -> CoopConfig:
    return await config_cache.get(client())
