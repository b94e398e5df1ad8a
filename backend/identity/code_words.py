"""What a one-time code says to the phone on file, and in which language (docs/languages.md).

The code goes to the phone on file, whoever asked for it; its warning ("if it
is not you, do not share this code") is for the phone's holder, who may not be
the asker: a stranger holding the paper bill may chat in Spanish with an
English-speaking member's account. So the text, the call and Twilio Verify's
locale follow the phone's holder (``backend.notify.phone_language``, the same
sources as the notices) when the co-op knows that language. When it does not:

- an asker in the co-op's default language (the first of ``languages``) gets it
  in that language alone;
- any other asker gets it in both: theirs first, then the default one, so the
  holder can read the warning whichever the holder speaks. The text stays
  GSM-7 within two SMS segments (``common.gsm``): the bilingual text uses
  shorter sentences, and shorter still when the co-op's name is long; every
  one keeps the warning in each language. The call says both, each in its own
  voice. Verify's text carries only the code, so its locale is the asker's.

Every sentence comes from the mails' catalog (``backend/notify/translations``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.orm import Session

from backend.core.config import Settings
from backend.notify import compose, phone_language
from backend.notify.voice import spoken_digits
from backend.storage.models import Member
from common import gsm
from common.catalogs import N_

# One language.
CODE_TEXT = N_("{coop_name}: your code is {code}. It expires in {minutes} minutes. Someone is signing up for "
               "online access to your account; if it is not you, do not share this code.")
# Each language's sentence of a bilingual text (after "<co-op name>:"), the first that fits two segments.
CODE_SHORT = N_("Your code is {code}, valid for {minutes} min. Someone is signing up for online access to your "
                "account; not you? Do not share it.")
CODE_BRIEF = N_("Code {code}, valid {minutes} min. Not you? Do not share it.")
# A voice call (a landline): said twice, each language in its own voice.
SPOKEN_CODE = N_("This is {coop_name}. Your code is {digits}. If you are not signing up for online access, "
                 "do not share this code.")


@dataclass(frozen=True)
class CodeLanguages:
    """``said``: the languages of the text and the call, read in this order; ``verify``: Twilio Verify's."""

    said: tuple[str, ...]
    verify: str


def languages(session: Session, settings: Settings, member: Member, asker: str | None) -> CodeLanguages:
    """The phone holder's language when known; else the asker's, followed by the default when it differs."""
    default = settings.languages[0]
    own = phone_language.holder(session, settings, member.phone, member_id=member.id)
    if own in settings.languages:
        return CodeLanguages((own,), own)
    asker = asker if asker in settings.languages else default
    return CodeLanguages((asker,) if asker == default else (asker, default), asker)


def text(settings: Settings, code: str, ttl: timedelta, said: tuple[str, ...]) -> str:
    """The SMS carrying ``code``, GSM-7 as sent: one language, or two within two segments."""
    facts = dict(coop_name=settings.coop_name, code=code, minutes=int(ttl.total_seconds() // 60))
    if len(said) == 1:
        return gsm.to_gsm7(compose.translator(settings, said[0])(CODE_TEXT).format(**facts))
    for sentence in (CODE_SHORT, CODE_BRIEF):
        lines = [compose.translator(settings, language)(sentence).format(**facts) for language in said]
        body = gsm.to_gsm7("\n".join([f"{settings.coop_name}:", *lines]))
        if gsm.septets(body) <= gsm.MAX_SEPTETS:
            return body
    return gsm.to_gsm7("\n".join(lines))  # a co-op name too long to fit: the warnings matter more


def spoken(settings: Settings, code: str, said: tuple[str, ...]) -> list[tuple[str, str]]:
    """The call's words: (sentence, language) for each language, in order."""
    return [(compose.translator(settings, language)(SPOKEN_CODE).format(
        coop_name=settings.coop_name, digits=spoken_digits(code)), language) for language in said]
