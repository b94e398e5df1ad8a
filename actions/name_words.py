"""Which words are ever a member's last name or business name: every word list and
threshold the name readers use, and the small rules over them.

A name is sent to the backend as one try of the member's budget, and an attacker holding
only an account number would gain one from every wrong guess: the readers of
``actions.extract`` ask this module whether words are a name. The lists answer different
questions, so they differ on purpose:

- :data:`COMMON_WORDS` is everyday speech (function words, everyday verbs, the nouns of
  talk about bills and accounts). A word of it says a text that came *unasked* with the
  account number is no name ("creo", "says", "paper", "bookkeeper"); words that are also
  frequent surnames (Brown, King, Young, Long, Day, Rose, Bueno, Campo ...) stay out.
- ``_NOT_NAMES`` are words never a name even when the name *was* asked: a text made only
  of them is an answer to something else ("yes", "help", "idk").
- ``_SENTENCE_WORDS`` mark a sentence (a question or a request) rather than a name; a long
  business name may hold one ("The Bill Smith Trust"), a short text may not.
- ``_FILLER_WORDS`` are the polite and framing words around a name in both languages
  ("buenas tardes, es el ..."): a text of only these is no name.
- ``_FILLER_SINGLE`` is the shorter list for a one-word text: "Good", "Bueno" or "Day"
  alone may be a last name, so a single word is filler only when it is plainly not one.

The lists share words; each shared group is written once below and the lists are built
from the groups by union.
"""

from __future__ import annotations

import re
import unicodedata

from actions.answers import plain
from common.titles import TITLES

# --- groups of words shared by several lists ------------------------------------------------
# The words of any answer about the account ("please, my account number is it, thank you"):
# never a name, filler around one, and a mark of a sentence.
_ANSWER_FRAME = frozenset({"account", "number", "my", "me", "it", "is", "you", "please", "thanks"})
# The framing of a name answer in English ("hi, the last name is ...", "it's ...", "ok"):
# never a name, and filler around one ("y" is a texted yes, and Spanish "and").
_NAME_FRAME = frozenset({"hi", "hello", "hey", "thank", "ok", "the", "a", "an", "of", "and", "y", "its", "it's",
                         "name", "last"})
# Questions and requests ("where is it", "help", "i'm ...", "start over", "yes"): never a
# name, and a mark of a sentence.
_QUESTION_WORDS = frozenset({"what", "where", "why", "how", "who", "help", "yes", "no", "i", "im", "i'm", "acct",
                             "email", "zip", "ssn", "start", "over"})
# Talk about the bill ("that is there on my bill", "this was it"): filler around a name, and a
# mark of a sentence (which already refuses a text of only these words).
_BILL_TALK = frozenset({"bill", "this", "that", "there", "was", "are"})
# Spanish words never a name even alone (articles, two-letter words, greetings, the words of
# "mi apellido es"; "y" is in _NAME_FRAME): filler around a name and filler on their own.
_SPANISH_FILLER_SINGLE = frozenset({
    "es", "el", "la", "los", "las", "mi", "de", "del", "que", "si", "sí", "soy", "hola", "gracias",
    "apellido", "nombre", "cuenta", "número", "numero", "buenas", "buenos", "saludos", "favor", "porfa",
    "tardes", "noches", "dias", "días", "registrarme", "inscribirme",
})

