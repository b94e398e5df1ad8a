"""Questions about how the sign-up itself works, asked in the middle of it: answered, then the pending question.

Members ask them alone or beside an answer, at any step ("does it have to be the same email you have
on file?", "78620 - is the zip where the house is or where the bill is mailed?", "are the answers case
sensitive?", "¿cuánto tarda esto?"). Each topic has one reader, several wordings in English and
Spanish; ``answer`` gives the replies of a message in the order of the topics. The form
(``actions.form``) says them before the pending question, whatever the model read, and keeps the
answer given with them (``actions.questions_beside``):

- the e-mail address: any address the member reads works, it need not be the one on file; the
  activation link goes to it;
- the ZIP code: the mailing ZIP printed on the bill (the backend compares the member file's mailing
  ZIP), not the service address's;
- capitals in the security answer: the backend compares answers case-, accent-, punctuation- and
  spacing-insensitively (``backend.privacy.hashing.normalise_answer``);
- how long it takes: a few messages, a few minutes, then the activation e-mail, whose link works for
  the backend's ``activation_ttl_hours`` (``GET /api/config``);
- the bill data others may see ("but it's printed on the bill, anybody could see it", "cualquiera lo
  puede ver en la factura"): true, it only finds the account; an account with a phone on file is also
  proven by a code texted to that phone (``actions.one_time_code``; docs/security.md, "The phone on file");
- how long the activation link works ("how long is the link good for?", "¿cuánto dura el enlace?"): those
  same hours after the sign-up. Never a request to send it again ("send the link again", "the link didn't
  arrive": ``asks_to_send_the_link_again``), which ``action_resend_email`` still answers by resending;
  after the sign-up ``actions.after_registering`` answers it.
"""

from __future__ import annotations

import re

from actions import messages
from actions.answers import plain
from actions.backend_client import CoopConfig

_EMAIL_ADDRESS = re.compile(r"\S+@\S+")


def _words(*phrases: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w'])(?:" + "|".join(phrases) + r")(?![\w'])")


_MAIL = r"(?:e\s?mail|mail|email\s+address|address|correo(?:\s+electronico)?|email)"
_ON_FILE = (r"(?:on\s+file|you\s+have|you\s+guys\s+have|in\s+your\s+(?:system|records|file)|on\s+(?:my|the)\s+"
            r"(?:account|bill|file)|(?:on|in)\s+(?:my|the)\s+(?:co\s?op|membership)\s+(?:account|file|records)|"
            r"que\s+(?:ustedes\s+)?(?:tienen|tiene|tengo)(?:\s+(?:registrad[oa]|en\s+(?:el\s+)?(?:archivo|sistema)))?|"
            r"registrad[oa]|de\s+(?:mi|la)\s+(?:cuenta|factura|recibo)|en\s+(?:mi|la)\s+(?:cuenta|factura|recibo))")
# "does it have to be the same email you have on file?", "can I use a different email than the one on my
# account?", "¿tiene que ser el mismo correo que tienen registrado?", "¿puedo usar otro correo?"
_SAME_EMAIL = _words(
    r"(?:has|have|does|do|must|should|need|needs)\s+(?:it\s+|this\s+|that\s+|the\s+(?:e\s?mail|address)\s+)?"
    r"(?:to\s+|have\s+to\s+|need\s+to\s+|needs\s+to\s+)?be\s+(?:the\s+)?same\s+" + _MAIL + r"(?:\s+(?:as\s+)?(?:the\s+one\s+)?"
    + _ON_FILE + r")?",
    r"(?:same|different|another|other|any)\s+" + _MAIL + r"\s+(?:as\s+|than\s+|from\s+)?(?:the\s+one\s+)?" + _ON_FILE,
    r"(?:can|could|may)\s+(?:i|we)\s+use\s+(?:a\s+)?(?:different|another|other|any|new)\s+" + _MAIL,
    r"(?:tiene|tienen|debe|deberia)\s+(?:que\s+)?ser\s+(?:el\s+)?mismo\s+" + _MAIL,
    r"(?:e\s?mail|email\s+address|address|correo)\s+(?:\w+\s+){0,3}?(?:be|ser)\s+(?:the\s+|el\s+)?(?:same|mismo|igual)",
    r"(?:el\s+)?mismo\s+" + _MAIL + r"\s+(?:que|de)\s+(?:el\s+que\s+)?" + _ON_FILE,
    r"(?:puedo|podemos|se\s+puede)\s+(?:usar|poner|dar)\s+(?:un\s+|una\s+)?(?:otro|otra|cualquier|diferente|distinto|nuevo)"
    r"\s+" + _MAIL,
    r"(?:sirve|vale|puede\s+ser)\s+(?:cualquier|otro)\s+" + _MAIL)
