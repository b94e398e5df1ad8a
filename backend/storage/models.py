"""The registration database: SQLAlchemy 2.0 typed mappings.

Secrets never appear here in clear text: the mailing ZIP and SSN/TIN last
four (the answers members give to prove who they are), security answers,
passwords and link tokens are stored only as hashes (see ``backend.privacy.hashing``).
Transcript text is written already redacted.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import ClassVar

from backend.core.clock import utcnow  # every table's default (many modules import it from here)
from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    false,
    func,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every database (SQLite drops the zone otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc) if value is not None else None

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime}


# Registration states.
PENDING = "pending"
ACTIVE = "active"
UNSUBSCRIBED = "unsubscribed"
LIVE_STATUSES = (PENDING, ACTIVE)
# Registration.possession values that prove the phone on file (an SMS from it, a code sent to it,
# backend.identity.possession): no "not me" reply or cancel link can undo such a registration.
PHONE_PROOFS = ("sms", "code")
_LIVE = text("status IN ('pending', 'active')")


def nine_digit_tail_key(account_number) -> tuple:
    """The key of ``ix_members_nine_digit_tail``: the number's length and its characters 8-9.

    A reference (``backend.identity.account_refs``) finds its candidates, the nine-digit
    numbers ending in its two digits, through this index instead of reading every member.
    Index and query use these same expressions, so SQLite and PostgreSQL both read the index.
    """
    return func.length(account_number), func.substr(account_number, 8, 2)


class Member(Base):
    """A co-op account holder as known to the customer system (imported from CSV)."""

    __tablename__ = "members"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_number: Mapped[str] = mapped_column(String(12), unique=True)
    last_name_or_business: Mapped[str] = mapped_column(String(200))
    # Normalised form of the name used for tolerant matching (see backend.identity.names).
    name_key: Mapped[str] = mapped_column(String(200))
    # The answers of verification step 2 are kept only as keyed hashes
    # (backend.privacy.hashing.identity_hash with the server key and this row's random salt).
    secret_salt: Mapped[str] = mapped_column(String(32))
    mailing_zip_hash: Mapped[str] = mapped_column(String(64))  # of the 5-digit ZIP
    tax_id_hash: Mapped[str | None] = mapped_column(String(64))  # None: no SSN/TIN on file
    meter_hash: Mapped[str] = mapped_column(String(64))  # of common.normalise.meter_number's form
    phone: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # Wrong secret guesses before this moment no longer count against the
    # account's guessing budget (an admin lifted the lock-out, or the member
    # proved the phone on file with a one-time code).
    guesses_cleared_at: Mapped[datetime | None]
    # Closed in the co-op's billing system: absent from the last full sync
    # (``coopbot members import --full-sync``). A closed account is never
    # deleted; it answers the identity check as an unknown account does, and
    # a later file that lists it again reopens it (None).
    closed_at: Mapped[datetime | None]

    registrations: Mapped[list[Registration]] = relationship(back_populates="member")


Index("ix_members_nine_digit_tail", *nine_digit_tail_key(Member.__table__.c.account_number))


class Login(Base):
    """An online login: one e-mail address, password and security question, holding several accounts.

    A member with a house, a barn and a well pump signs in once and sees every
    account (``Registration`` rows point here). Only a live login's address is
    unique: a deleted login keeps its row as a record, and the address may sign
    up again.
    """

    __tablename__ = "logins"
    __table_args__ = (
        Index("uq_logins_live_email", "email", unique=True, sqlite_where=_LIVE, postgresql_where=_LIVE),
        Index("uq_logins_live_user_id", "user_id", unique=True, sqlite_where=_LIVE, postgresql_where=_LIVE),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Lower-cased e-mail address: the username (unless COOPBOT_USERNAME=user_id) and where all mail goes.
    email: Mapped[str] = mapped_column(String(254))
    # The User ID the member picked where the co-op signs in with one; None otherwise.
    user_id: Mapped[str | None] = mapped_column(String(32))
    security_question: Mapped[int | None] = mapped_column(Integer)
    security_answer_hash: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    # PENDING until its first activation link is used, ACTIVE, UNSUBSCRIBED once its last account left.
    status: Mapped[str] = mapped_column(String(16), default=PENDING, index=True)
    # Member sign-in throttle (backend.accounts.online_access.authenticate): failures in a row, and the pause.
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    login_locked_until: Mapped[datetime | None]
    # The member's language (one of COOPBOT_LANGUAGES) when registering: notices to
    # this address are written in it. None: the default language.
    language: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    activated_at: Mapped[datetime | None]
    unsubscribed_at: Mapped[datetime | None]

    registrations: Mapped[list[Registration]] = relationship(back_populates="login", order_by="Registration.id")

    def live_registrations(self) -> list[Registration]:
        """The accounts this login holds now (pending additions included)."""
        return [r for r in self.registrations if r.status in LIVE_STATUSES]

    def active_registrations(self) -> list[Registration]:
        """The accounts the member sees and manages when signed in (additions once confirmed)."""
        return [r for r in self.registrations if r.status == ACTIVE]


class Registration(Base):
    """One co-op account attached to a login; at most one live (pending or active) per member."""

    __tablename__ = "registrations"
    __table_args__ = (
        Index("uq_registrations_live_member", "member_id", unique=True, sqlite_where=_LIVE, postgresql_where=_LIVE),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    login_id: Mapped[int] = mapped_column(ForeignKey("logins.id"), index=True)
    terms_version: Mapped[str] = mapped_column(String(40))
    terms_accepted_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(16), default=PENDING, index=True)
    paperless_billing: Mapped[bool] = mapped_column(Boolean, default=False)
    # The conversation that created it, so that a retried request is idempotent.
    conversation_id: Mapped[str | None] = mapped_column(String(64), index=True)
    # How the conversation proved the phone on file (backend.identity.possession: "sms", "code", "no_phone",
    # "policy_bill"); a registration proven through the phone cannot be cancelled by a "not me".
    possession: Mapped[str | None] = mapped_column(String(16))
    # The security question and answer (argon2id hash) of the sign-up that made this account, kept per
    # account: a login may hold accounts of several sign-ups (a pending addition its address accepted),
    # and the staff check of an account reads its own sign-up's answer (``security_answer_of``), never
    # that of the sign-up that made the login. None: that sign-up stored none (an account joined to the
    # login its own conversation made, or added by the signed-in member): the login's answer stands when
    # the login's maker was this account's conversation or member (``security_answer_of``).
    security_question: Mapped[int | None] = mapped_column(Integer)
    security_answer_hash: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    activated_at: Mapped[datetime | None]
    unsubscribed_at: Mapped[datetime | None]

    member: Mapped[Member] = relationship(back_populates="registrations")
    # Loaded with the account: its address is where every mail about it goes.
    login: Mapped[Login] = relationship(back_populates="registrations", lazy="joined")

    @property
    def email(self) -> str:
        """The address of the account's login: every mail about the account goes there."""
        return self.login.email

    @property
    def language(self) -> str | None:
        return self.login.language

    @property
    def security_answer_of(self) -> str | None:
        """The hash of the security answer that stands for this account: its own sign-up's, else the login's
        when the sign-up that made the login was this account's: the same conversation (a second account
        joined to the login it just made) or the same member (the same phone on file: the signed-in member
        adding their barn). Else None: a login a stranger's sign-up made, at the member's address, holds the
        stranger's answer, which must never pass for the member's (an account the member then added on the
        account page, or one accepted onto it before each account kept its own answer)."""
        return self._security_pair()[1]

    @property
    def security_question_of(self) -> int | None:
        """The number of the question whose answer stands for this account (``security_answer_of``), read
        from the same place as that answer, so staff asking a caller ask the question the member chose;
        None where no answer stands (never the question of a stranger's login)."""
        return self._security_pair()[0]

    def _security_pair(self) -> tuple[int | None, str | None]:
        if self.security_answer_hash:
            return self.security_question, self.security_answer_hash
        login = self.login
        maker = login.registrations[0] if login.registrations else None
        if maker is None or not login.security_answer_hash:
            return None, None
        same_member = maker.member_id == self.member_id or (
            maker.member.phone is not None and maker.member.phone == self.member.phone
        )
        if maker.id == self.id or maker.conversation_id == self.conversation_id or same_member:
            return login.security_question, login.security_answer_hash
        return None, None


