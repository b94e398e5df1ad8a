"""``POST /sms`` (Twilio's inbound-message webhook) and ``POST /sms/status`` (delivery callbacks).

An inbound message goes through, in order:

1. 503 while no Twilio auth token is configured, 403 for a bad or missing
   signature (nothing is written);
2. the ``MessageSid`` is inserted first: a retried delivery finds the row and
   gets the stored answer, so each message is processed once;
3. carrier keywords: STOP & co. (and their Spanish equivalents, and a
   plain-words request such as "please stop texting me") opt the number out
   (one confirmation, then silence until START/UNSTOP/YES, whose confirmation goes on with
   a sign-up under way: :func:`webhook.relay.resume`); HELP/INFO/AYUDA get
   the help text; each in the number's language (webhook/sms/keywords.py);
4. per-number throttling (one notice, then silence for the rest of the minute);
5. pictures and empty messages get a polite text-only reply;
6. everything else goes through the relay to Rasa (:mod:`webhook.relay`), or,
   while a person has the conversation (docs/handoff.md), to that person, with
   an empty answer.

The phone number is used only to compute its pseudonym and its masked form;
it is not logged or sent to Rasa, and stored only on an open handoff (an
agent's replies are texted to it; it is forgotten when the handoff ends).
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from flask import Response, current_app, request
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from twilio.twiml.messaging_response import MessagingResponse

from backend.accounts import undo
from backend.notify import conversation_language
from backend.notify import notices
from backend.notify import consent as sms_consent
from backend.privacy import transcripts
from backend.identity import verification
from backend.storage.models import Notification, SmsInbound, SmsOutbound, utcnow
from backend.notify import dispatch
from common.gsm import texted_together
from common.masking import mask_phone
from common.textinput import SMS_MAX_LENGTH, clean_member_text
from webhook.channel_text import as_sent
from webhook.relay import TROUBLE, handle_message, resume
from webhook.database import get_session, session_factory
from webhook.sms import bp, keywords, texts
from webhook.sms.signature import is_from_twilio

log = logging.getLogger(__name__)

CHANNEL = "sms"
RATE_LIMIT_PER_MINUTE = 20
DUPLICATE_WAIT_SECONDS = 5.0
PROCESSING, DONE = "processing", "done"


def _settings():
    return current_app.config["COOPBOT"]


def twiml(messages: list[str]) -> str:
    """The TwiML answer; each text folded to GSM-7 as it leaves (a text folded before stays the same)."""
    response = MessagingResponse()
    for text in messages:
        response.message(as_sent(CHANNEL, text))
    return str(response)


def _xml(body: str) -> Response:
    return Response(body, status=200, mimetype="text/xml")


def _body() -> str:
    """The message text, cleaned once and capped at Twilio's 1,600 characters."""
    return clean_member_text(request.form.get("Body", ""), max_length=SMS_MAX_LENGTH)


def _check_request() -> Response | None:
    """The refusal for a request that is not a signed Twilio request, or None."""
    settings = _settings()
    if not settings.twilio_auth_token:
        return Response("SMS is not configured (TWILIO_AUTH_TOKEN is unset).\n", 503, mimetype="text/plain")
    if not is_from_twilio(settings.twilio_auth_token, settings.public_url, request):
        log.warning("refused %s: missing or invalid X-Twilio-Signature", request.path)
        return Response("Invalid signature.\n", 403, mimetype="text/plain")
    return None


