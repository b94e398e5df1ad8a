"""Every reply of actions/messages.py, and the longest arguments it can be given: the worst case of each reply."""

from __future__ import annotations

import dataclasses
import inspect

from actions import messages
from actions.backend_client import CoopConfig
from actions.language import speaking
from common.gsm import reply_safe

# The longest facts a co-op could reasonably configure.
LONG = CoopConfig(
    coop_name="Pedernales Electric Cooperative",
    support_phone="1-888-554-4732",
    support_hours="7 a.m. to 9 p.m. Monday through Friday",
    support_hours_by_language={"en": "7 a.m. to 9 p.m. Monday through Friday",
                               "es": "de 7 a.m. a 9 p.m., de lunes a viernes"},
    terms_url="https://register.example-cooperative.coop/terms",
    login_url="https://register.example-cooperative.coop/login",
    mail_from="no-reply@register.example-cooperative.coop",
)
# A co-op's real settings at their longest: hours written out longer than LONG's (46 characters),
# and a real Terms address (LONG's is longer than any co-op's). For replies measured together with
# the question that follows them, where LONG's made-up address would not say what members read.
REAL = dataclasses.replace(
    LONG,
    support_hours="7:30 a.m. to 9 p.m. Monday through Friday, CST",
    support_hours_by_language={"en": "7:30 a.m. to 9 p.m. Monday through Friday, CST",
                               "es": "de 7:30 a.m. a 9 p.m., de lunes a viernes, CST"},
    terms_url="https://www.pec.coop/terms",
)


def reply_in(language: str, function, *arguments) -> str:
    """A reply as the action server says it (``say``: accents kept, the SMS channel folds them)."""
    with speaking(language):
        return reply_safe(function(*arguments))


def longest_arguments(function):
    """The longest value of each parameter of a reply function, in order."""
    values = []
    for name, parameter in inspect.signature(function).parameters.items():
        if name == "config":
            values.append(LONG)
        elif name in ("second_time",):
            values.append(True)
        elif name == "in_form":
            values.append(False)  # the longer text, said outside the form (inside, the question follows)
        elif name in ("account_number", "digits"):
            values.append("500123456789")
        elif name in ("email_masked", "email"):
            values.append("a-rather-long-name@an-internet-provider.example")
        elif name == "minutes":
            values.append(1440)  # a wait of a day, the longest written
        elif name == "attempts_left":
            values.append(2)
        elif name == "question":
            values.append(3)
        elif name == "proofs":
            values.append(("meter", "zip", "ssn"))  # every proof a co-op may accept: the longest list
        elif name in ("method", "slot"):
            values.append("zip")
        elif name == "weekday":
            values.append(2)  # Wednesday, the longest day's name (miércoles)
        elif name == "clock":
            values.append("07:00")
        elif name == "left":
            values.append(12)  # more questions than any flow asks
        elif name == "topics":
            values.append(("what", "free", "why"))  # every question about signing up at once
        elif name in ("name",):
            values.append("Hill Country Feed & Seed Inc.")
        else:
            values.append("x" * 60)
    return values


REPLIES = [
    (name, function)
    for name, function in inspect.getmembers(messages, inspect.isfunction)
    if function.__module__ == messages.__name__ and not name.startswith("_")
    and inspect.signature(function).return_annotation in ("str", "str | None")
    and name not in ("N_", "ngettext")  # the catalog's markers
]
# Parts of other replies (a phrase they include), not replies of their own.
PARTS = {"account_ending"}