# Discourse markers and fillers: the words a speaker frames an answer with, meaning nothing of the
# answer itself ("dale, es ...", "ok well, here you go: ...", "bueno pues mira, ..."). Taken whole
# from the grammars' classes of conversational markers rather than from one member's message:
# Spanish, the "marcadores conversacionales" of Martín Zorraquino and Portolés (Gramática
# descriptiva de la lengua española, ch. 63): of agreement ("bueno", "vale", "dale", "va", "sale",
# "órale", "ándale", "okey", "ok", "claro", "listo"), of calling the listener's attention ("mira",
# "mire", "oye", "oiga", "fíjese"), metadiscursive and hesitation ("pues", "este", "eh", "o sea",
# "bueno"); English, Schiffrin's discourse markers (Discourse Markers, 1987: "oh", "well", "so",
# "now", "then", "I mean", "y'know") with the hesitation fillers ("um", "uh", "er", "hmm") and the
# acknowledgements ("ok", "okay", "alright", "sure", "right"); and the presentatives that hand a
# value over ("here you go", "here it is", "aquí está", "aquí tiene", "ahí va"). "Dale", "Sale",
# "Bueno", "Mira", "Well" and "Sure" are also surnames: a text made only of these words is no name,
# but one of them alone, sent when the name is asked, still is (``_FILLER_SINGLE`` leaves them out).
_DISCOURSE_MARKERS = frozenset({
    # Spanish
    "dale", "va", "sale", "órale", "orale", "ándale", "andale", "bueno", "pues", "vale", "okey", "oki", "ok", "claro",
    "listo", "mira", "mire", "oye", "oiga", "fíjese", "fijese", "este", "eh", "ey", "o", "sea", "entonces", "ya",
    "aquí", "aqui", "ahí", "ahi", "está", "esta", "tiene", "le",
    # English
    "okay", "alright", "sure", "right", "well", "so", "now", "then", "oh", "um", "umm", "uh", "er", "hmm", "mean",
    "y'know", "i", "know", "like", "here", "there", "you", "go", "are", "it", "is", "anyway", "yeah", "yes",
})
# --- everyday speech ---------------------------------------------------------------------------
# The English list leaves out the words of the groups above, which join it in COMMON_WORDS.
_ENGLISH = """
spelled spell spelt spelling written better rather instead anymore
about above after again against all almost also although always am any anyone anything
around as at away back be because been before being below between both but by can cannot
could did do does doing done down during each either else enough even ever every for from
further had has have having he her here hers herself him himself his how however i if in into
itself just least less let might mine more most much must myself neither never
no nobody none nor not nothing now off on once one only onto or other our ours ourselves out
over own perhaps quite rather same she should since so some somebody someone something
such than their theirs them themselves then these they those though through
thus to too toward towards under until up upon us very we were what whatever when where
whether which while who whom whose why will with within without would yet your yours
yourself yourselves im i'm i'd i'll i've you're we're they're that's there's what's
don't doesn't didn't can't won't isn't wasn't aren't haven't hasn't wouldn't couldn't
shouldn't let's dont doesnt didnt cant wont isnt wasnt arent havent hasnt thats theres whats
yes yeah yep yup nope okay sure thx pls plz sorry oops um uh hmm
lol well oh ah alright anyway actually really maybe probably already still again also just
say says said saying tell tells told telling see sees saw seen look looks looked looking read
reads reading show shows shown get gets got getting give gives gave given go goes went going
gone come comes came coming make makes made making take takes took taken know knows knew
think thinks thought believe guess mean means meant want wants wanted need needs needed like
likes liked try tries tried use used using find found keep kept put set write wrote written
send sent sending call called ask asked answer answered mention mentioned remember forgot
forget wait waiting hold here's check checked register registering registered sign signing
signed enroll manage manages managed work works worked help helps have has had let lets
get glasses paper bills statement invoice letter mail email e-mail address phone text
acct accounts numbers no. num digits digit names first middle full
surname owner holder customer member members bookkeeper accountant
manager secretary wife husband son daughter mother father mom dad friend
online access portal website site login password code zip social security
card copy top bottom left right side page line front near next above below print printed
confusion afraid mistake mistakes typo typos misspelled misspelt mistyped sure yet again seriously why both
question questions
accept accepts accepted agree agreed terms
past due overdue balance amount
"""

_SPANISH = """
a al algo alguien ante aqui aquí asi así aun aún bajo cada casi como cómo con contra cual cuál
cuando cuándo de del desde donde dónde durante e el él ella ellas ello ellos en entre era eran
eres es esa esas ese eso esos esta está estaba estamos están estar estas este esto estos estoy
fue fueron fui ha han has hasta hay he la las le les lo los más mas me mi mí mis mucho muy
nada ni no nos nosotros o os otra otro para pero poco por porque que qué quien quién se sea
según ser si sí sin sino sobre somos son soy su sus también tambien tan tanto te tener tengo
tiene tienen todo todos tu tú tus un una uno unos unas usted ustedes vez y ya yo
hola buenas buenos gracias porfa favor pues vale claro oiga mire ok
creo pienso digo dice dijo dije decir dicho veo ve ver mira miro leo lee dice pone puse puso
quiero quisiera queria quería necesito puedo puede tenemos tengo tiene es son fue era esperar
espera espere registrar registrarme inscribir inscribirme darme alta acceso linea línea
cuenta cuentas numero número nombre apellido apellidos factura recibo papel correo telefono
teléfono codigo código postal seguro social contraseña titular dueño dueña
esposo esposa marido mujer hijo hija mamá mama papá papa gringo jaja jeje
continúe continúa continua continuar sigue siga sigamos seguimos prosiga
espéreme espereme esperame tantito pregunto escribe equivoqué equivoque mejor uso usaba ya
ay uy ups oye perdón disculpa disculpe disculpen siento
perdón perdon disculpe disculpa confundí confundi
acepto acepta aceptar aceptamos aceptado acuerdo términos terminos
saldo vencido adeudo
"""