class EmailChange(Base):
    """A request to move a login to a new e-mail address, and what became of it.

    The new address proves itself through a link mailed to it (``confirm_hash``). A change of
    an active login asked on bill data alone first needs the current address's approval
    (``approve_hash``, status "unapproved"; the confirmation link goes out once approved). Once confirmed, the old address is told and may undo the change until
    ``revert_until`` (``revert_hash``). Only SHA-256 hashes of the links are kept.
    ``registration_id`` is one account of the login: the mails about the change hang on it.
    """

    __tablename__ = "email_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    login_id: Mapped[int] = mapped_column(ForeignKey("logins.id"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id"))
    old_email: Mapped[str] = mapped_column(String(254))
    new_email: Mapped[str] = mapped_column(String(254))
    # "unapproved" (approval link mailed to the current address), "pending" (link mailed to the new
    # one), "confirmed", "reverted" (the old address undid it), "superseded", "voided" (confirmed,
    # then an undo of an earlier change of the login cancelled it and its undo link).
    status: Mapped[str] = mapped_column(String(16), default=PENDING)
    approve_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    confirm_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    revert_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    approved_at: Mapped[datetime | None]
    confirmed_at: Mapped[datetime | None]
    revert_until: Mapped[datetime | None]
    reverted_at: Mapped[datetime | None]


