"""An e-mail address said in words ("ruth delacroix at gmail dot com, all together no space").

Members who text as they would say it on the phone spell the address out: "at" / "arroba" for
the @, "dot" / "punto" for a dot, "underscore" / "guion bajo" for _, "dash" / "guion" for -.
Reading only the word next to "at" made "ruth delacroix at gmail dot com" into
delacroix@gmail.com, a stranger's mailbox where the activation link would go. So every word of
the local part is kept:

- words joined by a spoken separator ("ruth dot delacroix") are that address;
- words side by side are joined when the member says so ("all together", "no space",
  "todo junto", "sin espacio");
- otherwise the joined address is only a guess (``Spoken.guessed``): the form asks "Did you mean
  ...?" (``actions.email_typos``), never taking it, and never dropping a word.

The local part starts after the words that introduce an address ("my email is", "mi correo es",
"it's") or a comma; it is read only at the e-mail question (``actions.extract``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DOT = r"(?:dot|punto|period)"
_TLDS = r"(?:com|net|org|edu|gov|us|co|mx|es|uk|ca|info|biz|io|me)"
# " at gmail dot com", " arroba hotmail punto es", " at yahoo dot co dot uk", " at gmail.com"
_DOMAIN_RE = re.compile(
    rf"\s+(?:at|arroba)\s+(?P<domain>[a-z0-9-]+(?:(?:\s+{_DOT}\s+|\.)[a-z0-9-]+)*)(?:\s+{_DOT}\s+|\.)"
    rf"(?P<tld>{_TLDS})\b",
    re.I,
)
# Words naming a character of the local part, as said: the two-word ones first.
_SEPARATORS = {
    ("guion", "bajo"): "_",
    ("guión", "bajo"): "_",
    ("under", "score"): "_",
    ("dot",): ".",
    ("punto",): ".",
    ("period",): ".",
    ("underscore",): "_",
    ("dash",): "-",
    ("hyphen",): "-",
    ("guion",): "-",
    ("guión",): "-",
}
# Words that introduce an address or stand before one; the local part starts after them.
# Only clear ones: "maria de la cruz at ..." keeps "de la".
_INTRO_WORDS = frozenset(
    """
    is es was era my mi su your tu the email e-mail mail address correo electronico electrónico dirección
    direccion its it's it’s use usa usar sure ok okay yes yeah yea si sí to para send manda mande envie envíe
    here aqui aquí please favor hi hello hola thanks gracias and but pero pues um uh oh at arroba new nuevo
    sorry perdón perdon no wait espera actually mejor that's thats
""".split()
)
# "all together", "no space(s) (between the names)", "todo junto", "sin espacio(s)", "todo pegado"
_JOIN_RE = re.compile(
    r"\b(?:all\s+(?:together|one\s+word)|together|one\s+word|no\s+spaces?(?:\s+between(?:\s+(?:the|them))?"
    r"(?:\s+(?:names?|words?))?)?|without\s+(?:a\s+)?spaces?|todo\s+(?:junto|pegado)|juntos?|pegados?|"
    r"sin\s+espacios?(?:\s+entre(?:\s+(?:los|las))?(?:\s+(?:nombres?|palabras?))?)?|una\s+sola\s+palabra)\b",
    re.I,
)
_LOCAL_WORD_RE = re.compile(r"[\w.+'-]+")
_MOST_WORDS = 5


@dataclass(frozen=True)
class Spoken:
    """An address read from words: ``address`` in the usual form, ``start``..``end`` the words it
    came from, ``guessed`` when words side by side were joined without the member saying so."""

    address: str
    start: int
    end: int
    guessed: bool


def read(text: str) -> Spoken | None:
    """The address spelled out in ``text`` (its last one), or None."""
    found = None
    for domain in _DOMAIN_RE.finditer(text):
        local = _local_part(text[: domain.start()])
        if local:
            pieces, start = local
            separators = ".".join(re.split(rf"\s+{_DOT}\s+|\.", domain.group("domain")))
            found = (pieces, start, domain.end(), f"{separators}.{domain.group('tld')}".lower())
    if not found:
        return None
    pieces, start, end, domain = found
    guessed = None in pieces and (pieces[0] is None or not _JOIN_RE.search(text))
    local = "".join(piece or "" for piece in pieces)
    return Spoken(f"{local}@{domain}", start, end, guessed)


def without_join_words(text: str) -> str:
    """``text`` without "all together", "no space", "todo junto" ...: words about the address only."""
    return _JOIN_RE.sub(" ", text)


def _local_part(before: str) -> tuple[list[str | None], int] | None:
    """The local part said right before " at ": its pieces in order (words, the characters named by
    separators, ``None`` for a space between two words) and where it starts in ``before``."""
    tokens = list(re.finditer(r"\S+", before))
    pieces: list[str | None] = []
    start = len(before)
    words = 0
    index = len(tokens) - 1
    while index >= 0 and words < _MOST_WORDS:
        token = tokens[index].group(0)
        if index < len(tokens) - 1 and re.search(r"[,;:!?.]$", token):
            break  # "Sure, ruthd at ...": a clause ends before the address
        word = token.lower().strip(",;:!?.\"'()")
        pair = (tokens[index - 1].group(0).lower(), word) if index > 0 else None
        if pieces and pair in _SEPARATORS:
            pieces.insert(0, _SEPARATORS[pair])
            start, index = tokens[index - 1].start(), index - 2
            continue
        if pieces and (word,) in _SEPARATORS:
            pieces.insert(0, _SEPARATORS[(word,)])
            start, index = tokens[index].start(), index - 1
            continue
        if word in _INTRO_WORDS or not _LOCAL_WORD_RE.fullmatch(word):
            break
        if pieces and pieces[0] not in ("_", ".", "-"):
            pieces.insert(0, None)  # two words side by side
        pieces.insert(0, word)
        words += 1
        start, index = tokens[index].start(), index - 1
    if index >= 0 and words >= _MOST_WORDS and _LOCAL_WORD_RE.fullmatch(tokens[index].group(0)):
        pieces.insert(0, None)  # more words than an address has: the joined guess is asked about
    while pieces and pieces[0] in ("_", ".", "-"):
        pieces.pop(0)  # "dot ruth at ...": no separator opens an address
    return (pieces, start) if any(pieces) else None