# Apologies and their reasons said beside a corrected name ("sorry autocorrect. Kowalski"): never a name.
APOLOGY_WORDS = frozenset({
    "sorry", "oops", "whoops", "autocorrect", "autocorrected", "auto-correct", "autocorrecter", "spellcheck",
    "typo", "perdon", "perdón", "perdone", "disculpe", "disculpa", "ups", "uy", "corrector", "autocorrector",
})
COMMON_WORDS = frozenset((_ENGLISH + _SPANISH).split()) | APOLOGY_WORDS | _ANSWER_FRAME | _NAME_FRAME | _BILL_TALK
_COMMON_PLAIN = frozenset(plain(word) for word in COMMON_WORDS)

# --- words never a name, words of a sentence, polite filler -----------------------------------
# Words that are never a name on their own (answers to other questions, fillers).
_NOT_NAMES = _ANSWER_FRAME | _NAME_FRAME | _QUESTION_WORDS | {
    "business", "bye", "hmm", "huh", "idk", "k", "lol", "n", "nope", "okay", "pls", "reads", "says", "shows",
    "sorry", "stop", "sure", "test", "thx", "uh", "um", "wait", "yeah", "yep",
}
# Words that make a text a sentence (a question, a request, talk about the account).
_SENTENCE_WORDS = _ANSWER_FRAME | _QUESTION_WORDS | _BILL_TALK | {
    "when", "can", "could", "would", "should", "do", "does", "did", "don't", "dont", "want", "need", "find",
    "know", "register", "sign", "signup", "password", "your", "question", "answer", "wrong", "change",
    "again", "mind", "person", "human", "agent", "call", "phone", "not", "have", "get", "got", "send", "link",
    "online", "access", "login", "log", "forgot", "meter", "if", "whats", "what's", "wheres", "where's", "hows",
}
# Words that are never a name on their own, and that a polite member writes around the
# account number and the name ("es el 1004567823", "buenas tardes, a nombre de Garza").
_FILLER_WORDS = _ANSWER_FRAME | _NAME_FRAME | _BILL_TALK | _SPANISH_FILLER_SINGLE | {
    # Spanish
    "lo", "mis", "su", "sus", "al", "e", "o", "u", "un", "una", "somos", "está", "esta", "estan", "están",
    "son", "era", "fue", "buen", "dia", "día", "muchas", "por", "porfavor", "señor", "señora", "senor",
    "senora", "apellidos", "num", "núm", "bajo", "aquí", "aqui", "tiene", "tengo", "pues", "bueno", "vale",
    "claro", "ahí", "ahi", "va", "ese", "eso", "este", "esto", "mío", "mio", "nuestro", "nuestra", "con", "en",
    "para", "negocio", "empresa", "compañía", "compania", "titular", "factura", "recibo", "quiero", "quisiera",
    "queria", "quería", "registrar", "inscribir", "registro", "inscripción", "inscripcion", "darme", "alta",
    "acceso", "línea", "linea", "hacer", "necesito", "puedo", "ayuda", "deseo", "gustaría", "gustaria", "le",
    "les", "usted", "ustedes",
    # English politeness and framing
    "good", "morning", "afternoon", "evening", "dear", "sir", "madam", "maam", "ma'am", "greetings", "regards",
    "kind", "kindly", "under", "on", "our", "we", "to", "for", "as", "be", "holder", "surname", "family",
} | _DISCOURSE_MARKERS
# A single word that is plainly not a name (two-letter Spanish words, greetings); "Good" or
# "Day" alone may be a last name, so single words count only from this shorter list.
_FILLER_SINGLE = _NOT_NAMES | _SPANISH_FILLER_SINGLE

