"""What each member mail says, rendered from ``templates/<kind>.txt`` and ``.html``.

Bodies are rendered when the mail is sent, not when it is queued, because the
link inside carries a token minted at that moment (``backend.tokens.mint``):
the clear token exists only in the mail, never in the database.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from backend.config import Settings

SUBJECTS = {
    "activation": "Activate your {coop_name} online account",
    "password_reset": "Reset your {coop_name} online account password",
    "unsubscribed": "Your {coop_name} online registration was deleted",
    "activated": "Your {coop_name} online account is active",
    "delete_confirm": "Confirm deleting your {coop_name} online registration",
    "notice_registered": "A new online registration for your {coop_name} account",
    "notice_activated": "Online access to your {coop_name} account was activated",
    "notice_lockout": "Online sign-up for your {coop_name} account was paused",
    "address_in_use": "Someone gave your e-mail address to sign up for {coop_name} online access",
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


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("backend.notify", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(settings: Settings, kind: str, link: str | None = None, link_hours: int | None = None,
           where: str = "") -> Mail:
    """Subject, text and HTML of a ``kind`` mail (``link`` for activation and reset mails)."""
    if kind not in SUBJECTS:
        raise ValueError(f"no mail template for {kind!r}")
    context = {
        "coop_name": settings.coop_name,
        "support_phone": settings.support_phone,
        "support_hours": settings.support_hours,
        "mail_from": settings.mail_from,
        "login_url": f"{settings.public_url}/login",
        "link": link,
        "link_hours": link_hours,
        "where": where,
    }
    env = _environment()
    return Mail(
        subject=SUBJECTS[kind].format(**context),
        text=_wrap(env.get_template(f"{kind}.txt").render(context)),
        html=env.get_template(f"{kind}.html").render(context),
    )