# "is the zip where the house is or where the bill is mailed?", "which zip, the service address or the
# mailing one?", "¿el código postal de la casa o donde me llega el recibo?", "¿cuál código postal?"
_ZIP = r"(?:zip(?:\s+code)?|zipcode|postal\s+code|codigo\s+postal)"
_WHICH_ZIP = _words(
    r"(?:which|what|whose)\s+" + _ZIP + r"(?!\s+(?:is|it)\s+(?:it|this)\b)",
    r"(?:cual|que)\s+" + _ZIP,
    _ZIP + r"\s+(?:\w+\s+){0,6}?(?:where|of|for|at)\s+(?:the\s+|my\s+)?(?:house|home|property|service|meter|farm|ranch|"
    r"physical|location|bill|mailing|mail|billing|p\s?o\s+box)",
    _ZIP + r"\s+(?:\w+\s+){0,4}?(?:de|del)\s+(?:la\s+|mi\s+)?(?:casa|propiedad|servicio|medidor|rancho|terreno|domicilio|"
    r"direccion\s+(?:de\s+)?(?:servicio|envio|correo)|envio|recibo|factura)",
    r"(?:service|mailing|billing|house|home|property)\s+(?:address\s+)?(?:or|vs|versus)\s+(?:the\s+)?(?:\w+\s+)?"
    r"(?:service|mailing|billing|bill|house|home|property)",
    r"(?:casa|servicio|propiedad)\s+o\s+(?:el\s+de\s+|la\s+de\s+)?(?:donde|de\s+(?:envio|correo)|del?\s+recibo)")
# "are the answers case sensitive?", "does capitalization matter?", "upper or lower case?", "¿importan las
# mayúsculas?", "¿con mayúscula o minúscula?", "¿distingue mayúsculas?"
_CASE = _words(
    r"case\s*-?\s*sensitive", r"case\s+matters?", r"(?:capitali[sz]ation|capitals|capital\s+letters|caps|uppercase|"
    r"upper\s+case|lower\s*case|accents?)\s+(?:matters?|count|counts)",
    r"(?:does|do)\s+(?:the\s+)?(?:capitali[sz]ation|capitals|capital\s+letters|caps|case|accents?|spelling\s+of\s+capitals)"
    r"\s+matter",
    r"(?:upper|capital)\s+(?:or|and)\s+lower\s*(?:case)?", r"(?:caps|capital(?:\s+letter)?s?)\s+or\s+(?:not|lower)",
    r"(?:importan?|cuentan?|afectan?)\s+(?:las\s+|los\s+)?(?:mayusculas|minusculas|acentos)",
    r"(?:distingue|diferencia)\s+(?:entre\s+)?(?:mayusculas|minusculas)",
    r"(?:con\s+|en\s+)?mayusculas?\s+o\s+(?:en\s+|con\s+)?minusculas?",
    r"(?:tengo|hay)\s+que\s+(?:poner|escribir(?:la|lo)?|usar)\s+(?:\w+\s+)?mayusculas?")