# --- acknowledgements and terms of address around a name ------------------------------------------
# "ok fine. garza", "I just told you dear, it is Garza", "bueno pues, Garza", "ya le dije, joven":
# a clause of only these words is talk to the bot, never the name. Some are surnames too
# ("Fine", "Hon"), so they are skipped only as a clause of their own beside other words, and a
# one-word answer made of one of them still is that answer.
_ACKNOWLEDGEMENTS = frozenset({
    "ok", "okay", "k", "fine", "alright", "all", "right", "then", "ya", "yes", "yeah", "yep", "sure", "well", "so",
    "again", "already", "now", "bueno", "pues", "vale", "claro", "sí", "si", "ándale", "andale", "órale", "orale",
    "listo", "entonces", "bien", "está", "esta", "va", "sale", "dale", "okey", "oki", "ahí", "ahi",
}) | _DISCOURSE_MARKERS
_TERMS_OF_ADDRESS = frozenset({
    "dear", "hon", "honey", "sweetie", "sweetheart", "darling", "love", "sir", "maam", "ma'am", "madam", "miss",
    "buddy", "friend", "dude", "man", "mijo", "mija", "joven", "señorita", "senorita", "señor", "senor", "señora",
    "senora", "seño", "amigo", "amiga", "reina", "corazón", "corazon", "mi", "my",
})
_ADDRESS_OR_ACKNOWLEDGEMENT = _ACKNOWLEDGEMENTS | _TERMS_OF_ADDRESS | APOLOGY_WORDS

# The words a reply opens with that also begin business names ("Well Written Books", "Sure Shot Pest
# Control", "Yes Ma'am Catering", "Hola Taqueria", "Good Day Cafe"): acknowledgements, greetings and
# terms of address. Not the words that present a name ("it's", "es", "here you go", "aquí está", "my"),
# nor apologies ("oops Kowalski" corrects): those never begin a name sent whole (``opens_an_answer``).
_GREETINGS = frozenset({"hi", "hello", "hey", "hola", "good", "morning", "afternoon", "evening", "day", "buenas",
                        "buenos", "buen", "dia", "día", "dias", "días", "tardes", "noches"})
_PRESENTING = frozenset({"it", "is", "it's", "its", "i", "you", "are", "here", "there", "go", "know", "mean", "like",
                         "está", "esta", "aquí", "aqui", "ahí", "ahi", "tiene", "le", "my", "mi"})
_OPENING_WORDS = (_ACKNOWLEDGEMENTS | _TERMS_OF_ADDRESS | _GREETINGS) - _PRESENTING


def only_address_or_acknowledgement(value: str) -> bool:
    """True for a clause made only of acknowledgements and terms of address ("ok fine",
    "dear", "bueno pues", "mijo"): said to the bot, never a name candidate."""
    words = [w.strip(".,;:!¡¿?'\"").lower() for w in value.split()]
    words = [w for w in words if w]
    return bool(words) and all(w in _ADDRESS_OR_ACKNOWLEDGEMENT for w in words)


def opens_an_answer(value: str) -> bool:
    """Are these words only the opening of a reply (``_OPENING_WORDS``: "Well", "Yes Ma'am", "Hola",
    "Good Morning"), words that also begin a business name?"""
    words = [w.strip(".,;:!¡¿?'\"").lower() for w in value.split()]
    return bool(words) and all(w in _OPENING_WORDS for w in words)


def acknowledgement_only(value: str) -> bool:
    """A whole answer of several acknowledgements and terms of address ("ok fine", "yes dear",
    "bueno pues"): no name and no try. One such word alone ("Fine") may be a last name."""
    return len(value.split()) > 1 and only_address_or_acknowledgement(value)


def is_common(word: str) -> bool:
    """Is this word (any case, accents and punctuation around it ignored) a common word rather than
    a name? Accents ignored: members texting leave them out ("perdon", "aqui")."""
    return plain(word.strip(".,;:!?¡¿'\"()")) in _COMMON_PLAIN


def is_plausible_name(value: str) -> bool:
    """Could this be a last name or a business name (and not a sentence or a filler word)?"""
    value = value.strip()
    if not value or len(value) > 80 or "?" in value or "@" in value:
        return False
    if not all(_is_name_character(ch) for ch in value):
        return False
    letters = sum(ch.isalpha() for ch in value)
    if letters < 2 or sum(ch.isdigit() for ch in value) > letters:
        return False
    words = [w.strip(".,").lower() for w in value.split()]
    if len(words) > 7:
        return False
    if all(w in _NOT_NAMES for w in words) or only_filler_words(value):
        return False
    sentence_words = sum(w in _SENTENCE_WORDS for w in words)
    return sentence_words == 0 or (len(words) >= 3 and sentence_words <= 1 and words[0] not in _SENTENCE_WORDS)