class RegistrationDraft(Base):
    """What one conversation has proven so far (identity, security answer), server side.

    The action server never holds secrets: it hands each answer to the API,
    which checks or hashes it here and replies with the outcome only.
    """

    __tablename__ = "registration_drafts"

    conversation_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    name_matched_at: Mapped[datetime | None]
    verified_at: Mapped[datetime | None]
    security_question: Mapped[int | None] = mapped_column(Integer)
    security_answer_hash: Mapped[str | None] = mapped_column(String(200))
    # The keyed hash of the answer as compared (backend.privacy.answer_mentions), so a later
    # message holding it is redacted; cleared once the link of the conversation's most recent
    # registration expires (kept when the draft turns to another account or starts over).
    security_answer_words: Mapped[str | None] = mapped_column(String(64))
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("registrations.id"))
    resends: Mapped[int] = mapped_column(Integer, default=0)
    # Possession of the phone on file (COOPBOT_VERIFY_POLICY=phone): how it was
    # settled ("sms", "code", "no_phone", "undeliverable", "policy_bill") and when.
    possession: Mapped[str | None] = mapped_column(String(16))
    possession_at: Mapped[datetime | None]
    # The phone this conversation proved by a code (its pseudonym) and when: a second account
    # with that very phone on file needs no new code while the proof is fresh
    # (``backend.identity.possession.proven_here``). Kept when the conversation turns to another account.
    phone_proven_key: Mapped[str | None] = mapped_column(String(32))
    phone_proven_at: Mapped[datetime | None]
    # The one-time code texted to the phone on file: keyed hash only.
    code_hash: Mapped[str | None] = mapped_column(String(64))
    code_expires_at: Mapped[datetime | None]
    code_tries: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    code_sends: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    code_sent_at: Mapped[datetime | None]
    # The conversation's language, as the action server last sent it (API field "language").
    language: Mapped[str | None] = mapped_column(String(8))
    # Registering with an address another login uses mails that login's owner instead and
    # answers as if a link went out (no oracle for who has a login): the address, masked.
    claimed_email_masked: Mapped[str | None] = mapped_column(String(200))
    # The bill data matched while the account was locked for this conversation: only a link to the
    # address on file may go (backend.identity.verification.links_through_the_lock), never a sign-up.
    links_only_at: Mapped[datetime | None]
    # A ZIP / last 4 sent with an account number and name that did not match, sealed (AES-GCM under
    # the held-proof key, bound to the conversation) and when: a corrected account number is checked
    # with it once (backend.identity.held_proof), then it is gone.
    held_proof: Mapped[str | None] = mapped_column(String(200))
    held_proof_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class VerificationAttempt(Base):
    """One identity check, kept to limit guessing per account and per conversation."""

    __tablename__ = "verification_attempts"
    __table_args__ = (Index("ix_verification_attempts_member_time", "member_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(64), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    step: Mapped[str] = mapped_column(String(16))  # "name", "secret" or "code"
    succeeded: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Where the guess came from: "sms" or "web", and the source's pseudonym
    # (the phone's keyed hash, or the web-chat client address's keyed hash).
    channel: Mapped[str | None] = mapped_column(String(8))
    source_key: Mapped[str | None] = mapped_column(String(64), index=True)
    # The account number that was tried (also when it matches no member); one of nine
    # digits, which may be an SSN, only as its keyed hash (backend.identity.account_refs).
    account_tried: Mapped[str | None] = mapped_column(String(12))
    # A failed check's submitted value (normalised), only as its keyed hash: the same
    # wrong value sent again is not counted again (backend.identity.budget).
    guess_hash: Mapped[str | None] = mapped_column(String(64))


class Lockout(Base):
    """A lock on an account or a conversation after too many failed checks."""

    __tablename__ = "lockouts"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), index=True)
    conversation_id: Mapped[str | None] = mapped_column(String(64), index=True)
    # A source (phone pseudonym or web client) that failed against too many accounts.
    source_key: Mapped[str | None] = mapped_column(String(64), index=True)
    locked_at: Mapped[datetime] = mapped_column(default=utcnow)
    locked_until: Mapped[datetime]
    # An admin may lift an account lock-out (audit-logged).
    lifted_at: Mapped[datetime | None]
    lifted_by: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))