# "how long does this take?", "how long will it take?", "how many minutes is this?", "¿cuánto tarda esto?",
# "¿cuánto tiempo lleva?", "¿se tarda mucho?". Not a wait asked for ("give me a few min") nor the code's or
# the link's own wait ("how long does the code take to arrive?").
_HOW_LONG = _words(
    r"how\s+long\s+(?:does|will|would|is|do|should)\s+(?:this|it|that|the\s+(?:sign\s*-?\s*up|signup|registration|"
    r"process|whole\s+thing))(?:\s+(?:take|last|be|going\s+to\s+take))?",
    r"how\s+long\s+(?:is\s+)?(?:this|it)\s+(?:going\s+to|gonna)\s+take",
    r"how\s+(?:much\s+time|many\s+minutes)\s+(?:does|will|is)\s+(?:this|it|the\s+(?:sign\s*-?\s*up|registration))",
    r"(?:will|does)\s+(?:this|it)\s+take\s+(?:long|a\s+while|much\s+time)",
    r"cuanto\s+(?:tiempo\s+)?(?:tarda|tardan|se\s+tarda|toma|lleva|dura|demora|se\s+demora)(?:\s+(?:esto|el\s+registro|"
    r"todo|el\s+proceso|registrarse|registrarme))?",
    r"cuanto\s+tiempo\s+(?:es|son|me\s+(?:lleva|toma))", r"(?:se\s+)?(?:tarda|demora|toma|lleva)\s+mucho(?:\s+tiempo)?",
    r"(?:es|son)\s+(?:muy\s+)?(?:largo|tardado)")
# The code's or a link's own wait ("how long does the code take?", "¿cuánto tarda el código?") is no
# question about the sign-up's length.
_OTHER_WAIT = _words(r"code", r"codigo", r"link", r"enlace", r"text", r"mensaje", r"lock(?:ed)?", r"bloque\w*")


# The activation link, in the words members use: "the link", "that link", "the activation link", "the
# link you send", "el enlace", "la liga de activación".
_LINK = r"(?:(?:activation|email|e\s?mail)\s+)?(?:link|enlace|liga|vinculo)s?(?:\s+de\s+activacion)?"
# "how long is the link good for?", "how long does the link you send stay good for?", "does the link
# expire?", "when does that link expire?", "¿cuánto dura el enlace?", "¿hasta cuándo sirve el enlace?",
# "¿el enlace caduca?". Not the link's own arrival ("how long until the link arrives?") nor a link that
# ran out ("the link expired": a resend, ``asks_to_send_the_link_again``).
_LINK_LASTS = _words(
    r"how\s+long\s+(?:\w+\s+){0,8}?" + _LINK + r"(?:\s+\w+){0,6}?\s+(?:good|valid|last|lasts|work|works|active|open)",
    r"how\s+long\s+(?:is|are)\s+(?:the|that|this|my|your)\s+" + _LINK + r"(?:\s+\w+){0,4}?\s+(?:good|valid)",
    r"how\s+long\s+(?:do|will|would)\s+(?:i|we)\s+have\s+to\s+(?:use|open|click|activate)",
    _LINK + r"\s+(?:\w+\s+){0,4}?(?:expire|expires|caduca|caducan|vence|vencen|expira|expiran)",
    r"(?:cuanto|cuanto\s+tiempo)\s+(?:dura|duran|sirve|sirven|vale|valen|funciona|funcionan|es\s+valido|esta\s+activo)"
    r"\s+(?:\w+\s+){0,3}?" + _LINK,
    r"(?:hasta\s+cuando|por\s+cuanto\s+tiempo)\s+(?:\w+\s+){0,4}?" + _LINK,
    _LINK + r"\s+(?:\w+\s+){0,4}?(?:dura|sirve|vale|funciona)\s+(?:cuanto|por\s+cuanto|hasta\s+cuando)")
# The link's arrival, not how long it works: "how long until the link arrives?", "how long does the link take?".
_LINK_ARRIVES = _words(r"arrive\w*", r"come", r"comes", r"coming", r"get\s+here", r"show\s+up", r"take", r"takes",
                       r"llega\w*", r"tarda\w*")