# A remark after a name, in brackets or after a spaced dash ("Blue Heron Vineyards (I mentioned that
# already)", "Ibáñez (ya se lo dije)", "Garza - I told you already"); a hyphen inside a name
# ("Ramírez-Olvera") has no spaces around it.
_TRAILING_REMARK_RE = re.compile(r"^(?P<name>.*?[^\s(\[])\s*(?:[(\[](?P<bracketed>[^()\[\]]*)[)\]]\.?|"
                                 r"\s[-–—]+\s+(?P<dashed>[^-–—]+))\s*$")


def without_remark(value: str) -> str:
    """The name without a remark after it that is plainly talk, not a name: one holding a common word
    (``is_common``: "as I said", "ya se lo dije"). A name's own words in brackets ("Garza (Lindqvist)")
    stay, so such a text is no candidate rather than a wrong one, and so does a question ("Garza (why do you
    need it?)"), which is answered as before; the remark costs no try either way."""
    found = _TRAILING_REMARK_RE.match(value.strip())
    if not found:
        return value
    remark = found.group("bracketed") if found.group("bracketed") is not None else found.group("dashed")
    words = re.findall(r"[^\W\d_][\w'’]*", remark)
    if words and "?" not in remark and any(is_common(word) for word in words):  # a question wants its answer
        return found.group("name").strip()
    return value


# How a name is spelled, said after it ("Kowalski with an i", "Vogel con V", "Bauer, spelled B-A-U-E-R",
# "Vogel like the bird", "Gray with an a", "Hill with two l's", "Núñez como se escribe"): talk about the
# name, never part of it. Its letter or its likeness is no name word. Three kinds, as sure as they are:
# - ``letter``: a lone letter after "with" / "con" ("with an i", "con V", "with two l's");
# - ``spelling``: words no name holds ("spelled", "se escribe", "ending in", "que termina en");
# - ``likeness``: words business names hold too ("Tacos Como En Casa", "Cabins Like The Wind", "Well
#   Written Books"), see ``_is_a_remark``.
_SPELLING_REMARK_RE = re.compile(
    r"(?<=[^\s,;:(-])(?P<sep>\s*[,;:(-]?\s*)(?:"
    r"(?P<letter>\b(?:with|w/|con)\s+(?:(?:an?|una?|la|el|the|one|two|2|double|doble|dos)\s+)?(?-i:[A-Za-zÑñ])(?:'?s\b|\b))"
    r"|(?P<spelling>\b(?:spelled|spelt|se\s+escribe|como\s+se\s+escribe|ending\s+(?:in|with)|que\s+termina\s+en)\b"
    # "Sánchez con acento", "Pena sin tilde", "Muller with an umlaut": how it is written, never the name
    r"|\b(?:with|without|con|sin)\s+(?:(?:an?|the|el|la|un|una)\s+)?(?:accents?|acentos?|tildes?|umlauts?|di[eé]resis)\b)"
    r"|(?P<likeness>\b(?:like\s+the|as\s+in|written|escrito|como\s+(?:el|la|los|las|en))\b)"
    r")",
    re.I,
)


def _is_a_remark(found: re.Match[str], value: str) -> bool:
    """Is this match talk about the spelling rather than words of the name? A lone letter is, when
    nothing or talk follows it ("Kowalski with an i", "... with an i, not a y", "con V de Víctor"),
    not when a name goes on ("Cabins With A View", "Fun With A K Daycare"). A likeness is, when set off
    from the name ("Vogel, como el pájaro", "Bauer - written B-A-U-E-R") or, in English, written in lower
    case ("Vogel like the bird"); a likeness in Spanish ("Tacos Como En Casa", "tacos como en casa") or
    written as printed ("Run Like The Wind Farm", "Well Written Books") is part of the name."""
    if found.group("spelling"):
        return True
    following = re.findall(r"[^\W\d_][\w'’]*|[^\w\s]", value[found.end():])
    if found.group("letter"):
        return not following or not following[0][0].isalpha() or is_common(following[0])
    if any(mark in found.group("sep") for mark in ",;:(-"):
        return True
    marker = found.group("likeness")
    return marker[0].islower() and not marker.lower().startswith(("como", "escrito"))


