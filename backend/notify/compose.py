"""What each member mail says, rendered from ``templates/<kind>.txt`` and ``.html``.

Bodies are rendered when the mail is sent, not when it is queued, because the
link inside carries a token minted at that moment (``backend.privacy.tokens.mint``):
the clear token exists only in the mail, never in the database.

Each mail is written in one language of ``COOPBOT_LANGUAGES`` (the member's,
see ``backend.notify.dispatch``): subjects and sentences are the source texts
of ``translations/<language>/LC_MESSAGES/messages.po`` (``common.catalogs``),
and the links carry ``?lang=`` so the pages they open speak it too.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from common import catalogs
from common.catalogs import N_
from common.page_links import with_language
from backend.core.config import Settings
from backend.notify.support_hours import support_hours

TRANSLATIONS = Path(__file__).parent / "translations"

SUBJECTS = {
    "activation": N_("Activate your {coop_name} online account"),
    "password_reset": N_("Reset your {coop_name} online account password"),
    "unsubscribed": N_("Your {coop_name} online registration was deleted"),
    "activated": N_("Your {coop_name} online account is active"),
    "delete_confirm": N_("Confirm deleting your {coop_name} online registration"),
    "notice_registered": N_("A new online registration for your {coop_name} account"),
    "notice_activated": N_("Online access to your {coop_name} account was activated"),
    "notice_lockout": N_("Online sign-up for your {coop_name} account was paused"),
    "notice_cancelled": N_("Your new {coop_name} online registration was cancelled"),
    "notice_phone_changed": N_("The phone number on file for your {coop_name} account changed"),
    "notice_replaced": N_("Your unfinished {coop_name} online sign-up was replaced"),
    "address_in_use": N_("Someone gave your e-mail address to sign up for {coop_name} online access"),
    "add_account": N_("Add another account to your {coop_name} online login"),
    "email_approve": N_("Approve moving your {coop_name} online login to another e-mail address"),
    "email_confirm": N_("Confirm the new e-mail address of your {coop_name} online login"),
    "email_changed": N_("The e-mail address of your {coop_name} online login was changed"),
    "email_in_use": N_("Someone asked to move a {coop_name} online login to this e-mail address"),
}


@dataclass(frozen=True)
class Mail:
    subject: str
    text: str
    html: str


TEXT_WIDTH = 72


def _wrap(text: str) -> str:
    """Re-flow each paragraph of a plain-text body to ``TEXT_WIDTH`` (links are never broken)."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    filled = [textwrap.fill(" ".join(p.split()), TEXT_WIDTH, break_long_words=False, break_on_hyphens=False)
              for p in paragraphs]
    return "\n\n".join(filled) + "\n"


def mail_language(settings: Settings, language: str | None) -> str:
    """``language`` when the co-op offers it, else its default language."""
    return language if language in settings.languages else settings.languages[0]


def translator(settings: Settings, language: str | None):
    """The ``gettext`` of this catalog in ``language`` (else the default): for the texts to a phone."""
    return catalogs.translations(TRANSLATIONS, mail_language(settings, language)).gettext


@lru_cache(maxsize=8)
def _environment(language: str) -> Environment:
    """One environment per language (its gettext is installed once, never swapped between threads)."""
    env = Environment(
        loader=PackageLoader("backend.notify", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.policies["ext.i18n.trimmed"] = True  # one catalog text per paragraph, whatever its line breaks
    env.install_gettext_translations(catalogs.translations(TRANSLATIONS, language), newstyle=True)
    return env


def render(settings: Settings, kind: str, link: str | None = None, link_hours: int | None = None,
           where: str = "", language: str | None = None, account_last4: str | None = None) -> Mail:
    """Subject, text and HTML of a ``kind`` mail in ``language`` (``link`` for the mails that carry one).

    ``where`` is one of ``backend.notify.notices.CHANNEL_WORDS`` (English source text, translated here).
    ``account_last4``: the last four digits of the account an activation or add-account link is for, so
    that whoever reads the mail sees which account it concerns (a stranger may sign up their own
    account with someone else's address, docs/security.md, "Pending registrations").
    """
    if kind not in SUBJECTS:
        raise ValueError(f"no mail template for {kind!r}")
    language = mail_language(settings, language)
    gettext = catalogs.translations(TRANSLATIONS, language).gettext
    context = {
        "coop_name": settings.coop_name,
        "support_phone": settings.support_phone,
        "support_hours": support_hours(settings, language),
        "mail_from": settings.mail_from,
        "login_url": with_language(f"{settings.public_url}/login", language),
        "link": with_language(link, language) if link else link,
        "link_hours": link_hours,
        "where": gettext(where) if where else where,
        "language": language,
        # COOPBOT_USERNAME=user_id: members sign in with the User ID they pick, not this address.
        "signs_in_with_user_id": settings.username == "user_id",
        "account_last4": account_last4,
    }
    env = _environment(language)
    return Mail(
        subject=gettext(SUBJECTS[kind]).format(**context),
        text=_wrap(env.get_template(f"{kind}.txt").render(context)),
        html=env.get_template(f"{kind}.html").render(context),
    )
