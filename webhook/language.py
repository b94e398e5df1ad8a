"""The language of a member's message, and whether it should change the conversation's.

The web app decides a conversation's language here, in one place, for both
channels (docs/languages.md); Rasa gets the result in each message's metadata.

Four kinds of message:

- an explicit request ("español", "en español por favor", "in English please",
  "¿habla inglés?"), alone or inside a longer message ("perdon, mejor en español por
  favor. El apellido es Garza"): switches at once, whatever else the message holds,
  also where any words are an answer (a bare "English" there stays a name);
- a message that clearly carries language: lingua (its models ship in the
  wheel) ranks the languages, and the message must also hold at least one
  common word of the winner (:data:`COMMON_WORDS`), so a name ("Hernández",
  "Maria Lopez"), a number, an e-mail address or "ok" never switches. Leaving a
  language the member already has takes clear evidence: no common word of
  that language, and a whole sentence in the other one or two messages in a
  row leaning to it ("yes" or "the high school one pls" keep a Spanish
  conversation in Spanish, "si, acepto los terms" an English one in English); a first
  message is read by its grammar words, not its borrowed English nouns ("quiero hacer sign up
  para el online account" is Spanish), and a short mixed message ("mi email es ...") never
  leaves an established language;
- a Spanish pause or return ("espera, ahorita vuelvo", "un momento", "luego sigo"):
  Spanish, though it may hold no common word (:data:`_STEPPING_AWAY_OR_BACK`);
- a message in a language the co-op does not offer (French, Vietnamese,
  Chinese ...): the member is answered in the current language, with a one-line
  offer of the others, each in its own language.

Short messages are what members send, and detectors are weakest there: lingua's
high-accuracy mode is the one that separates "sí, acepto" from Portuguese, and
the common-word test is what keeps names and codes from switching anything
(tests/webhook/test_language.py measures both on short messages).
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

# Every language the detector tells apart: those the co-op may offer, and the
# most spoken other languages of the US written in the Latin alphabet (others are
# told by their script, see _FOREIGN_SCRIPTS). Each costs lingua ~25 MB.
_LINGUA_NAMES = {"en": "ENGLISH", "es": "SPANISH", "fr": "FRENCH", "pt": "PORTUGUESE",
                 "vi": "VIETNAMESE", "tl": "TAGALOG", "de": "GERMAN"}
# A message mostly in one of these scripts is in no language the co-op offers.
_FOREIGN_SCRIPTS = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "ARABIC", "CYRILLIC", "HEBREW", "THAI",
                    "DEVANAGARI", "ARMENIAN", "GEORGIAN", "ETHIOPIC", "GREEK", "KHMER", "LAO", "MYANMAR")

# Frequent words that only a sentence in that language holds (not names, not "no", "ok").
COMMON_WORDS = {
    "en": frozenset("""
        the an i i'm im my is are am was to and of in on for you your it this that yes yeah yep
        not don't dont do does did please thanks thank hi hello hey want need have has what how why
        where when who which can could would will should with about from sign up register account
        number bill password sure fine okay good great go on continue talk person agent
        help stop texting text messages message more any one mother mother's pet first
        second third last accept agree read terms forgot reset delete got get but just here there
        be been got now later again right wrong name mine our we they he she him her them them
        """.split()),
    "es": frozenset("""
        el la los las lo un una unos unas de del que y en es por para mi mis su sus tu tus
        sí si gracias hola quiero quisiera tengo tiene necesito puedo puede cuenta número numero
        correo como cómo qué que cuál cual dónde donde cuando cuándo porque favor bien claro acepto
        aceptar ayuda ayúdeme está esta estoy soy me te se le nos yo usted con sin pero ya muy
        buenos buenas días dias tardes noches sigue siga seguir vale perfecto olvidé olvide
        contraseña contrasena factura registrarme registrar inscribirme ahora también tambien
        mamá mama madre mascota escuela primera segunda tercera uno dos tres señor señora
        mensajes mensaje más mas mande manden mandes dejen deje hablar persona agente llamo
        nombre apellido leí lei términos terminos condiciones acuerdo listo lista eso esto ese
        esa aquí aqui hay ser son fue era otra otro luego después despues termino
        perdón perdon equivoqué equivoque equivocado equivocada hacer pa porfa
        """.split()),
}

# English words that Spanish-speaking members write inside Spanish sentences ("quiero hacer sign up
# para el online account", "mi email es ...", "hi quiero ..."): nouns of online access and
# greetings, never the grammar of a sentence. A first message is read by its grammar words
# (:func:`_grammar_leaning`), and a message holding one of these beside Spanish is a mixed one,
# which never leaves an established English conversation (:func:`_clear_switch`).
BORROWED_WORDS = {
    "en": frozenset("""
        hi hey hello sign up signup online account email mail login log password username user
        bill last name first terms link app web website text
        """.split()),
}

# "español", "en español por favor", "in English please", "¿habla inglés?", "spanish please"
_NAMES = {"en": r"(?:english|ingl[eé]s)", "es": r"(?:spanish|espa[nñ]ol|castellano)"}
_POLITE = r"(?:[\s,.!]*(?:please|pls|por\s+favor|porfa|thanks|gracias))?"
_OPENERS = (r"(?:(?:can|could)\s+(?:we|you|i)\s+(?:\w+\s+){0,2}|(?:do\s+)?you\s+speak\s+|speak\s+|"
            r"i\s+(?:prefer|want|need|would\s+like)\s+(?:\w+\s+){0,2}|"
            r"(?:¿\s*)?(?:habla|hablas|hablan)\s+|prefiero\s+|quiero\s+|en\s+|in\s+|"
            r"(?:continue|continuar|seguir|sigamos|contin[uú]e|siga)\s+(?:(?:en|in)\s+)?)?")


def _request_pattern(language: str) -> re.Pattern[str]:
    return re.compile(rf"^\W*{_POLITE}\s*{_OPENERS}(?:(?:en|in)\s+)?{_NAMES[language]}{_POLITE}\W*$", re.IGNORECASE)


_REQUESTS = {language: _request_pattern(language) for language in _NAMES}


def _within_pattern(language: str) -> re.Pattern[str]:
    """A request inside a longer message ("perdon, mejor en español por favor. El apellido es Garza",
    "can we do this in English?"): the language after "en" / "in", or followed by "please", said
    easier or better ("english is easier for me to read, can you switch", "she reads english better"), or preferred ("ella
    prefiere español"). A language only named ("I speak English and Spanish") asks for nothing."""
    name = _NAMES[language]
    polite = r"\s*,?\s*(?:please|pls|por\s+favor|porfa)"
    # "can we switch to English?", "change it to Spanish", "¿lo cambiamos a español?", "pásate al inglés"
    switch = (r"(?:(?:switch|change|go|move|swap|turn)\s+(?:(?:this|it|that|back|over|the\s+chat|the\s+language)\s+){0,2}"
              r"(?:to|into)|(?:cambi|pas)\w*\s+(?:(?:esto|eso|el\s+chat|el\s+idioma|de\s+nuevo)\s+){0,2}(?:a|al))")
    # "english is easier (for me)", "inglés es más fácil", "español sería mejor": the language said easier
    easier = (r"\s+(?:is|'s|would\s+be|will\s+be|es|ser[ií]a|se\s+me\s+hace)\s+(?:(?:much|a\s+lot|way|mucho)\s+)?"
              r"(?:easier|better|best|m[aá]s\s+f[aá]cil|mejor)")
    # "she prefers Spanish", "ella prefiere español", "I'd prefer English", "mejor español": preferred
    preferred = r"(?:prefer\w*|prefier\w*|mejor)\s+(?:(?:to\s+)?(?:read|write|talk|speak|do\s+it|leer|hablar)\s+)?(?:(?:el|the)\s+)?"
    # "she reads english better", "I understand English a lot better", "entiendo el inglés mejor": the
    # language read or spoken better, the same as said easier
    reads_better = (r"(?:reads?|reading|speaks?|speaking|understands?|understanding|knows?|writes?|does|do|handles?"
                    r"|lee|leo|leemos|entiend\w*|habl[oa]\w*|escrib[oe]\w*|maneja\w*)"
                    r"\s+(?:(?:the|el)\s+)?")
    better = (r"\s+(?:(?:much|a\s+lot|way|far|mucho)\s+)?(?:better|easier|more\s+easily|mejor|m[aá]s\s+f[aá]cil)")
    # "the bill is in English", "los términos vienen en inglés": a thing said to be in a language, no request
    described = "".join(rf"(?<!\b{word}\s)" for word in ("is", "are", "was", "were", "written", "printed",
                                                        "está", "esta", "están", "estan", "viene", "vienen",
                                                        "escrito", "escrita"))
    return re.compile(rf"(?<!\w)(?:{switch}\s+{name}(?:{polite})?|{described}(?:en|in)\s+{name}(?:{polite})?|{name}{polite}"
                      rf"|{name}{easier}|{reads_better}{name}{better}|{preferred}{name})(?!\w)",
                      re.IGNORECASE)


_WITHIN = {language: _within_pattern(language) for language in _NAMES}
# Words around a request that say nothing else ("perdon, mejor en español", "can we do this in English").
_REQUEST_FILLER = frozenset("""
    perdon perdón disculpe disculpa sorry oh ok okay hi hello hey hola mejor better please pls por favor porfa
    can could would we you i do this it that all everything speak talk write habla hablas hablan hablar hablame
    háblame escribe escriba prefer prefiero quiero want like i'd id continue continuar seguir sigamos siga sigue
    let's lets switch cambiar cambia cambiemos podemos puede puedes podria podría en in a the y and pero but mas
    más todo si sí es que gracias thanks thank se lo hacer esto eso conversation conversación chat
    hablemos hablamos go
    actually really easier easy fácil facil for me mí mi to read leer much way mucho she he ella él they ellos ser para
    my son daughter wife husband hijo hija esposa esposo
    """.split())
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")
_CLAUSE_END = re.compile(r"\s*,\s*")
_BARE_NAME = re.compile(rf"^\W*(?:{'|'.join(_NAMES.values())})\W*$", re.IGNORECASE)
_EMAIL_OR_URL = re.compile(r"\S+@\S+|\bhttps?://\S+|\bwww\.\S+", re.IGNORECASE)
# How sure lingua must be that a message is in a language the co-op does not offer. Typos
# look foreign to it ("regster pls": German 0.6, "wanna sinup": Tagalog 0.79), sentences
# do not ("Ich möchte mich registrieren": 0.99), so only a near-certain verdict counts.
FOREIGN_CONFIDENCE = 0.9
FOREIGN_CONFIDENCE_TWO_WORDS = 0.95
# A whole sentence in the other language switches on its own (see _clear_switch): this many words,
# this many of them common words of that language. "I want to sign up" does, "the high school one pls" not.
SENTENCE_WORDS = 5
SENTENCE_HITS = 3
# A sentence around a value (an account number, an e-mail address) is shorter: "mi email es
# x@y.com", "mi correo es ...". This many words, as many common words of the other language
# as SENTENCE_HITS less one, not counting the small words of names ("de la cruz" stays a name).
VALUE_SENTENCE_WORDS = 3
# A Spanish message that leaves for a moment or for later, or comes back ("espera, ahorita vuelvo",
# "un momento", "luego sigo", "ya volví, ¿seguimos?"): few words, often none of COMMON_WORDS, but no
# English speaker's. Each part of such a message (between commas, points, question marks) is one of
# these phrases, or an acknowledgement (``_ACKNOWLEDGING``) that alone switches nothing.
_STEPPING_AWAY_OR_BACK = {
    "es": re.compile(
        r"(?:esp[eé]r(?:a|e|ame|eme|enme)(?:\s+(?:tantito|un\s+(?:momento|momentito|rato|ratito|segundo|minuto)))?"
        r"|un\s+(?:momento|momentito|segundo|minuto|ratito)|momentito"
        r"|(?:ahorita|orita|ahora|luego|despu[eé]s|al\s+rato|m[aá]s\s+tarde|ma[nñ]ana)"
        r"\s+(?:vuelvo|regreso|sigo|le\s+sigo|seguimos|le\s+seguimos|contin[uú]o|lo\s+termino|termino|te\s+escribo|le\s+escribo)"
        r"|(?:vuelvo|regreso|sigo|le\s+sigo|lo\s+termino|te\s+escribo|le\s+escribo)\s+(?:ahorita|orita|luego|despu[eé]s|al\s+rato|m[aá]s\s+tarde|ma[nñ]ana)"
        r"|(?:me\s+)?tengo\s+que\s+ir(?:me)?|ya\s+me\s+voy|me\s+voy"
        r"|(?:ya\s+)?(?:volv[ií]|regres[eé])|ya\s+estoy\s+(?:aqu[ií]|de\s+vuelta)|(?:le\s+)?seguimos|sigamos)",
        re.IGNORECASE),
}
_ACKNOWLEDGING = re.compile(r"ok|okay|oki|va|bueno|oye|hola|ya|perd[oó]n|gracias|por\s+favor|porfa", re.IGNORECASE)
_PARTS = re.compile(r"[\s]*[,.;:!?¿¡]+[\s]*|\s+(?=¿)")
_NAME_PARTICLES = frozenset({"de", "del", "la", "las", "los", "el", "y", "van", "von", "the", "and"})
_VALUE = re.compile(r"\d|\S@\S")
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


@dataclass(frozen=True)
class Decision:
    """What a message means for the conversation's language.

    ``language`` is the language to answer this message in (and to remember);
    ``requested``: the member asked for it in so many words (``rest`` holds what else
    the message says, "" when nothing); ``foreign``: the message is in a language the co-op does not offer.
    """

    language: str
    requested: bool = False
    foreign: bool = False
    changed: bool = False
    rest: str = ""  # with ``requested``: the sentences of the message besides the request (to read as usual)


def requested_language(text: str, offered: tuple[str, ...]) -> str | None:
    """The offered language the message asks for in so many words, else None."""
    for language in offered:
        pattern = _REQUESTS.get(language)
        if pattern is not None and pattern.match(text or ""):
            return language
    return None


def request_within(text: str, offered: tuple[str, ...]) -> tuple[str, str] | None:
    """The offered language a longer message asks for in so many words, and the message's other
    sentences ("perdon, mejor en español por favor. El apellido es Garza" -> ("es", "El apellido
    es Garza")); None when it asks for none, or for more than one."""
    asked = {language for language in offered if language in _WITHIN and _WITHIN[language].search(text or "")}
    if len(asked) != 1:
        return None
    language = asked.pop()
    rest = []
    for sentence in _SENTENCE_END.split((text or "").strip()):
        if not _WITHIN[language].search(sentence):
            rest += [sentence] if _says_more(sentence) else []
            continue
        # The request's own sentence keeps only its clauses that say more than the request:
        # "es Acuña, mejor hablemos en español" -> "es Acuña", "it's Miller, can we do English please" -> "it's Miller".
        clauses = _CLAUSE_END.split(_WITHIN[language].sub(" ", sentence))
        rest.append(", ".join(clause.strip() for clause in clauses if _says_more(clause)))
    return language, re.sub(r"\s+", " ", " ".join(part for part in rest if part)).strip(" ,")


# A language named again around a request ("my wife does the Spanish", "mi esposo no habla español"):
# the reason for the request, no answer to anything.
_ANY_LANGUAGE_NAME = re.compile(rf"(?<!\w)(?:{'|'.join(_NAMES.values())})(?!\w)", re.IGNORECASE)


def _says_more(words_around: str) -> bool:
    """Do the words left around a language request hold more than politeness ("mejor", "can we do")
    or the reason for it (a part that names a language and holds no value)?"""
    if _VALUE.search(words_around):
        return True
    if _ANY_LANGUAGE_NAME.search(words_around):
        return False
    return any(word not in _REQUEST_FILLER for word in words(words_around))


def words(text: str) -> list[str]:
    """The message's words, lower case, without e-mail addresses, links and digits."""
    return _WORD.findall(_EMAIL_OR_URL.sub(" ", (text or "").lower().replace("\u2019", "'")))


_detector_lock = threading.Lock()


@functools.cache
def _build_detector():
    from lingua import Language, LanguageDetectorBuilder

    languages = [getattr(Language, name) for name in _LINGUA_NAMES.values()]
    return LanguageDetectorBuilder.from_languages(*languages).with_preloaded_language_models().build()


def _detector():
    """One detector per process (its models take ~180 MB): built once, whichever thread asks first."""
    with _detector_lock:
        return _build_detector()


def warm_up() -> None:
    """Load the detector's models now (a few seconds) rather than on a member's first message."""
    _detector()


def _ranking(text: str) -> list[tuple[str, float]]:
    codes = {name: code for code, name in _LINGUA_NAMES.items()}
    return [(codes[value.language.name], value.value) for value in _detector().compute_language_confidence_values(text)]


def _foreign_script(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < 2:
        return False
    foreign = sum(1 for ch in letters if unicodedata.name(ch, "").startswith(_FOREIGN_SCRIPTS))
    return foreign * 2 > len(letters)


def detect(text: str, current: str | None, offered: tuple[str, ...], *, free_text: bool = False,
           previous: Callable[[], str | None] | None = None, default: str | None = None) -> Decision:
    """The language to answer ``text`` in, given the conversation's ``current`` one (None: new).

    ``offered`` is ``COOPBOT_LANGUAGES``; its first is the default, unless ``default`` names
    another offered one (the web widget's page language): a default only, which a new
    conversation's first words outweigh as they outweigh the SMS channel's. ``free_text``: the
    pending question takes any words (a name, a security answer), so only an explicit
    request or a foreign script changes anything. ``previous``: reads the member's message
    before this one, which can confirm a switch (:func:`_clear_switch`); called only then, so
    most turns (numbers, addresses, the member's own language) read nothing more.
    """
    default = default if default in offered else offered[0]
    keep = current if current in offered else default
    asked = requested_language(text, offered)
    if asked and free_text and _BARE_NAME.match(text or ""):
        asked = None  # "English" may be the last name asked for: a request needs more words there
    if asked:
        return Decision(asked, requested=True, changed=asked != current)
    within = request_within(text, offered)
    if within:
        # At a free-text step too: "en español" / "in English" are no name or security answer.
        return Decision(within[0], requested=True, changed=within[0] != current, rest=within[1])
    if _foreign_script(text):
        return Decision(keep, foreign=True)
    stepping = _stepping_away_or_back(text, offered)
    if stepping:
        # "espera, ahorita vuelvo" in an English conversation: no answer to any step, and Spanish.
        return Decision(stepping, changed=stepping != current)
    if free_text:
        return Decision(keep)
    message_words = words(text)
    if not message_words:
        return Decision(keep)
    ranking = _ranking(" ".join(message_words))
    hits = _common_hits(message_words, offered)
    top, confidence = ranking[0] if ranking else (keep, 0.0)
    if top not in offered and len(message_words) >= 2 and confidence >= (
            FOREIGN_CONFIDENCE_TWO_WORDS if len(message_words) == 2 else FOREIGN_CONFIDENCE):
        return Decision(keep, foreign=True)
    leaning = _grammar_leaning(message_words, offered) if current is None else None
    if leaning is not None:
        # A first message sets the language of its grammar, whatever its nouns ("hi quiero sign up pa
        # mi cuenta online porfa", "quiero hacer sign up para el online account": Spanish).
        return Decision(leaning, changed=True)
    candidate = max(offered, key=lambda language: hits[language])
    lead = hits[candidate] - max((hits[language] for language in offered if language != candidate), default=0)
    if lead <= 0:
        return Decision(keep)  # no common word, or as many of another language: nothing clear
    detected = next((language for language, _ in ranking if language in offered), candidate)
    if detected != candidate and lead < 2 and not _first_leaning(message_words, hits, candidate, current):
        return Decision(keep)  # the detector and the common words disagree
    if candidate != keep and current is not None and not _clear_switch(message_words, hits, candidate, keep,
                                                                        previous, offered, bool(_VALUE.search(text))):
        return Decision(keep)  # a fragment ("yes", "the high school one pls") keeps the member's language
    return Decision(candidate, changed=candidate != current)


def _first_leaning(message_words: list[str], hits: dict[str, int], candidate: str, current: str | None) -> bool:
    """Does a message set ``candidate`` while the conversation has no language yet, though the
    detector ranks another first? Spanglish ("mi account es 50010009, Perez Salinas") confuses the
    detector; the common words decide when those of ``candidate``, not counting the small words of
    names ("de la Cruz"), are at least two and outnumber every other language's ("regstr me plz",
    one "me", sets nothing). Once a language is set, the usual rules
    (a mixed message keeps it) apply."""
    if current is not None:
        return False
    own = sum(1 for word in message_words if word in COMMON_WORDS.get(candidate, ()) and word not in _NAME_PARTICLES)
    return own >= 2 and own > max((count for language, count in hits.items() if language != candidate), default=0)


def _grammar_leaning(message_words: list[str], offered: tuple[str, ...]) -> str | None:
    """The offered language whose grammar a first message is written in, else None: its common
    words that are neither borrowed nouns and greetings (:data:`BORROWED_WORDS`: "sign up",
    "account", "online", "hi") nor the small words of names ("de la Cruz") are at least two and
    outnumber every other language's. Spanglish with Spanish grammar ("hey quiero hacer sign up
    para el online account, mi account es ...") is Spanish, however many English nouns it holds
    and whatever the detector ranks first; "regstr me plz" (one "me") sets nothing."""
    counts = {language: sum(1 for word in message_words
                            if word in COMMON_WORDS.get(language, ())
                            and word not in BORROWED_WORDS.get(language, ()) and word not in _NAME_PARTICLES)
              for language in offered}
    best = max(offered, key=lambda language: counts[language])
    others = max((count for language, count in counts.items() if language != best), default=0)
    return best if counts[best] >= 2 and counts[best] > others else None


def _stepping_away_or_back(text: str, offered: tuple[str, ...]) -> str | None:
    """The offered language whose words of leaving or coming back make up the whole message
    ("espera, ahorita vuelvo", "un momento", "luego sigo": Spanish), else None. An acknowledgement
    alone ("ok", "ya") is no such phrase."""
    parts = [part.strip() for part in _PARTS.split(text or "") if part.strip()]
    for language in offered:
        phrase = _STEPPING_AWAY_OR_BACK.get(language)
        if (phrase is not None and parts and all(phrase.fullmatch(part) or _ACKNOWLEDGING.fullmatch(part) for part in parts)
                and any(phrase.fullmatch(part) for part in parts)):
            return language
    return None


def _common_hits(message_words: list[str], offered: tuple[str, ...]) -> dict[str, int]:
    return {language: sum(1 for word in message_words if word in COMMON_WORDS.get(language, ()))
            for language in offered}


def _leaning(text: str | None, offered: tuple[str, ...]) -> str | None:
    """The offered language whose common words a message holds, and none of another's; else None."""
    hits = _common_hits(words(text or ""), offered)
    holding = [language for language, count in hits.items() if count]
    return holding[0] if len(holding) == 1 else None


def _clear_switch(message_words: list[str], hits: dict[str, int], candidate: str, keep: str,
                  previous: Callable[[], str | None] | None, offered: tuple[str, ...],
                  with_value: bool = False) -> bool:
    """Is there clear evidence to leave the member's language for ``candidate``?

    Members who mix languages write short fragments in the other one ("the high school one pls"
    in a Spanish conversation, "si, acepto los terms" in an English one): those never switch.
    It takes a message free of the current language's common words, holding at least two of the
    candidate's, and either a whole sentence (:data:`SENTENCE_WORDS` words or more, at least
    :data:`SENTENCE_HITS` common ones, making up half of it; around a value ``with_value``, "mi
    email es x@y.com", :data:`VALUE_SENTENCE_WORDS` words, at least two common ones besides the
    small words of names, making up half of it) or the member's previous message leaning the
    same way (two messages in a row). A bare value or "ok" holds no such words."""
    if hits[keep] or hits[candidate] < 2:
        return False
    if (len(message_words) >= SENTENCE_WORDS and hits[candidate] >= SENTENCE_HITS
            and hits[candidate] * 2 >= len(message_words)):
        return True
    if any(word in BORROWED_WORDS.get(keep, ()) for word in message_words):
        return False  # a short mixed message ("mi email es x@y.com") keeps the member's language
    sentence_hits = sum(1 for word in message_words
                        if word in COMMON_WORDS.get(candidate, ()) and word not in _NAME_PARTICLES)
    if (with_value and len(message_words) >= VALUE_SENTENCE_WORDS and sentence_hits >= SENTENCE_HITS - 1
            and sentence_hits * 2 >= len(message_words)):
        return True
    return previous is not None and _leaning(previous(), offered) == candidate