def without_spelling_remark(value: str) -> str:
    """The name without how it is spelled said after it ("Kowalski with an i" -> "Kowalski", "Vogel con
    V" -> "Vogel"): the remark would go to the backend as part of the name and cost a try. A business
    name holding such words stays whole ("Tacos Como En Casa", "Cabins With A View": ``_is_a_remark``)."""
    value = value.strip()
    for found in _SPELLING_REMARK_RE.finditer(value):
        if _is_a_remark(found, value):
            return value[: found.start()].strip()
    return value


# Besides letters, marks and ASCII digits: what business names and compound surnames hold.
_NAME_PUNCTUATION = frozenset("&'’.,- ")


def _is_name_character(ch: str) -> bool:
    """A letter of any script ("Nguyễn", "Wałęsa", "Şahin", "Ødegård"), a combining mark (a name
    typed decomposed, "e" + U+0302 + U+0303), an ASCII digit or the punctuation of names. The
    backend folds accents and case when it compares (``backend.identity.names``)."""
    return (ch.isalpha() or unicodedata.category(ch).startswith("M") or ch in "0123456789"
            or ch in _NAME_PUNCTUATION)


def only_filler_words(value: str) -> bool:
    """True when a name candidate holds nothing but filler ("es el", "buenas tardes", "good
    afternoon"): such a text is never sent to the backend as a (wrong) name."""
    words = [w.strip(".,;:!¡¿?'\"").lower() for w in value.split()]
    words = [w for w in words if w]
    if not words:
        return True
    if len(words) == 1:
        return words[0] in _FILLER_SINGLE
    return all(w in _FILLER_WORDS for w in words)


# Surnames that are also function words or everyday words ("Es", "La", "De", "Del", "Ya", "Paz",
# "Luna", "Cruz"): inside a sentence they are words ("ya le dije", "es Garza", "de nada"), but one of
# them sent alone to the name question is a name, checked as one (one try), whatever it also means.
_SURNAMES_AMONG_WORDS = frozenset({"es", "la", "de", "del", "ya", "le", "paz", "luna", "cruz", "sol", "mar", "rey"})


def lone_surname(text: str | None) -> str | None:
    """The message, when it is nothing but one word that is also a surname (``_SURNAMES_AMONG_WORDS``),
    or name particles before such a word ("La Paz", "De La Cruz"): the name as typed, its closing
    punctuation dropped. None for anything else ("ya le dije", "es Garza", "es la")."""
    value = (text or "").strip().rstrip(".!").strip()
    words = value.lower().split()
    if not words or len(words) > 3 or not all(w.isalpha() for w in words):
        return None
    if len(words) == 1:
        return value if words[0] in _SURNAMES_AMONG_WORDS else None
    *before, last = words
    if last in _SURNAMES_AMONG_WORDS and last not in _NAME_PARTICLES and all(w in _NAME_PARTICLES for w in before):
        return value
    return None


# --- polite words around a name, in English and Spanish ----------------------------------------
# Terms of address said before or after a name ("Garza, hon", "joven, Garza", "dear Garza"); not
# "love" or "man", which are surnames more often than words said to the bot.
_ADDRESS_WORDS = (r"dear|hon|honey|sweetie|sweetheart|darling|sir|ma'?am|madam|miss|mijo|mija|joven|"
                  r"se[ñn]orita|se[ñn]ora|se[ñn]or")