# A link asked for again: "send the link again", "resend it", "the link didn't arrive", "it expired",
# "mándelo otra vez", "no me llegó el enlace", "ya caducó".
_SEND_AGAIN = _words(
    r"again", r"re\s?-?\s?send\w*", r"(?:another|new)\s+(?:\w+\s+)?(?:link|e\s?mail|one)",
    r"(?:didn'?t|did\s+not|never|haven'?t|have\s+not|hasn'?t|has\s+not)\s+(?:\w+\s+){0,2}?(?:get|got|arrive\w*|come|came|"
    r"receive\w*|show\w*)", r"(?:not|no)\s+(?:\w+\s+)?(?:arrived|received|here)", r"expired", r"ran\s+out",
    r"(?:isn'?t|is\s+not|doesn'?t|does\s+not|won'?t|not)\s+work\w*",
    r"otra\s+vez", r"de\s+nuevo", r"reenvi\w+", r"(?:otro|nuevo)\s+(?:enlace|link|correo|vinculo)",
    r"no\s+(?:me\s+)?(?:llego|ha\s+llegado|llega|recibi|he\s+recibido|funciona|sirve|abre)",
    r"(?:ya\s+)?(?:caduco|vencio|expiro)")


def asks_how_long_the_link_lasts(text: str | None) -> bool:
    """Does the message ask how long the activation link works ("how long is the link good for?", "does
    the link expire?", "¿cuánto dura el enlace?")? A question about it, never a request to send it again
    (``asks_to_send_the_link_again``) nor how long it takes to arrive."""
    for clause in _CLAUSES.split(text or ""):
        words = plain(_EMAIL_ADDRESS.sub(" ", clause))
        if _LINK_LASTS.search(words) and not _LINK_ARRIVES.search(words) and not _SEND_AGAIN.search(words):
            return True
    return False


def asks_to_send_the_link_again(text: str | None) -> bool:
    """Does the message ask for the link again, or say it did not come or ran out ("send the link
    again", "the link didn't arrive", "it expired", "mándelo otra vez")? Then it is resent, whatever
    else the message asks."""
    return bool(_SEND_AGAIN.search(plain(text)))


# "but it's printed on the bill, anybody could see it", "the zip is on the bill, anyone could know it",
# "that's not secret", "pero cualquiera lo puede ver en la factura", "cualquier persona puede saberlo".
_OTHERS_SEE_IT = _words(
    r"(?:anybody|anyone|any\s+one|someone|somebody|everybody|everyone|other\s+people|others|a\s+stranger)"
    r"(?:\s+else)?\s+(?:\w+\s+){0,3}?(?:see|seen|know|known|read|find|look\s+at)",
    r"(?:it'?s|its|that'?s|thats|it\s+is|that\s+is)\s+not\s+(?:a\s+|very\s+)?(?:secret|private)",
    r"(?:cualquiera|cualquier\s+persona|otros|otras\s+personas|alguien|todo\s+el\s+mundo|un\s+extrano)"
    r"\s+(?:\w+\s+){0,3}?(?:ver|verlo|verla|ve|vea|saber|saberlo|sabe|sepa|conocer|conocerlo|conoce|leer|leerlo|lee)",
    r"no\s+es\s+(?:ningun\s+|un\s+)?(?:secreto|privado)")


def objects_others_see_it(text: str | None) -> bool:
    """Does the message object that what is asked is on the bill, so others may know it ("but it's
    printed on the bill, anybody could see it", "pero cualquiera lo puede ver en la factura")?"""
    return bool(_OTHERS_SEE_IT.search(plain(_EMAIL_ADDRESS.sub(" ", text or ""))))


def asks_if_the_same_email(text: str | None) -> bool:
    """Does the message ask whether the address must be the one on file ("does it have to be the same
    email you have on file?", "¿tiene que ser el mismo correo que tienen registrado?")?"""
    return bool(_SAME_EMAIL.search(plain(_EMAIL_ADDRESS.sub(" ", text or ""))))


def asks_which_zip(text: str | None) -> bool:
    """Does the message ask which ZIP code is meant ("is the zip where the house is or where the bill is
    mailed?", "¿el código postal de la casa o donde me llega el recibo?")? Only with "ZIP" named, or with
    the two places set against each other. Never a ZIP given in a statement ("El código postal de mi
    domicilio es el 78636."): that answers, and no hint about which ZIP follows it."""
    if "?" not in (text or "") and _FIVE_DIGITS.search(text or ""):
        return False
    return bool(_WHICH_ZIP.search(plain(_EMAIL_ADDRESS.sub(" ", text or ""))))