class ConversationSource(Base):
    """Channel and source of a conversation, written by the web app before the bot sees a message.

    The backend reads it to count guesses per source (a phone number or a web
    chat client) and to recognise an SMS coming from the phone on file.
    """

    __tablename__ = "conversation_sources"

    conversation_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    channel: Mapped[str] = mapped_column(String(8))
    source_key: Mapped[str] = mapped_column(String(64), index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class SecurityEvent(Base):
    """A security-relevant event per account, for staff: notices sent, lock-outs, answer checks."""

    __tablename__ = "security_events"
    __table_args__ = (Index("ix_security_events_member_time", "member_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    kind: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str | None] = mapped_column(String(8))
    detail: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class LinkToken(Base):
    """A single-use link (activation or password reset); only its SHA-256 is stored."""

    __tablename__ = "link_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(16))  # "activate", "reset", "delete", "cancel" or "add"
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    # A password link's: the keyed digest of the browser (its form nonce) that set the password
    # with it, so that browser's double submit reaches the same signed-in page
    # (``online_access.resubmitted``).
    used_by: Mapped[str | None] = mapped_column(String(64))

    registration: Mapped[Registration] = relationship()


class Notification(Base):
    """A mail or text to send, written in the same transaction as the change it announces.

    The message body is rendered only when it is sent (a fresh link token is
    minted then), so no token ever sits in this table.
    """

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_address_key_time", "address_key", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(8), default="email")  # "email" or "sms"
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("registrations.id", ondelete="SET NULL"))
    to_address: Mapped[str] = mapped_column(String(254))
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    # The language the mail is written in (the member's when they caused it); None: see
    # backend.notify.dispatch (a notice is written in its recipient's language). On a text to
    # the phone on file: its holder's language as the registrations tell (phone_language.registered).
    language: Mapped[str | None] = mapped_column(String(8))
    # A link mail a caller asked on bill data alone: it counts against that day's budget of its
    # own, which the member's own requests never share (backend.accounts.link_mails).
    asked_on_bill: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # A mail that counts against its address's daily budget (a new login's first activation, a corrected
    # address's, a notice to an address): the keyed hash of that address, never the address
    # (backend.accounts.link_mails.address_key).
    address_key: Mapped[str | None] = mapped_column(String(64))


class Conversation(Base):
    """One member's conversation on one channel, as staff see it."""

    __tablename__ = "conversations"
    __table_args__ = (
        # Staff console keyset pagination orders by (last_active_at, id): with
        # id in the index PostgreSQL reads a page without sorting.
        Index("ix_conversations_last_active", "last_active_at", "id"),
        Index("ix_conversations_outcome_last_active", "outcome", "last_active_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(8))  # "sms" or "web"
    # Rasa sender id: a keyed hash of the phone number or the web session, never the number.
    sender_key: Mapped[str] = mapped_column(String(64), index=True)
    sender_masked: Mapped[str | None] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_active_at: Mapped[datetime] = mapped_column(default=utcnow)
    step_reached: Mapped[str | None] = mapped_column(String(32))
    last_step: Mapped[str | None] = mapped_column(String(32))
    outcome: Mapped[str] = mapped_column(String(32), default="in_progress")
    account_number: Mapped[str | None] = mapped_column(String(12), index=True)
    email_masked: Mapped[str | None] = mapped_column(String(254))
    message_count: Mapped[int] = mapped_column(Integer, default=0)
    fallback_count: Mapped[int] = mapped_column(Integer, default=0)
    completed_at: Mapped[datetime | None]
    # When the member asked for a person (the assistant's ``human_requested``): a moment of
    # the conversation, not its end, since the member may go on and register here.
    asked_for_person_at: Mapped[datetime | None]

    messages: Mapped[list[TranscriptMessage]] = relationship(
        back_populates="conversation", order_by="TranscriptMessage.id"
    )


class TranscriptMessage(Base):
    """One redacted line of a transcript: a member message or a bot reply."""

    __tablename__ = "transcript_messages"
    __table_args__ = (Index("ix_transcript_messages_conversation", "conversation_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    direction: Mapped[str] = mapped_column(String(4))  # "in" or "out"
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    step: Mapped[str | None] = mapped_column(String(32))
    intent: Mapped[str | None] = mapped_column(String(64))
    confidence: Mapped[float | None] = mapped_column(Float)
    is_fallback: Mapped[bool] = mapped_column(Boolean, default=False)
    label_intent: Mapped[str | None] = mapped_column(String(64))
    labelled_by: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    labelled_at: Mapped[datetime | None]

    conversation: Mapped[Conversation] = relationship(back_populates="messages")


# Handoff states (backend.staff.handoffs): waiting for a person, held by one, or over.
WAITING = "waiting"
CLAIMED = "claimed"
CLOSED = "closed"
RETURNED = "returned"  # handed back to the assistant
OPEN_HANDOFF = (WAITING, CLAIMED)
_OPEN_HANDOFF = text("status IN ('waiting', 'claimed')")


class Handoff(Base):
    """A member's conversation queued for, or held by, a person (docs/handoff.md).

    While one is open (waiting or claimed) the web app sends the member's messages
    to the agent instead of Rasa; Rasa's tracker is left as it was, so the
    registration resumes at ``step`` when the agent hands the conversation back.
    At most one open handoff per conversation (a partial unique index).
    """

    __tablename__ = "handoffs"
    __table_args__ = (
        Index(
            "uq_handoffs_open_sender",
            "channel",
            "sender_key",
            unique=True,
            sqlite_where=_OPEN_HANDOFF,
            postgresql_where=_OPEN_HANDOFF,
        ),
        Index("ix_handoffs_status_activity", "status", "last_activity_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(8))  # "sms" or "web"
    # The Rasa sender id (a keyed hash of the phone number or the chat session), never the number.
    sender_key: Mapped[str] = mapped_column(String(64), index=True)
    # The transcript the conversation so far is in (None when none was recorded).
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversations.id", ondelete="SET NULL"))
    language: Mapped[str | None] = mapped_column(String(8))
    # The registration step the member was on (the form's requested slot), for the queue.
    step: Mapped[str | None] = mapped_column(String(32))
    # SMS: the number agent replies are texted to, kept only while the handoff is open
    # (the web app sets it from the member's own texts; it is cleared when the handoff ends,
    # and storage.retention closes a handoff idle for a week and clears it).
    reply_to: Mapped[str | None] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default=WAITING)
    claimed_by: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_at: Mapped[datetime | None]
    first_answer_at: Mapped[datetime | None]
    last_activity_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]

    agent: Mapped[StaffUser | None] = relationship()
    conversation: Mapped[Conversation | None] = relationship()
    messages: Mapped[list[HandoffMessage]] = relationship(back_populates="handoff", order_by="HandoffMessage.id")


class HandoffMessage(Base):
    """One line of a handoff: a member's message (redacted as transcripts are) or an agent's reply."""

    __tablename__ = "handoff_messages"
    __table_args__ = (Index("ix_handoff_messages_handoff", "handoff_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    handoff_id: Mapped[int] = mapped_column(ForeignKey("handoffs.id", ondelete="CASCADE"))
    author: Mapped[str] = mapped_column(String(9))  # "member", "agent" or "assistant" (after a hand-back)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    handoff: Mapped[Handoff] = relationship(back_populates="messages")


class ConversationLanguage(Base):
    """The language a member is answered in, per SMS phone or web-chat session (docs/languages.md).

    Kept apart from ``conversations`` (one row per conversation) because it outlives
    them: a phone that wrote in Spanish last month is answered in Spanish today.
    """

    __tablename__ = "conversation_languages"

    channel: Mapped[str] = mapped_column(String(8), primary_key=True)  # "sms" or "web"
    sender_key: Mapped[str] = mapped_column(String(64), primary_key=True)  # the Rasa sender id
    language: Mapped[str] = mapped_column(String(8))
    # The member asked for it ("en español"): detection alone then needs more to switch back.
    explicit: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class SmsOptOut(Base):
    """Opt-out state of one phone number (keyed hash), per carrier rules (STOP/START)."""

    __tablename__ = "sms_opt_outs"

    phone_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    opted_out: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class SmsInbound(Base):
    """Each Twilio MessageSid once: a retried webhook gets the stored answer."""

    __tablename__ = "sms_inbound"

    message_sid: Mapped[str] = mapped_column(String(64), primary_key=True)
    phone_key: Mapped[str] = mapped_column(String(64), index=True)
    received_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    status: Mapped[str] = mapped_column(String(16), default="processing")
    response_xml: Mapped[str | None] = mapped_column(Text)


class SmsOutbound(Base):
    """An outbound text and its delivery status from Twilio's status callback."""

    __tablename__ = "sms_outbound"

    id: Mapped[int] = mapped_column(primary_key=True)
    phone_key: Mapped[str] = mapped_column(String(64), index=True)
    twilio_sid: Mapped[str | None] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    error_code: Mapped[str | None] = mapped_column(String(16))
    # The notice this text carried (backend.notify.dispatch): a bounce makes it undeliverable.
    notification_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class StaffUser(Base):
    """A support-staff account for the console (role "agent" or "admin")."""

    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(8), default="agent")
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    # The second factor (backend.staff.second_factor): the TOTP key sealed with the staff-totp
    # purpose key, never in clear; in force once a first code confirmed it; the last time step
    # a code was accepted for, so each step signs in once.
    mfa_secret: Mapped[str | None] = mapped_column(String(200))
    mfa_confirmed_at: Mapped[datetime | None]
    mfa_last_step: Mapped[int | None] = mapped_column(BigInteger)


class AuditEntry(Base):
    """Who opened which transcript (and other staff actions), for admins."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"), index=True)
    action: Mapped[str] = mapped_column(String(32))
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversations.id", ondelete="SET NULL"))
    detail: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    staff: Mapped[StaffUser] = relationship()


class ChatQuota(Base):
    """New web chats opened by one client pseudonym in the current window."""

    __tablename__ = "chat_quota"
    # A row counts the chats of one window; after it, the row is forgotten (storage.retention).
    WINDOW: ClassVar[timedelta] = timedelta(hours=1)

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(default=utcnow)
    opened: Mapped[int] = mapped_column(Integer, default=0)
    last_opened_at: Mapped[datetime | None] = mapped_column(default=None)


class WebSession(Base):
    """One signed-in browser session (member or staff); the cookie holds its id, this row its hash."""

    __tablename__ = "web_sessions"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))
    subject_id: Mapped[int] = mapped_column(Integer, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)


class SignInThrottle(Base):
    """Failed sign-ins of one throttle key, and when the next try is allowed."""

    __tablename__ = "sign_in_throttle"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[datetime] = mapped_column(default=utcnow)
    next_allowed_at: Mapped[datetime] = mapped_column(default=utcnow)
