"""The chat widget's own labels, in every language of ``COOPBOT_LANGUAGES``.

They are texts of the member pages' catalog (``webhook/translations``), so a
label has one source per language; ``GET /chat/widget.js`` hands them to the
widget, which only chooses among them (its code holds no text).
"""

from __future__ import annotations

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from webhook.i18n import language_name

MAX_TEXT_LENGTH = 1000


def _labels() -> dict[str, str]:
    return {
        "title": _("Online account help"),
        "launcher": _("Chat with us"),
        "welcome": _("Hi! I can help you sign up for online access to your co-op account. "
                     "Type your question below, or choose:"),
        "starter": _("Sign up for online access"),
        "starterText": _("I want to sign up for online access"),
        "label": _("Your message"),
        "placeholder": _("Type your message"),
        "send": _("Send"),
        "close": _("Close chat"),
        "reset": _("Start over"),
        "resetQuestion": _("Start over?"),
        "resetWarning": _("This clears the conversation and the answers you have given so far: "
                          "you would begin again from the first question."),
        "resetKeep": _("No, keep my answers"),
        "resetConfirm": _("Yes, start over"),
        "you": _("You said:"),
        "bot": _("Assistant said:"),
        "choices": _("Choices"),
        "typing": _("The assistant is typing…"),
        "hidden": _("[hidden for your security]"),
        "empty": _("Please type a message first."),
        "tooLong": _("That message is too long: please keep it under %(num)d characters.", num=MAX_TEXT_LENGTH),
        "unreachable": _("Sorry, we can't reach the chat service right now. Please check your connection "
                         "and try again in a moment. Your message is still in the box."),
        "serverError": _("Sorry, something went wrong on our side. Please try again in a few minutes. "
                         "Your message is still in the box."),
        "languages": _("Language"),
    }


def all_labels() -> dict:
    """``{"languages": [[code, name], ...], "text": {code: {label: text}}, "maxLength": n}`` for the widget."""
    codes = current_app.config["COOPBOT"].languages
    text = {}
    for code in codes:
        with force_locale(code):
            text[code] = _labels()
    return {"languages": [[code, language_name(code)] for code in codes], "text": text,
            "maxLength": MAX_TEXT_LENGTH}