_FIVE_DIGITS = re.compile(r"(?<!\d)\d{5}(?!\d)")


# "will you put me on a marketing list?", "do you sell my email?", "¿me van a mandar publicidad?": what the
# address is used for (a spam folder is no such question: "check your spam" is about a mail not received).
_MARKETING = _words(
    r"marketing", r"advertis\w*", r"mailing\s+lists?", r"spam\s+me", r"(?:send|sending)\s+me\s+(?:ads|promotions|offers)",
    r"sell\w*\s+(?:my|the|our)\s+(?:e\s?mail|address|info\w*|data|details)", r"publicidad", r"propaganda",
    r"promociones", r"mercadeo", r"lista\s+de\s+(?:correos?|publicidad|mercadeo|promociones)",
    r"vend\w+\s+(?:mi|mis|el|los)\s+(?:correo|datos|informacion)")


def asks_about_marketing(text: str | None) -> bool:
    """Does the message ask whether the e-mail address is used for marketing ("will you put me on a marketing
    list?", "¿me van a mandar publicidad?")? Answered with what the address is used for, and never."""
    return bool(_MARKETING.search(plain(_EMAIL_ADDRESS.sub(" ", text or ""))))


def asks_if_case_matters(text: str | None) -> bool:
    """Does the message ask whether capitals count in the answer ("are the answers case sensitive?",
    "¿importan las mayúsculas?")?"""
    return bool(_CASE.search(plain(text)))


def asks_how_long(text: str | None) -> bool:
    """Does the message ask how long the sign-up takes ("how long does this take?", "¿cuánto tarda
    esto?"), not how long a code or a link takes?"""
    words = plain(text)
    return bool(_HOW_LONG.search(words)) and not _OTHER_WAIT.search(words)


def answer(text: str | None, config: CoopConfig) -> list[str]:
    """The answers to the sign-up questions ``text`` asks, in a fixed order (none: an empty list)."""
    answers = []
    if asks_if_the_same_email(text):
        answers.append(messages.any_email_works())
    if asks_about_marketing(text):
        answers.append(messages.email_not_for_marketing())
    if asks_which_zip(text):
        answers.append(messages.which_zip())
    if asks_if_case_matters(text):
        answers.append(messages.answers_ignore_case())
    if asks_how_long(text):
        answers.append(messages.how_long_it_takes(config))
    if asks_how_long_the_link_lasts(text):
        answers.append(messages.link_lasts(config))
    if objects_others_see_it(text):
        answers.append(messages.others_may_see_it())
    return answers


# Words around such a question that answer nothing ("ok", "quick question", "una pregunta", "and").
_FILLER = _words(r"ok(?:ay)?", r"hi", r"hey", r"hello", r"hola", r"oh", r"um+", r"wait", r"espere?", r"oiga", r"oye",
                 r"and", r"also", r"but", r"so", r"y", r"pero", r"tambien", r"entonces", r"pues", r"bueno",
                 r"(?:a\s+|one\s+|quick\s+)?question", r"(?:una\s+)?pregunta", r"thanks", r"gracias", r"please",
                 r"por\s+favor", r"sorry", r"perdon", r"btw", r"by\s+the\s+way", r"first", r"primero")
_CLAUSES = re.compile(r"(?<=[?.!,;:])\s+|\s+[-–—]+\s+|[¿¡]")


def without_the_questions(text: str) -> str:
    """The message without its clauses that ask such questions ("Rex. are the answers case sensitive?"
    -> "Rex."): what answers the step beside them."""
    rest = [clause for clause in _CLAUSES.split(text) if clause.strip() and not answer(clause, CoopConfig())]
    return " ".join(clause.strip() for clause in rest)


def asked_alone(text: str | None) -> bool:
    """Is the message nothing but such questions (with words that answer nothing around them)? Where any
    words may be the answer (the name, the security answer), "Nguyen, do capitals matter?" holds an
    answer beside the question; "are the answers case sensitive?" holds none."""
    rest = [clause for clause in _CLAUSES.split(text or "") if clause.strip() and not answer(clause, CoopConfig())]
    return not _FILLER.sub(" ", plain(" ".join(rest))).replace("?", " ").strip()
