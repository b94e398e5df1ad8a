"""Tolerant matching of a last name or business name against the customer record.

Members type names by SMS, from memory: "garza ranch" for "Garza Ranch, LLC",
"OBrien Smith" for "O'Brien-Smith", "muller" for "Müller", or their full name
"Maria Garza" when the account holds "Garza". A matching *key* removes what
people get wrong without meaning anything different: case, accents,
punctuation, spacing, "&" versus "and", a leading "The" and trailing business
suffixes (LLC, Inc., Co ...). The key of each member is computed once at
import (``Member.name_key``) so step 1 of verification is a string compare;
an import stores a new key wherever the key of a name changed, so a change of
these rules reaches every member with the next (nightly) import.

Matching stays strict where it matters: "Garza" does not match "Garza Ranch
LLC" (a different customer), only a longer text ending in the stored name
(first and middle names before a last name, and a title before them: "Mr. Bartholomew
Fairbanks", ``common.titles``) is accepted. A business name of two words or more
also matches with one word typed nearly ("rio frio pecan llc" for "Rio Frio Pecans LLC"); a single
last name never does.
"""

from __future__ import annotations

import re

from common.text import at_most_one_edit, fold_accents
from common.titles import TITLES

# Legal-form words that may or may not be typed at the end of a business name.
BUSINESS_SUFFIXES = frozenset(
    {
        "llc", "inc", "incorporated", "co", "corp", "corporation", "company",
        "ltd", "limited", "lp", "llp", "pllc", "pc", "pa",
    }
)
# How many given names may precede the stored last name ("Maria Elena Garza").
MAX_GIVEN_NAMES = 3

_DELETED = re.compile(r"['\u2019\u2018`.]")  # O'Brien -> obrien, L.L.C. -> llc
_SEPARATORS = re.compile(r"[^a-z0-9]+")


# Letters that carry no combining mark, so NFKD leaves them whole: written as members type them
# without the letter ("Walesa" for "Wałęsa", "Dang" for "Đặng", "Odegard" for "Ødegård").
_PLAIN_LETTERS = str.maketrans({
    "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE",
    "œ": "oe", "Œ": "OE", "ı": "i", "ħ": "h", "Ħ": "H", "ŧ": "t", "Ŧ": "T", "þ": "th", "Þ": "TH",
})


def _tokens(text: str) -> list[str]:
    text = text or ""
    if not text.isascii():  # "Müller" -> "Muller"; plain ASCII (most names) skips this
        text = fold_accents(text.translate(_PLAIN_LETTERS))
    text = text.casefold()
    text = text.replace("&", " and ")
    text = _DELETED.sub("", text)
    tokens = _SEPARATORS.sub(" ", text).split()
    if len(tokens) > 1 and tokens[0] == "the":
        tokens = tokens[1:]
    # Strip trailing legal forms ("Garza Ranch LLC", "Smith & Co."), never the whole name.
    while len(tokens) > 1 and tokens[-1] in BUSINESS_SUFFIXES:
        tokens = tokens[:-1]
        if len(tokens) > 1 and tokens[-1] == "and":
            tokens = tokens[:-1]
    return tokens


def _folded(text: str) -> str:
    """Case and accents off, spacing collapsed; every other character kept ("GARZA  ranch" -> "garza ranch")."""
    return " ".join(fold_accents((text or "").translate(_PLAIN_LETTERS)).casefold().split())


# Words before a name that are part of how it is written ("The Pedernales Vineyard Inc."): a name typed
# with them is said as typed, never cut to the file's words.
_LEADING_ARTICLES = frozenset({"the", "el", "la", "los", "las"})


def as_on_file(given: str, on_file: str) -> str | None:
    """The member file's spelling of a matched name, to say back ("garza ranch llc" -> "Garza Ranch
    LLC", "pena" -> "Peña"), also when the typed text ends with it after other words ("Dorothy Johnson"
    or a typo'd label, "apeyido robles" -> "Robles": the reply names the matched name, never extra words
    the member wrote around it); or None when it differs from what was typed in more than case, accents
    and spacing (or only by a leading article). Matching forgives more (punctuation, a leading "The",
    a legal suffix); saying those back would tell the caller words of the record they did not type,
    so then the name is said as typed."""
    typed, stored = _folded(given).split(), _folded(on_file).split()
    if typed == stored:
        return on_file.strip()
    before = typed[:len(typed) - len(stored)]
    if stored and typed[len(before):] == stored and not set(before) <= _LEADING_ARTICLES:
        return on_file.strip()
    return None


