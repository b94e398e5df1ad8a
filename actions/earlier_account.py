"""'Same name' and 'my house and also my barn': the account registered earlier in this conversation.

A member who has just registered one account and adds another in the same conversation often
writes "ok now the barn please, 50010017 same name" or "el mismo nombre": the name is the one
of the account just registered here (the ``member_name`` the conversation held when the sign-up
finished). It is sent to the backend as if typed again, one try like any name: the member did
type it, earlier in this conversation. A name the conversation does not hold is asked for, no
try spent.

A member who said at the start that there are several accounts ("my house and also my barn",
"tengo dos cuentas") is offered, once the first is registered, to add the other one
(:func:`other_account_to_offer`): nothing else in the conversation would remind them. So is a member
who brought another account number with words of adding while the first was being registered
(:func:`adds_another_account`): it waits, and the registration's reply offers it.

A new session (a day later, "start over") remembers nothing, as everywhere else
(``actions.same_address`` reads the e-mail address "as before" the same way).
"""

from __future__ import annotations

import re

from rasa_sdk import Tracker

from actions.answers import plain
from actions.tracker_reading import OTHER_ACCOUNT_HELD

# "same name", "same last name", "same owner", "under the same name", "el mismo nombre", "mismo
# apellido", "a nombre del mismo", "el mismo titular".
_SAME_NAME = re.compile(
    r"(?<![\w'])(?:same\s+(?:last\s+|business\s+)?name|same\s+(?:owner|holder|account\s+holder|person)|"
    r"under\s+the\s+same(?:\s+name)?|"
    r"mism[oa]\s+(?:nombre|apellido|titular|dueno|duena|persona)|a\s+nombre\s+del?\s+mism[oa]|"
    r"(?:nombre|apellido)\s+(?:es\s+)?(?:el\s+)?mismo)(?![\w'])")
# At the name step only: "same as before", "the same one", "el mismo de antes", "igual que antes".
_SAME_AT_THE_NAME_STEP = re.compile(
    r"(?<![\w'])(?:(?:the\s+)?same(?:\s+(?:one|as\s+(?:before|last\s+time|the\s+(?:other|first)(?:\s+one)?)))?|"
    r"(?:el\s+|la\s+)?mism[oa](?:\s+(?:de\s+antes|que\s+antes|que\s+la\s+otra))?|igual\s+que\s+(?:antes|la\s+otra))"
    r"(?![\w'])")
# "not the same name", "a different name", "otro nombre": no "same".
_OTHER = re.compile(r"(?<![\w'])(?:not|no|different|another|otro|otra|diferente|distint[oa])(?![\w'])")
_ADDRESS_WORDS = re.compile(r"(?<![\w'])(?:email|e\s?mail|mail|address|correo|direccion)(?![\w'])")


def asks_for_the_same_name(text: str | None, requested: str | None) -> bool:
    """Does the message give the name as "the same" as the account registered before? In so many
    words anywhere ("50010017 same name", "el mismo nombre"); at the name step any "the same
    (as before)" does. Never with a negation, nor about the e-mail address ("same email")."""
    words = plain(text)
    if _OTHER.search(words) or _ADDRESS_WORDS.search(words):
        return False
    return bool(_SAME_NAME.search(words) or (requested == "member_name" and _SAME_AT_THE_NAME_STEP.search(words)))


def registered_name(tracker: Tracker) -> str | None:
    """The name of the account this conversation (this session) registered last: the
    ``member_name`` held when ``action_complete_flow`` set ``outcome`` "registered"."""
    name = found = None
    for event in tracker.events:
        kind, slot, value = event.get("event"), event.get("name"), event.get("value")
        if kind in ("restart", "session_started"):
            name = found = None
        elif kind == "slot" and slot == "member_name":
            name = value if isinstance(value, str) and value.strip() else name
        elif kind == "slot" and slot == "outcome" and value == "registered" and name:
            found = name
    return found


# A second account in so many words: "two accounts", "my other account", "another account", "my house
# and also my barn", "our store and also for the warehouse", "my house and my barn", "tengo dos cuentas",
# "mi otra cuenta", "mi casa y también el rancho". Never one account said formally ("register our business
# account", "on behalf of the company", "the accounts for our farm and the business"): "and the <place>"
# alone may be the same account, and a business name holds places ("Feed and Supply").
_PLACES = (r"(?:barn|shop|rental|ranch|farm|store|cabin|office|pump|well|shed|workshop|lake\s+house|business|"
           r"warehouse|house|home|garage)")