_NAME_FILLER_LEAD_RE = re.compile(
    r"^(?:(?:hola|buenas|buenos|buen|d[ií]as?|tardes|noches|gracias|muchas|s[ií]|ok|bueno|pues|claro|y|and|"
    r"(?:el|la)(?=\s+(?:sra?|srta|dra?|don|do[nñ]a)\b)|"  # "la Sra. Kessler": the article of a title
    # the discourse markers of _DISCOURSE_MARKERS that open an answer, set off by punctuation ("dale,
    # Garza"; "Dale Ranch" is a name), and the presentatives
    r"(?:dale|va|sale|[oó]rale|[aá]ndale|okey|okay|alright|mira|mire|oye|oiga|este|well|so|um+|uh+)(?=\s*[,.!:;-])|"
    r"here\s+(?:you\s+(?:go|are)|it\s+is)|there\s+you\s+go|aqu[ií]\s+(?:est[aá]|tiene|va)|ah[ií]\s+(?:va|le\s+va)|"
    r"good\s+(?:morning|afternoon|evening|day)|hello|hi|thank\s+you|thanks|please|por\s+favor|"
    r"(?:(?:yo\s+)?(?:quiero|quisiera|deseo|necesito|me\s+gustar[ií]a)\s+)?(?:me\s+)?(?:registrarme|inscribirme|"
    r"registrar|inscribir|darme\s+de\s+alta)|" + _ADDRESS_WORDS + r")(?:[\s,.!:;-]+|$))*"
    r"(?:(?:(?:el|mi|su|nuestro)\s+)?(?:(?:apellido|nombre|titular)(?:\s+(?:del?|de\s+la)\s+(?:titular|cuenta|negocio|empresa))?"
    r"(?:\s+(?:es|era))?|(?:la\s+)?cuenta\s+(?:est[aá]\s+)?(?:a\s+nombre\s+de|bajo\s+(?:el\s+nombre\s+(?:de\s+)?)?)|"
    r"est[aá]\s+(?:a\s+nombre\s+de|bajo(?:\s+el\s+nombre(?:\s+de)?)?)|a\s+nombre\s+de|bajo\s+el\s+nombre(?:\s+de)?|"
    r"se\s+llama|me\s+llamo|soy|somos|es\s+(?:el|la)|es|my\s+last\s+name\s+is|"
    r"(?:it'?s\s+)?(?:in|under)\s+the\s+name(?:\s+of)?|it'?s\s+under)"
    r"(?:[\s,:=-]+|$))?",
    re.I,
)
_NAME_FILLER_TRAIL_RE = re.compile(
    r"(?:[\s,.!;-]+(?:gracias|muchas\s+gracias|por\s+favor|porfa|saludos|please|thanks|thank\s+you|"
    + _ADDRESS_WORDS + r"))+[\s.!]*$", re.I)


def strip_name_filler(value: str) -> str:
    """Take the polite and framing words off a name answer, in both languages:
    "es el" -> "", "mi apellido es Garza" -> "Garza", "a nombre de Garza, gracias" -> "Garza"."""
    previous = None
    original = value = value.strip()
    while value != previous:
        previous = value
        value = _NAME_FILLER_LEAD_RE.sub("", value).strip()
        value = _NAME_FILLER_TRAIL_RE.sub("", value).strip()
    if not value and len(original.split()) == 1 and original.strip(".,!").lower() not in _FILLER_SINGLE:
        return original  # "Bueno", "Claro": one word that is also a last name stays the answer
    return value



# --- names that come without being asked ---------------------------------------------------------
# Each guess costs a try of the backend's budget, and one message buys one guess: words that
# merely come with the account number become the name only when they plainly look like one.
# "and" / "y" between two words of a business name count as "&" does ("Feed and Seed Inc").
NAME_CONNECTORS = frozenset({"and", "y"})
BARE_NAME_MAX_WORDS = 4  # not counting "&" and legal forms: "hill country feed & seed inc"
_BUSINESS_SUFFIXES = {"llc", "l.l.c", "inc", "co", "corp", "ltd", "lp", "llp", "pllc"}
# Words inside a name ("De la Garza", "Van Buren") that are common words elsewhere.
_NAME_PARTICLES = {"de", "del", "la", "las", "los", "van", "von", "der", "den", "da", "di", "du", "le", "st", "mc", "mac"}


# The words that make a name a business's, not a person's ("Blue Heron Vineyards", "Rancho El Nopal",
# "Ridgeway Community Church"): with the legal forms, the kinds of member a rural co-op serves.
BUSINESS_WORDS = frozenset(_BUSINESS_SUFFIXES | {
    "vineyard", "vineyards", "winery", "wines", "ranch", "ranches", "farm", "farms", "church", "dairy", "orchard",
    "orchards", "company", "feed", "nursery", "co-op", "cooperative", "ministries", "chapel", "school",
    "rancho", "iglesia", "granja", "lechería", "lecheria", "viñedo", "viñedos", "vinedo", "vinedos", "bodega",
    "huerta", "huerto", "vivero", "capilla", "escuela", "cooperativa", "compañía", "compania",
})
# Words of a printed name that are written small ("Rancho el Nopal", "Feed and Seed").
_SMALL_NAME_WORDS = _NAME_PARTICLES | NAME_CONNECTORS | {"el", "of", "the", "&"}
_BUSINESS_PLAIN = frozenset(plain(word) for word in BUSINESS_WORDS)