def name_key(text: str) -> str:
    """The normalised form of a name: lower-case ASCII words separated by one space."""
    return " ".join(_tokens(text))


def guess_form(given: str) -> str:
    """What of a typed name decides :func:`matches`: two texts with the same form match the same names.

    Its words, and with a comma also the words before it (read on their own), so
    "Garza Smith" and "Garza, Smith" (which test different names) differ.
    """
    form = name_key(given)
    return form + "," + name_key(given.split(",", 1)[0]) if "," in given else form


def _compact(tokens: list[str]) -> str:
    return "".join(tokens)


# A word this long or longer may be typed with one letter wrong ("Getsemani" as "Getsemany").
TYPO_WORD_LENGTH = 6




def _nearly_the_word(typed: str, stored: str) -> bool:
    """A word of a business name typed nearly as printed: its plural "s" added or left out ("pecan"
    for "pecans"), or, in a word of TYPO_WORD_LENGTH letters or more, one letter off. Words with
    digits are typed as printed ("Route 66")."""
    if typed == stored:
        return True
    if not (typed.isalpha() and stored.isalpha()):
        return False
    if typed + "s" == stored or stored + "s" == typed:
        return True
    return len(stored) >= TYPO_WORD_LENGTH and at_most_one_edit(typed, stored)


def _nearly_the_business_name(tokens: list[str], key_tokens: list[str]) -> bool:
    """Is ``tokens`` the business name on file but for one word typed nearly (``_nearly_the_word``)?

    Only names of two words or more (a business's, as printed on its bill): a single last name is
    matched as typed, so one try tests one name. The name only finds the account; the proof is the
    ZIP, the last 4 or the phone on file (docs/security.md, "A business name typed nearly")."""
    if len(key_tokens) < 2 or len(tokens) != len(key_tokens):
        return False
    different = [(typed, stored) for typed, stored in zip(tokens, key_tokens) if typed != stored]
    return len(different) == 1 and _nearly_the_word(*different[0])


def matches(given: str, stored_key: str) -> bool:
    """Does the name a member typed match the stored key (see :func:`name_key`)?

    Equal keys match, ignoring spaces ("McDonald" == "Mc Donald"), and so does a business name
    with one word typed nearly (:func:`_nearly_the_business_name`). A longer text
    matches when its last words are the stored name and only a few given names
    precede them ("Maria Garza" matches "Garza"). "Last, First" is accepted too,
    read as its part before the comma only.
    """
    key_tokens = stored_key.split()
    if not key_tokens:
        return False
    # One text tests one name: "Last, First" is read only as its last name, so
    # "Garza, Smith" cannot try Garza and Smith at once. The whole text still
    # matches exactly ("Garza Ranch, L.L.C.").
    tokens = _tokens(given)
    if tokens and _compact(tokens) == _compact(key_tokens):
        return True
    if _nearly_the_business_name(tokens, key_tokens):
        return True  # "rio frio pecan llc" for "Rio Frio Pecans LLC"
    if "," in given:
        tokens = _tokens(given.split(",", 1)[0])  # "Garza, Maria"
        if tokens and _compact(tokens) == _compact(key_tokens):
            return True
    if len(tokens) > 1 and tokens[0] in TITLES:
        # "Mr. Bartholomew Fairbanks", "Sra. Olvera": a title before the name is no given name, so it
        # never counts against MAX_GIVEN_NAMES; a name on file that starts with one ("Don Pedro
        # Ranch") matched exactly above.
        tokens = tokens[1:]
        if _compact(tokens) == _compact(key_tokens):
            return True
    extra = len(tokens) - len(key_tokens)
    return 0 < extra <= MAX_GIVEN_NAMES and tokens[extra:] == key_tokens