@bp.post("/sms")
def inbound():
    refusal = _check_request()
    if refusal is not None:
        return refusal
    settings = _settings()
    sid = request.form.get("MessageSid") or request.form.get("SmsSid")
    sender = request.form.get("From", "")
    if not sid or not sender:
        return Response("MessageSid and From are required.\n", 400, mimetype="text/plain")

    key = sms_consent.phone_key(settings.secret_key, sender)
    session = get_session()
    row = SmsInbound(message_sid=sid[:64], phone_key=key, received_at=utcnow(), status=PROCESSING)
    try:
        sms_consent.carry_over_opt_out(session, settings.secret_key, sender)
        session.add(row)
        session.flush()
    except IntegrityError:
        session.rollback()
        return _xml(_answer_of_earlier_delivery(session, row.message_sid))
    except SQLAlchemyError:
        # The database is away (restarting, failing over): nothing was processed,
        # the member gets the polite reply and resends; no 500 that Twilio drops.
        log.warning("database unavailable for an inbound SMS")
        session.rollback()
        return _xml(twiml([TROUBLE]))

    from_rasa = False
    try:
        answer = _answer_locally(session, key, mask_phone(sender))
        if answer is None:
            from_rasa = True
            # The conversation's source is its phone (pseudonym): the backend counts
            # guesses per source and recognises an SMS from the phone on file.
            verification.remember_origin(session, key, CHANNEL, key)
            session.commit()  # free the database while Rasa works (SQLite has one writer)
            turn = handle_message(CHANNEL, key, _body().strip(),
                                  sender_masked=mask_phone(sender),
                                  reply_to=sms_consent.normalise_phone(sender))
            answer = [reply.text for reply in turn.replies]
        xml = twiml(answer)
    except Exception:  # the member gets an answer, Twilio may retry the message
        log.exception("inbound SMS failed")
        session.rollback()
        try:
            session.execute(delete(SmsInbound).where(SmsInbound.message_sid == row.message_sid))
            session.commit()
        except SQLAlchemyError:  # the database went away meanwhile: still no 500
            session.rollback()
            log.warning("could not forget a failed inbound SMS (database unavailable)")
        return _xml(twiml([TROUBLE]))
    try:
        row.status, row.response_xml = DONE, xml
        session.commit()
        # Notices queued on the way (a NOTME cancellation is told to the member) go out now.
        dispatch.deliver_after_commit(settings, session_factory(), verification.queued_notices(session))
    except SQLAlchemyError:
        session.rollback()
        log.warning("could not store the answer of an inbound SMS (database unavailable)")
        if not from_rasa:
            return _xml(twiml([TROUBLE]))  # an opt-out or opt-in not stored must not be confirmed
        # Rasa has answered (the member's place has moved on): the member gets that
        # answer, not the polite reply, or the resent message would be processed twice.
    return _xml(xml)


def _answer_language(session, key: str, word_language: str | None) -> str:
    """The language of the channel's own answer: the number's (remembered by the web app), unless
    the member used a word of another offered language (PARAR, AYUDA, "no más mensajes")."""
    offered = _settings().languages
    if word_language in offered and word_language != offered[0]:
        return word_language
    remembered = conversation_language.remembered(session, CHANNEL, key)
    return remembered if remembered in offered else offered[0]


def _answer_locally(session, key: str, masked: str) -> list[str] | None:
    """The channel's own answer (possibly silence: ``[]``), or None to ask Rasa."""
    settings = _settings()
    body = _body()

    opt_out = keywords.opt_out_language(body) or keywords.stop_texting_language(body)
    if opt_out:
        if not sms_consent.set_opted_out(session, key, True):
            return []  # already opted out: silence
        answer = [texts.opted_out(settings, _answer_language(session, key, opt_out))]
        conversation = _record(session, key, masked, body, answer)
        transcripts.set_outcome(conversation, "opted_out")
        return answer

    if sms_consent.is_opted_out(session, key):
        if keywords.is_opt_in(body):
            sms_consent.set_opted_out(session, key, False)
            language = _answer_language(session, key, keywords.opt_in_language(body))
            answer = [texts.opted_in(settings, language)]
            _record(session, key, masked, body, answer)
            # The opt-in is kept before Rasa is asked (SQLite has one writer); a sign-up under
            # way then goes on: "welcome back" and the question the member was at.
            session.commit()
            # The confirmation and what the assistant says after it are one turn, texted together where
            # that costs fewer segments (``texted_together``): within two in every language.
            return texted_together(answer + resume(CHANNEL, key, language, texts_back_on=True))
        return []  # opted out: nothing goes to this number until START

    recent = session.scalar(
        select(func.count()).select_from(SmsInbound).where(
            SmsInbound.phone_key == key, SmsInbound.received_at > utcnow() - timedelta(minutes=1)
        )
    )
    limit = current_app.config.get("SMS_RATE_LIMIT_PER_MINUTE", RATE_LIMIT_PER_MINUTE)
    if recent > limit:
        if recent == limit + 1:
            log.warning("throttling an SMS sender: more than %d messages in a minute", limit)
            return [texts.in_language(_answer_language(session, key, None), texts.THROTTLED)]
        return []

    if keywords.keyword(body) in notices.NOT_ME_WORDS and undo.revoke_by_reply(session, settings, key):
        # "Not you? Reply NOTME" in a notice about a new registration made elsewhere (a plain
        # NO answers the bot's own yes/no questions and never cancels anything).
        answer = [texts.revoked(settings, _answer_language(session, key, None))]
        _record(session, key, masked, body, answer)
        return answer

    if keywords.is_help(body):
        answer = [texts.help_text(settings, _answer_language(session, key, keywords.help_language(body)))]
        _record(session, key, masked, body, answer)
        return answer

    try:
        num_media = int(request.form.get("NumMedia") or 0)
    except ValueError:
        num_media = 0
    if num_media > 0:
        answer = [texts.in_language(_answer_language(session, key, None), texts.MEDIA)]
        _record(session, key, masked, "[picture or file]", answer)
        return answer
    if not body.strip():
        answer = [texts.in_language(_answer_language(session, key, None), texts.EMPTY)]
        _record(session, key, masked, "", answer)
        return answer
    return None