_LUGARES = r"(?:rancho|granja|tienda|taller|local|casa|cabana|oficina|bomba|pozo|negocio|bodega|huerta|almacen)"
_SEVERAL_ACCOUNTS = re.compile(
    r"(?<![\w'])(?:(?:two|2|both|several|multiple|three|3)\s+(?:of\s+(?:my|our|the)\s+)?accounts|"
    r"(?:my|our)\s+other\s+(?:account|one)|the\s+other\s+account|another\s+account|(?:a\s+)?second\s+account|"
    r"(?:also|plus|as\s+well\s+as)\s+(?:(?:for\s+)?(?:my|our)\s+" + _PLACES + r"|for\s+the\s+" + _PLACES + r"|"
    r"the\s+" + _PLACES + r"\s+(?:account|one)|the\s+one\s+for\s+(?:the|my|our)\s+" + _PLACES + r")|"
    r"(?:my|our)\s+" + _PLACES + r"\s+and\s+(?:also\s+)?(?:my|our)\s+" + _PLACES + r"|"
    r"(?:dos|2|ambas|las\s+dos|varias|tres|3)\s+cuentas|(?:mi|nuestra|la)\s+otra\s+cuenta|otra\s+cuenta|"
    r"y\s+tambien\s+(?:para\s+)?(?:(?:mi|el|la|nuestr[oa])\s+|(?:la|el)\s+de\s+(?:la|el|mi|nuestr[oa])\s+)"
    + _LUGARES + r"|"
    r"(?:mi|nuestr[oa])\s+" + _LUGARES + r"\s+y\s+(?:mi|nuestr[oa])\s+" + _LUGARES + r")(?![\w'])")
# "we do not have another account", "no tengo dos cuentas", "I don't have a second account": no second one.
_NEGATION_BEFORE = re.compile(
    r"(?<![\w'])(?:not|no|don'?t|doesn'?t|never|without|ni|sin|nunca)(?:\s+\S+){0,3}\s*$")


def mentions_several_accounts(text: str | None) -> bool:
    """Does the message say the member has a second account to register? In so many words: another
    number brought to add is read by :func:`adds_another_account`; a negation ("we do not have another
    account") names none."""
    words = plain(text)
    return any(not _NEGATION_BEFORE.search(words[:found.start()]) for found in _SEVERAL_ACCOUNTS.finditer(words))


def other_account_to_offer(tracker: Tracker) -> bool:
    """Should the reply to the first registration of this session offer to add the other account
    the member mentioned? Yes when a message of this session said there are several and no sign-up
    finished before this one (the second is then being added, or was declined), and whenever this
    sign-up held another account number the member brought to add (``OTHER_ACCOUNT_HELD``: "Let's
    finish account ending in 67 first; you can add the other right after")."""
    if tracker.get_slot(OTHER_ACCOUNT_HELD):
        return True
    mentioned = registered = False
    for event in tracker.events:
        kind = event.get("event")
        if kind in ("restart", "session_started"):
            mentioned = registered = False
        elif kind == "user" and mentions_several_accounts(event.get("text")):
            mentioned = True
        elif kind == "slot" and event.get("name") == "outcome" and event.get("value") == "registered":
            registered = True
    return mentioned and not registered


# "I also have the barn account to add", "now the other account", "tengo otra cuenta también", "agregar
# la del rancho".
_ADDS = re.compile(
    r"(?<![\w'])(?:also|another|add|adding|too|as\s+well|second|other\s+account|tambien|otra\s+cuenta|otra\s+mas|"
    r"agregar|agregue|anadir|ademas)(?![\w'])")
# "sorry, the account is ...", "oops I mistyped", "perdón, es la 77...": the number replaces the first.
_REPLACES = re.compile(
    r"(?<![\w'])(?:wrong|oops|whoops|sorry|actually|meant|instead|typo|mistake|correct|correction|incorrect|"
    r"mis-?typed|not\s+that|perdon|perdone|equivoque|quise\s+decir|en\s+realidad|error|corrijo|mejor\s+dicho|"
    r"en\s+vez|no\s+es\s+esa|esa\s+no)(?![\w'])")


def adds_another_account(text: str | None) -> bool:
    """Does a message holding a new account number add it ("I also have the barn account to add:
    7710020017") rather than correct the number held ("sorry, the account is 7710020017")? Words
    of correcting win: a correction replaces, an addition waits for the first to finish."""
    words = plain(text)
    return bool(_ADDS.search(words)) and not _REPLACES.search(words)


# "add another account to my login", "add my barn account", "link another account", "agregar otra cuenta
# a mi usuario", "añadir la cuenta del rancho": an account joined to the login, said in words.
_ADDS_TO_THE_LOGIN = re.compile(
    r"(?<![\w'])(?:(?:add|adding|link|linking|attach|put)\s+(?:\w+\s+){0,3}?(?:account|acct)s?|"
    r"(?:agregar|agregue|agregarle|anadir|anada|sumar|vincular|ligar|meter)\s+(?:\w+\s+){0,3}?cuentas?)(?![\w'])")


def asks_to_add_an_account(text: str | None) -> bool:
    """Does the member ask, in words, to add an account to the online login ("I want to add another
    account to my login", "quiero agregar otra cuenta a mi usuario")? A sign-up of that account: the
    backend joins it to the login of the address given."""
    return bool(_ADDS_TO_THE_LOGIN.search(plain(text)))
