"""``coopbot sms "text"``: text the bot from a terminal, signed exactly as Twilio signs.

For trying the bot without a phone or a Twilio account, and for support staff
reproducing a member's conversation. The request carries the form fields
Twilio sends and an ``X-Twilio-Signature`` computed by twilio's own
``RequestValidator`` over the URL Twilio would have called: the PUBLIC url
(``COOPBOT_PUBLIC_URL`` + ``/sms``), which may differ from where the request
is actually posted (``--url``, e.g. the app behind a proxy).
"""

from __future__ import annotations

import secrets
import xml.etree.ElementTree as ElementTree

import click
import httpx
from twilio.request_validator import RequestValidator

DEFAULT_FROM = "+15125550100"
DEFAULT_TO = "+15125559999"


def new_message_sid() -> str:
    return "SM" + secrets.token_hex(16)


def signed_form(token: str, public_url: str, body: str, *, from_: str = DEFAULT_FROM,
                to: str = DEFAULT_TO, message_sid: str | None = None, num_media: int = 0,
                extra: dict | None = None, path: str = "/sms") -> tuple[dict, dict]:
    """The form fields of an inbound message as Twilio posts them, and the headers that sign them.

    ``path`` is what Twilio would call below the public URL (with a query string, if any).
    """
    sid = message_sid or new_message_sid()
    form = {
        "ToCountry": "US",
        "SmsMessageSid": sid,
        "NumMedia": str(num_media),
        "SmsSid": sid,
        "SmsStatus": "received",
        "Body": body,
        "To": to,
        "NumSegments": "1",
        "MessageSid": sid,
        "AccountSid": "AC" + "0" * 32,
        "From": from_,
        "ApiVersion": "2010-04-01",
    }
    form.update(extra or {})
    url = public_url.rstrip("/") + path
    signature = RequestValidator(token).compute_signature(url, form)
    return form, {"X-Twilio-Signature": signature}


def message_texts(twiml: str) -> list[str]:
    """The texts of the ``<Message>`` elements of a TwiML answer, in order."""
    root = ElementTree.fromstring(twiml)
    return ["".join(message.itertext()) for message in root.iter("Message")]


@click.command()
@click.argument("text")
@click.option("--from", "from_", default=DEFAULT_FROM, show_default=True, help="the member's phone number")
@click.option("--to", default=DEFAULT_TO, show_default=True, help="the co-op's number")
@click.option("--url", default=None, help="where to post (default: COOPBOT_PUBLIC_URL)")
@click.option("--token", default=None, help="Twilio auth token (default: TWILIO_AUTH_TOKEN)")
def sms(text: str, from_: str, to: str, url: str | None, token: str | None) -> None:
    """Send TEXT to the /sms webhook, signed as Twilio does, and print the reply."""
    from backend.core.config import load_settings

    settings = load_settings()
    token = token or settings.twilio_auth_token
    if not token:
        raise click.ClickException("no Twilio auth token: set TWILIO_AUTH_TOKEN or pass --token")
    target = (url or settings.public_url).rstrip("/") + "/sms"
    form, headers = signed_form(token, settings.public_url, text, from_=from_, to=to)
    try:
        response = httpx.post(target, data=form, headers=headers, timeout=20)
    except httpx.HTTPError as exc:
        raise click.ClickException(f"could not reach {target}: {exc.__class__.__name__}") from exc
    if response.status_code != 200:
        raise click.ClickException(f"{target} answered HTTP {response.status_code}: {response.text.strip()}")
    replies = message_texts(response.text)
    if not replies:
        click.echo("(no reply)")
    for reply in replies:
        click.echo(reply)