def _record(session, key: str, masked: str, member_text: str, answer: list[str]):
    """Write the channel's own answer to the transcript, as the member reads it (folded to GSM-7)."""
    return transcripts.record_turn(
        session, channel=CHANNEL, sender_key=key, sender_masked=masked, member_text=member_text,
        secret=False, replies=[as_sent(CHANNEL, text) for text in answer], intent=None, confidence=None, slots={},
        public=transcripts.public_values(_settings()),
    )


def _answer_of_earlier_delivery(session, sid: str) -> str:
    """The stored answer to a MessageSid seen before; waits briefly while it is still being processed."""
    deadline = time.monotonic() + DUPLICATE_WAIT_SECONDS
    while True:
        row = session.get(SmsInbound, sid, populate_existing=True)
        found, status, xml = row is not None, row and row.status, row and row.response_xml
        session.rollback()  # end the read at once: on SQLite it holds the write lock
        if status == DONE and xml is not None:
            return xml
        if not found or time.monotonic() >= deadline:
            # Still in progress (or failed): Twilio gets an empty answer, the
            # first delivery's replies are already on their way.
            return twiml([])
        time.sleep(0.2)


# Twilio's delivery statuses, in the order they can happen; a late callback never moves one back.
_STATUS_ORDER = {"accepted": 0, "scheduled": 0, "queued": 1, "sending": 2, "sent": 3,
                 "delivered": 4, "undelivered": 4, "failed": 4, "read": 5, "canceled": 4}
# The statuses of a text that reached nobody: their effects belong to the message's first one.
_FAILED = ("undelivered", "failed")
# Twilio's error for a number that opted out with the carrier.
_UNSUBSCRIBED_RECIPIENT = "21610"


def _first_failure(session, outbound: SmsOutbound, status: str, error_code: str | None) -> bool:
    """Record the message's failure; True only for the callback that recorded it first.

    Twilio retries a callback it got no answer to, so one failure may arrive twice, even at
    once. One conditional UPDATE decides which delivery is the first (the row's lock orders
    two at once on PostgreSQL; SQLite serialises writers): a repeat must not opt out again a
    member who texted START since, nor mail the next contact a second time.
    """
    values = {"status": status[:16], "updated_at": utcnow()}
    if error_code:
        values["error_code"] = error_code[:16]
    claimed = session.execute(
        update(SmsOutbound).where(SmsOutbound.id == outbound.id, SmsOutbound.status.not_in(_FAILED))
        .values(**values).execution_options(synchronize_session=False))
    return claimed.rowcount == 1


@bp.post("/sms/status")
def status_callback():
    refusal = _check_request()
    if refusal is not None:
        return refusal
    sid = request.form.get("MessageSid") or request.form.get("SmsSid")
    status = (request.form.get("MessageStatus") or request.form.get("SmsStatus") or "").lower()
    if not sid or not status:
        return Response("MessageSid and MessageStatus are required.\n", 400, mimetype="text/plain")
    session = get_session()
    outbound = session.scalars(select(SmsOutbound).where(SmsOutbound.twilio_sid == sid)).first()
    if outbound is not None:
        error_code = request.form.get("ErrorCode")
        follow_up = None
        if status in _FAILED:
            if _first_failure(session, outbound, status, error_code):
                if error_code == _UNSUBSCRIBED_RECIPIENT:
                    sms_consent.set_opted_out(session, outbound.phone_key, True)
                if outbound.notification_id is not None:
                    # A notice that never reached the phone is no "sent" notice: the next contact is mailed.
                    notice = session.get(Notification, outbound.notification_id)
                    if notice is not None:
                        follow_up = dispatch.undeliverable(
                            session, notice, f"Twilio {status} {error_code or ''}".strip(), utcnow())
        elif outbound.status not in _FAILED:  # a failure stays: its retry must find it
            if _STATUS_ORDER.get(status, 0) >= _STATUS_ORDER.get(outbound.status, 0):
                outbound.status = status[:16]
            if error_code:
                outbound.error_code = error_code[:16]
            outbound.updated_at = utcnow()
        session.commit()
        if follow_up is not None:
            dispatch.deliver_after_commit(_settings(), session_factory(), [follow_up])
    return Response(status=204)