def has_business_word(value: str) -> bool:
    """Does the name hold a word of a business (``BUSINESS_WORDS``: "Vineyards", "Rancho", "LLC")?"""
    return any(plain(word.strip(".,")).lower() in _BUSINESS_PLAIN for word in value.split())


def printed_words(value: str) -> str:
    """The leading words of ``value`` written as a printed name: capitalised, or a small word between two
    capitalised ones ("El Nopal y queremos registrarnos" -> "El Nopal", "Feed and Seed Inc")."""
    words = value.split()
    kept: list[str] = []
    for index, word in enumerate(words):
        following = words[index + 1] if index + 1 < len(words) else ""
        if word[:1].isupper() or (kept and word.lower() in _SMALL_NAME_WORDS and following[:1].isupper()):
            kept.append(word)
        else:
            break
    return " ".join(kept)


def looks_like_business_name(value: str) -> bool:
    """A name written as printed ("Rancho El Nopal", "Blue Heron Vineyards") with a word of a business:
    never a person's name or a sentence."""
    return (0 < len(value.split()) <= BARE_NAME_MAX_WORDS + 2 and printed_words(value) == value
            and is_plausible_name(value) and has_business_word(value))


# Words of when ("for March", "en marzo", "starting Monday", "para el lunes", "next month"): said
# unasked beside the account number they say when the member wants something, never whose account it
# is. Months and days are surnames too ("March", "May", "Abril", "Mayo", "Domingo"), so they are no
# common words: only a candidate made of nothing else (``says_when``) is no name, and a one-word answer
# to the name question ("May") is still that answer.
_WHEN_WORDS = frozenset("""
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday
today tonight tomorrow yesterday week weekend month year morning afternoon evening
enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre
lunes martes miercoles jueves viernes sabado domingo
hoy manana ayer semana mes ano tarde noche
""".split())
# The words around a word of when ("starting next Monday", "a partir del lunes", "by the end of March").
_AROUND_WHEN = frozenset("""
for in on by until till from since starting beginning before after next this every each end of the
en para por desde hasta antes despues a partir empezando el la los las del de proximo que viene fin cada este esta
""".split())


def says_when(value: str) -> bool:
    """Is the candidate only a time ("March", "starting Monday", "el lunes", "next month", "Mayo"): at
    least one word of when and nothing but the words around one? "Domingo Reyes" or "Mayo Ranch" is a name."""
    words = plain(value).replace("?", " ").split()
    return (any(word in _WHEN_WORDS for word in words)
            and all(word in _WHEN_WORDS or word in _AROUND_WHEN for word in words))


def looks_like_bare_name(value: str) -> bool:
    """A short run of words none of which is common speech ("Garza", "garza ranch llc"), not
    "creo", "on the paper" or "the bookkeeper at the vineyard", nor only a time ("March": ``says_when``)."""
    words = value.split()
    inner = set(range(1, len(words) - 1))
    counted = [w for index, w in enumerate(words)
               if w != "&" and w.strip(".,").lower() not in _BUSINESS_SUFFIXES
               and not (index == 0 and len(words) > 1 and plain(w.strip(".,")).lower() in TITLES)
               and not (index in inner and w.lower() in NAME_CONNECTORS)]
    if not counted or counted[-1].strip(".,").lower() in _NAME_PARTICLES or says_when(value):
        return False
    return (len(counted) <= BARE_NAME_MAX_WORDS and is_plausible_name(value)
            and not any(is_common(w) and w.strip(".,").lower() not in _NAME_PARTICLES for w in counted))


# "ya te dije, Lone Star Pump & Well Company", "I already told you, Garza", "like I said, Krause": a
# reminder before the name at the name question is talk (its "ya" is no yes), never part of the name.
_TOLD_ALREADY_RE = re.compile(
    r"^\s*(?:(?:ya|como)\s+(?:te|le|les|se\s+lo)\s+dije|ya\s+lo\s+dije|i\s+(?:already\s+)?told\s+you(?:\s+already)?"
    r"|(?:like|as)\s+i\s+(?:said|told\s+you)(?:\s+(?:before|already))?|i\s+already\s+said)\s*[,:;.!-]+\s*",
    re.I)


def without_told_already(text: str) -> str:
    """``text`` without a reminder that the name was given before ("ya te dije, Garza" -> "Garza")."""
    return _TOLD_ALREADY_RE.sub("", text, count=1)
