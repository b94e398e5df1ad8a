"""Which of two look-alike intents does a message's wording ask for? Word cues, English and Spanish.

The NLU model has two "sink" intents that absorb messages of their neighbours: ``register``
takes in password trouble, questions about what online access gives and questions about how
the sign-up works, because all of them name the account, the portal and signing up; ``correct``
takes in questions about the account number or the name and a login's changed e-mail address,
because they name the same values a correction does. These cues are the wording itself, read
the way a person reads it, for ``bot.intent_guard`` to settle the model's reading of a sink
toward its neighbour, one pair at a time (``PAIRS``):

- ``register`` -> ``forgot_password``: a sign-in problem of someone who has a login ("forgot
  my password", "can't log in", "locked out", "olvidé mi contraseña", "no puedo entrar"), or
  a login said to exist already ("I'm already registered", "ya tengo usuario"), with no
  sign-up verb ("can I register again?"), no word of never having had one ("I can't log in
  because I never made an account", "no tengo usuario"), no other account to add, no
  deletion, and no e-mail, link or paper bill (a reset mail that did not come is
  ``email_not_received``);
- ``register`` -> ``ask_benefits``: a question about what online access gives ("what do I
  get", "why should I sign up", "is it worth it", "¿qué ventajas tiene?", "¿para qué
  sirve?", "¿qué puedo hacer en línea?"), with no request to sign up ("I want to sign up,
  what can I do online?" stays a sign-up) and no paper bill ("do I still get paper bills after I
  register?" is ``ask_paperless``). "Can I see my bill online?" is no cue: members write it both
  as a sign-up and as a question;
- ``unregister`` -> ``ask_benefits``: the same question, read as a deletion because it doubts
  online access ("¿para qué quiero acceso en línea? yo siempre mando un cheque"), with no
  ending verb and no word of access no longer wanted;
- ``register`` -> ``help``: a question about how this works, what is needed or what comes
  next ("what do I need to sign up", "how long does this take", "¿qué datos me van a
  pedir?", "¿qué sigue?"), with no request to sign up; "how do I register" is a sign-up;
  a message that asks for two neighbours at once is left to the model;
- ``correct`` -> ``account_help``: asks where the account number is or which name to give
  ("where is the account number on the bill", "how do I find my account number", "do I put
  my name or the business name", "¿dónde viene el número de cuenta?", "¿a nombre de quién?"),
  with no mistake cue
  ("wrong", "typo", "actually", "not X but Y", "me equivoqué", "está mal") and no value;
- ``correct`` -> ``affirm``: nothing but a confirmation of what was read back ("correct",
  "correcto, ese es", "that's right", "así es");
- ``correct`` -> ``change_email``: the e-mail address of an existing login changed or is to be
  updated ("my email changed", "change my email", "update the email on my online account",
  "cambié de correo", "quiero poner otro correo en mi usuario"), with no cue of an address given in
  this conversation ("the email I gave", "that email", "ese correo", "el que le mandé") and
  no address written out (nor a password or a paper bill).

A cue negated in its clause ("I didn't forget my password", "no cambié de correo") counts
for nothing, as in ``bot.register_or_delete``. The sink's own cues always win: only a message
that asks for the neighbour and shows nothing of the sink's meaning is moved.

Written from the intents' definitions (docs/languages.md, "The intents") and from how members
ask, never from the test sets; checked against every training example, as the model reads it,
before any measurement (docs/performance.md, "Look-alike intents settled on the words"). Standard library only, so the tests read it without Rasa.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.register_or_delete import asks_to_delete, asks_to_sign_up, no_longer_wants, plain_words


def _any(*patterns: str) -> str:
    return "(?:" + "|".join(patterns) + ")"


def _find(*patterns: str, asked: tuple[str, ...] = ()) -> re.Pattern[str]:
    """Any of ``patterns`` from a word start; any of ``asked`` only where a Spanish question starts.

    Accents folded, "qué" and "que" are one word: "me dijeron que puedo ver mi recibo en línea"
    asks nothing, "¿qué puedo ver en línea?" does. A question word counts where a clause begins
    (after "¿", a comma, "y", "pero") or where the message begins.
    """
    pattern = r"\b" + _any(*patterns)
    if asked:
        pattern += r"|" + _QUESTION_START + _any(*asked)
    return re.compile(pattern)


_QUESTION_START = r"(?:^|\| |\b(?:y|pero|entonces|bueno|ok|oiga|digame|dime|a ver|hola|pues|y ya) )(?:y |pero |pues )?"


# Words that negate a cue after them in the same clause, and the few that may stand between:
# "I didn't forget it", "no se me olvidó la contraseña", "I don't want to change my email".
_NEGATOR = _any(r"not", r"dont", r"do not", r"didnt", r"did not", r"never", r"no", r"nunca", r"ni")
_BETWEEN = _any(r"want", r"need", r"mean", r"to", r"me", r"my", r"it", r"i", r"se", r"lo", r"la", r"le", r"he",
                r"quiero", r"necesito", r"es", r"que", r"a", r"mi")


def _unless_negated(cue: re.Pattern[str]) -> Callable[[str], bool]:
    """A reader of ``cue`` in plain words that skips the cue where a negation before it, in its clause, undoes it."""
    negated = re.compile(r"\b" + _NEGATOR + r" (?:" + _BETWEEN + r" ){0,3}(?:" + cue.pattern + r")")
    return lambda words: bool(cue.search(negated.sub(" ~ ", words)))


# A request to sign up, not a question about it: a wish or an imperative with a sign-up verb or
# with online access as its object ("I want to register", "sign me up", "quiero mi cuenta en
# línea", "regístrame"). "what do I get if I register" asks no sign-up.
_SIGN_UP_VERB = _any(r"regist\w*", r"sign(?:ing)? (?:me |us )?up\b", r"signup\b", r"enrol\w*", r"join\b",
                     r"(?:create|make|open|set up|setup|get) (?:an? |my |the )?(?:online |web )?(?:account|login|access)\b",
                     r"inscrib\w*", r"dar(?:me|se|nos)? de alta\b", r"(?:crear|abrir|hacer)(?:me)? (?:una |mi |un |el )?(?:cuenta|usuario|registro|login)\b")
_WISH = _any(r"want", r"wanna", r"would like", r"id like", r"wish", r"(?<!do i )(?<!will i )(?<!would i )need", r"ready", r"trying", r"try",
             r"help me", r"let me", r"lets", r"please", r"pls", r"plz", r"can you", r"could you", r"go ahead and",
             r"im going", r"gonna", r"i will", r"ill",
             r"quiero", r"quisiera", r"kiero", r"deseo", r"(?<!que )(?<!q )necesito", r"me gustaria", r"vengo a", r"voy a",
             r"ayudame a", r"ayudeme a", r"me ayuda a", r"me puede", r"me pueden", r"por favor", r"porfa\w*",
             r"favor de")
_ACCESS = _any(r"online access", r"online account", r"an account", r"a login", r"portal access", r"web access",
               r"(?:la |mi |una )?cuenta en linea", r"(?:el |mi )?acceso en linea", r"(?:un |mi )?usuario")
_ONLINE_PLACE = _any(r"online", r"on ?line", r"on the (?:computer|website|web|internet|portal|app)", r"on my phone",
                     r"en linea", r"por internet", r"en (?:el )?internet", r"en la (?:pagina|computadora|app)",
                     r"en el (?:celular|portal|telefono)")
_USE_ONLINE = _any(r"see", r"view", r"pay", r"check", r"get", r"look at", r"use", r"have", r"do",
                   r"ver", r"pagar", r"consultar", r"revisar", r"checar", r"tener", r"hacer", r"usar")
# "¿pa qué quiero yo un usuario?" asks what it is for: no wish.
_WHAT_FOR = r"(?<!pa que )(?<!para que )(?<!pa q )(?<!para q )"
_SIGN_UP_REQUEST = re.compile(
    r"\b" + _WHAT_FOR + _WISH + r" (?:to )?(?:\w+ ){0,3}?(?:" + _SIGN_UP_VERB + r"|" + _ACCESS + r")"
    r"|\b" + _WISH + r" (?:to )?(?:be able to )?" + _USE_ONLINE + r" (?:\w+ ){0,4}?" + _ONLINE_PLACE + r"\b"
    r"|\b(?:sign|register|enroll|get|set) (?:me|us) (?:up|in|registered|signed up|enrolled)\b"
    r"|\b(?:registr|inscrib)(?:a|e)me\b|\b(?:den|dame|deme)(?:me)? de alta\b")


def requests_sign_up(words: str) -> bool:
    """A wish or an imperative to sign up ("I want to register", "sign me up", "quiero registrarme")."""
    return bool(_SIGN_UP_REQUEST.search(words))


# register -> forgot_password -------------------------------------------------------------------

_LOGIN_THING = _any(r"pass ?word\w*", r"passwrd", r"pasword", r"pw", r"user ?names?", r"user id", r"login",
                    r"log in", r"credentials", r"pin", r"contrasena\w*", r"contrasenia", r"clave", r"usuario")
_FORGOT = _find(
    r"forg[eo]t\w* (?:\w+ ){0,3}?" + _LOGIN_THING, r"lost (?:\w+ ){0,2}?" + _LOGIN_THING,
    r"(?:dont|do not|cant|cannot|can not) remember (?:\w+ ){0,3}?" + _LOGIN_THING,
    r"(?:olvid\w*|perdi|no (?:me )?(?:recuerdo|acuerdo)\w*|no se cual es) (?:\w+ ){0,3}?" + _LOGIN_THING,
    r"what(?: is|s| was) my (?:user ?name|user id|login|pass ?word)\b", r"cual (?:es|era) mi (?:usuario|contrasena|clave)\b",
    r"(?:reset|recover|change) (?:\w+ ){0,2}?(?:pass ?word|pw|user ?name|login)\b", r"(?:new|another) (?:pass ?word|pw)\b",
    r"pass ?word reset\b",
    r"(?:restablec\w*|recuper\w*|cambi\w*|reset\w*|nuev[oa]|otra) (?:\w+ ){0,2}?(?:contrasena|clave|password)\b",
)
# Can't get in: the negation is the cue itself.
_CANT_GET_IN = _find(
    r"(?:cant|cannot|can not|couldnt|could not|unable to|not able to|wont let me|doesnt let me|will not let me) "
    r"(?:\w+ ){0,1}?(?:log ?in|sign ?in|get (?:back )?in\b|get into|login|access (?:my|the) (?:online|web|account|portal|login|smarthub))",
    r"lock(?:ed)? (?:me )?out\b", r"locked\b", r"get back in\w*", r"sign in (?:keeps )?fail\w*",
    r"(?:pass ?word|pw|login|log in|sign in|user ?name|app|site|website|portal|smarthub|it) (?:\w+ )?"
    r"(?:wont|doesnt|will not|does not|didnt|did not) (?:let me (?:in|log|sign|get)|accept|take|work)\w*",
    r"(?:pw|pass ?word) reset\b",
    r"(?:pass ?word|pw|login|user ?name) (?:is |still )?(?:doesnt|does not|isnt|is not|wont|not) (?:\w+ )?(?:work|accepted|valid|right|correct)\w*",
    r"(?:pass ?word|pw|login|user ?name) (?:is |was )?(?:wrong|invalid|incorrect|expired|rejected)\b",
    r"(?:wrong|invalid|incorrect) (?:pass ?word|pw|user ?name)\b",
    r"no (?:puedo|pude|podemos|he podido|me deja|me dejan) (?:\w+ ){0,1}?(?:entrar|ingresar|acceder|iniciar sesion|logue\w*|conectarme|meterme)",
    r"bloque\w*", r"no (?:me )?(?:acepta|toma|reconoce)\w* (?:\w+ )?(?:contrasena|clave|password|usuario)\b",
    r"no puedo (?:hacer login|accesar|loguearme|iniciar)\b", r"error al (?:iniciar|entrar|ingresar)\b",
    r"no (?:me )?se (?:cual es |cual era )?(?:la|el|mi) (?:contrasena|clave|password|usuario)\b",
    r"(?:contrasena|clave|password) (?:no es valida|nueva|temporal)\b", r"(?:nueva|otra) (?:contrasena|clave)\b",
    r"recuper\w* (?:\w+ ){0,2}?(?:usuario|contrasena|clave|password)\b",
    r"(?:contrasena|clave|password|usuario) (?:\w+ ){0,1}?(?:no (?:funciona|sirve|jala|me deja|es correct\w*|entra|pasa)|incorrect\w*|equivocad\w*|esta mal|vencio|expiro)",
)
# Never had a login: "I can't log in, I don't have an account", "nunca me registré", "soy nuevo".
_NO_LOGIN_YET = _find(
    r"(?:dont|do not|didnt|did not|never) (?:\w+ ){0,2}?(?:have|had|made|make|created|set up|registered|signed up|got)\b",
    r"not (?:yet )?(?:registered|signed up|enrolled)\b", r"no (?:online )?account\b", r"new (?:member|customer)\b",
    r"no (?:tengo|tenia|he tenido|hice|he hecho) (?:\w+ ){0,2}?(?:cuenta|usuario|acceso|registro|login)\b",
    r"nunca (?:\w+ ){0,2}?(?:registr|inscrib|hice|tuve|cree)\w*", r"todavia no\b", r"aun no\b",
    r"soy (?:nuev[oa]|soci[oa] nuev[oa])\b",
)
_forgot = _unless_negated(_FORGOT)
# Already has a login: "I'm already registered", "ya tengo usuario" (not "I already have an account number").
_ALREADY_REGISTERED = _find(
    r"already (?:\w+ )?(?:registered|signed up|enrolled|have (?:an? |my )?(?:online |web )?(?:account|login|username|profile)\b(?! number| #| no\b))",
    r"(?:im|i am) registered already\b",
    r"ya (?:estoy|estaba) (?:registrad|inscrit)\w*", r"ya (?:tengo|tenia) (?:una |mi )?(?:cuenta en linea|usuario|login|acceso)\b",
    r"ya (?:me registre|me inscribi|hice el registro|hice mi (?:cuenta|usuario))\b", r"si me registre\b",
)
# Another account to add is a sign-up: "I already have a login, I want to add my second account".
_ANOTHER_ACCOUNT = _find(r"(?:add|another|second|other|otra|agregar|anadir|segunda) (?:\w+ )?(?:account|cuenta)\b")


def asks_for_sign_in_help(words: str) -> bool:
    """A sign-in problem of someone who has a login: forgot the password, can't get in, locked out."""
    return _forgot(words) or bool(_CANT_GET_IN.search(words) or _ALREADY_REGISTERED.search(words))


# The e-mail or its link: a reset mail that did not come is ``email_not_received``, a login's
# address that changed ``change_email``.
_MAIL = _find(r"e ?mail\w*", r"correo\w*", r"link\w*", r"enlace\w*", r"gmail", r"yahoo", r"hotmail", r"inbox")
_PASSWORD = _find(r"pass ?word\w*", r"contrasena\w*", r"clave\b")
# Paper bills: "do I still get paper bills after I register" is ``ask_paperless``.
_PAPER = _find(r"paper\w*", r"papel\w*", r"e ?bill\w*", r"correo postal", r"by mail", r"por correo")


def names_sign_up(words: str) -> bool:
    """A sign-up verb, or words of never having had a login: the member may have none to sign in to."""
    return (asks_to_sign_up(words) or requests_sign_up(words)
            or bool(_NO_LOGIN_YET.search(words) or _ANOTHER_ACCOUNT.search(words)))


# register -> ask_benefits ----------------------------------------------------------------------

_ONLINE = _any(r"online access", r"(?:the |an |my )?online account", r"(?:the |my )?(?:member )?portal", r"smarthub",
               r"(?:the )?website", r"(?:the )?app", r"registering", r"signing up", r"it", r"this", r"that")
_ONCE_SIGNED_UP = _any(r"if", r"once", r"after", r"when") + r" (?:i|we|im|i am) (?:\w+ )?(?:regist\w*|sign(?:ed)? up|enrol\w*)"
# What "¿para qué sirve ...?" asks about: online access ("la cuenta en línea", "registrarme"), or
# nothing named ("¿y eso para qué me sirve?"); "¿para qué sirve la pregunta de seguridad?" is ``help``.
_ONLINE_THING = (r"(?= \||$| (?:la (?:cuenta|pagina|app|aplicacion)|el (?:portal|usuario|registro|acceso|sign up)"
                 r"|mi (?:cuenta|usuario)|tener|hacer|registr\w*|inscrib\w*|smarthub|eso de la|lo de la)\b)")
_BENEFITS = _find(
    r"benefits?\b", r"advantages?\b", r"perks?\b", r"upside\b", r"whats in it for (?:me|us)\b",
    r"what (?:do|would|will|can|could|does|did) (?:i|we) (?:\w+ )?(?:get|gain)\b",
    r"what (?:do|does|would|will|can|could) " + _ONLINE + r" (?:\w+ ){0,2}?(?:do|give|get|offer|let|have|help)\b",
    r"why (?:should|would|do|must|shall|could) (?:i|we) (?:\w+ ){0,2}?(?:regist\w*|sign up|bother|enrol\w*|want|need|have|use|get|do)\b",
    r"why (?:regist\w*|sign up|bother|enrol\w*|go online)\b", r"worth (?:it|signing|registering|the|having|getting)\b",
    r"what (?:can|could|will|would) (?:i|we) (?:\w+ ){0,3}?(?:do|see|check|view|pay|look)\b(?! (?:here|now|next|about|to|with this))",
    r"what (?:will|would) (?:i|we) be able to\b", r"features\b",
    r"(?:portal|website|app|account|access|smarthub) (?:\w+ )?good for\b",
    r"how (?:does|would|will|can|could) " + _ONLINE + r" (?:\w+ ){0,2}?help\b",
    r"what(?: is|s) (?:online access|smarthub|the (?:member )?portal|an online account|the online account)\b",
    r"what good\b", r"what(?: is|s) the (?:point|use|advantage)(?= \||$| of (?:the |an |a |my )?(?:online|portal|registering|signing|it|having|website|app|login|smarthub))", r"handy for what\b",
    r"what (?:does|would|will|could) (?:it|that|this|registering|signing up|having (?:\w+ ){1,2}|(?:the |an )?(?:online account|portal|website|app|login|online access)) (?:\w+ ){0,3}?do\b",
    r"(?:explain|tell me) (?:\w+ ){0,2}?why\b", r"should i (?:even )?bother\b",
    r"(?:does|do|will|would) (?:the |an |having (?:an? )?|my )?(?:online account|portal|website|app|login|online access|signing up|registering)"
    r" (?:\w+ ){0,2}?(?:let|show|help|give|tell|send|have|alert|notify)\w*",
    r"(?:can|could|will|would|do|does) (?:i|we) (?:\w+ ){0,5}?" + _ONCE_SIGNED_UP,
    _ONCE_SIGNED_UP + r" (?:\| )*(?:\w+ ){0,3}?(?:can|could|will|would|do|what) ",
    # Spanish
    r"ventajas?\b", r"beneficios?\b", r"vale la pena\b", r"conviene\w*", r"convendria\b", r"convenzame\b", r"convenceme\b",
    r"(?:pa|para) (?:que|q) (?:me |nos |le )?(?:sirve|serviria|sirva|sirven)" + _ONLINE_THING,
    r"de (?:que|q) (?:me |nos |le )?(?:sirve|serviria)" + _ONLINE_THING, r"me sirve (?:de |para )?algo\b",
    r"si me (?:registro|inscribo|doy de alta) (?:\| )*(?:\w+ ){0,5}?(?:puedo|se puede|podre|me avisa\w*)\b",
    r"(?:puedo|se puede|podre) (?:\w+ ){0,6}?si me (?:registro|inscribo)\b", r"al (?:registrarme|inscribirme) (?:\w+ )?puedo\b",
    asked=(
        r"(?:pa|para) (?:que|q) (?:me |nos )?(?:registro|inscribo|registrarme|inscribirme|registrarse|inscribirse)\b",
        r"(?:que|q) (?:gano|ganaria|me da|me daria|me ofrece|ofrece|incluye|tiene de bueno)\b",
        r"(?:que|q) (?:puedo|podria|se puede|podre|podemos) (?:hacer|ver|revisar|checar|pagar|consultar)\b",
        r"por (?:que|q) (?:deberia|debo|tendria|me registro|registrarme|inscribirme|me inscribo)\b",
        r"(?:que|q) (?:es|son) (?:smarthub|el portal|la cuenta en linea|el acceso en linea)\b",
        r"(?:que|q) (?:saco|hace|trae|tiene) (?:\w+ ){0,3}?(?:app|aplicacion|portal|pagina|cuenta en linea|smarthub|usuario|acceso)\b",
        r"(?:que|q) (?:me deja|voy a poder|vamos a poder|tanto se puede|cosas (?:puedo|se pueden)) (?:hacer|ver)\b",
        r"(?:que|q) es lo bueno\b", r"cual es el chiste\b",
        r"(?:pq|porque|por que|por q) me (?:registro|inscribo)\b",
        r"(?:pa|para) (?:que|q) (?:quiero|querria|necesito) (?:\w+ ){0,3}?(?:cuenta|usuario|acceso|portal|login)\b",
        r"en (?:que|q) me (?:ayuda|ayudaria|beneficia|beneficiaria|sirve|serviria|conviene)\b",
        r"(?:pa|para) (?:que|q) es (?:la app|el portal|la pagina|la cuenta)\b",
    ),
)
_benefits = _unless_negated(_BENEFITS)


def asks_what_online_access_gives(words: str) -> bool:
    """A question about what online access gives or why to register ("what do I get", "¿qué ventajas tiene?")."""
    return _benefits(words)


# register -> help ------------------------------------------------------------------------------

_HOW_IT_WORKS = _find(
    r"what (?:\w+ )?(?:info|information|details|documents|docs|data|papers|paperwork|items|requirements) ",
    r"what (?:do|will|would|does) (?:you|i|we|it) (?:\w+ )?need\b(?! to do)", r"what(?: is|s) (?:needed|required)\b",
    r"what do you (?:need|want) from me\b", r"requirements?\b",
    r"how (?:does|do|will) (?:this|it|that|the (?:sign ?up|registration|process)) (?:\w+ )?work\b",
    r"how long (?:does|will|would|is) (?:it|this|the (?:sign ?up|registration|process))\b",
    r"how many (?:more )?(?:questions|steps)\b",
    r"what (?:happens|comes) (?:next|now|after|then)\b", r"whats next\b", r"what next\b", r"what now\b",
    r"what (?:do|should) (?:i|we) do (?:next|now)\b", r"next step\b",
    # Spanish
    r"requisitos?\b", r"como funciona\b", r"cuanto (?:tiempo )?(?:se )?(?:tarda|toma|dura|lleva)\b",
    r"y ahora (?:que|q)\b", r"siguiente paso\b", r"cuantas preguntas\b",
    asked=(
        r"(?:que|q) (?:datos|documentos|papeles|informacion|requisitos) (?:\w+ )?(?:necesito|ocupo|piden|pide|van|va|hay que|debo|tengo que|se necesitan|requiere|doy|mando|necesitan|ocupan)\b",
        r"(?:que|q) (?:necesito|ocupo|necesitan|ocupan|me (?:van|va) a pedir|me piden|hay que tener)\b(?! hacer)",
        r"(?:que|q) (?:sigue|hago ahora|pasa (?:despues|ahora|luego))\b",
    ),
)
_how_it_works = _unless_negated(_HOW_IT_WORKS)


def asks_how_it_works(words: str) -> bool:
    """A question about how this works, what is needed or what comes next ("what do I need to sign up")."""
    return _how_it_works(words)


# correct -> account_help -----------------------------------------------------------------------

_ACCOUNT_NUMBER = _any(r"account (?:number|no|num|#)", r"acct", r"account #", r"numero de (?:la )?cuenta", r"cuenta")
_NUMBER = r"(?:(?:account|acct) (?:number|#|no|num)|acct)\b"
_WHERE_OR_WHICH = _find(
    r"where (?:\w+ ){0,5}?(?:" + _ACCOUNT_NUMBER + r"|it|that)\b",
    r"(?:which|what) (?:number|one|numbers) (?:\w+ ){0,4}?(?:account|bill|statement|acct)\b",
    r"(?:which|what) (?:one|number) is (?:it|my|the)\b",
    r"(?:dont|do not|didnt) (?:\w+ )?know (?:\w+ ){0,2}?(?:account|acct)\b",
    r"(?:cant|cannot|can not|unable to|couldnt) (?:\w+ )?(?:find|see|locate|spot) (?:\w+ ){0,2}?(?:account|acct)\b",
    r"(?:lost|forgot) (?:my |the )?(?:account|acct)\b",
    r"(?:which|what|whose) name (?:do|should|would|to|goes|is it)\b", r"under (?:which|whose|what) name\b",
    r"(?:my|our) (?:own )?name or (?:the |my |our )?(?:business|company|farm|church|husbands|wifes)\b",
    r"is (?:it|that|the account number) the (?:meter|member|location)\b",
    # Spanish
    r"(?:donde|en que parte) (?:\w+ ){0,5}?numero\b",
    r"(?:donde|en que parte) (?:esta|viene|sale|aparece|encuentro|busco|veo|consigo|saco) (?:\w+ ){0,3}?cuenta\b",
    r"donde (?:lo|la) (?:encuentro|busco|veo|saco|consigo)\b",
    r"en que parte del? (?:recibo|factura)\b",
    r"(?:cual|que) (?:numero|de los numeros|es el numero|es mi numero) (?:\w+ ){0,4}?(?:cuenta|recibo|factura)\b",
    r"no (?:se|encuentro|tengo|recuerdo|me acuerdo de|veo|hallo) (?:\w+ ){0,2}?numero de (?:la )?cuenta\b",
    r"(?:perdi|olvide) (?:mi |el )?numero de (?:la )?cuenta\b",
    r"(?:que|cual|q) nombre (?:pongo|doy|uso|le pongo|va|debo|les doy|le doy)\b", r"a nombre de quien\b",
    r"mi nombre o (?:el|la|mi) \w+", r"es el (?:numero )?del medidor\b",
    # what the number is, how to find it, and which of two names
    r"(?:what|whats|what is) (?:\w+ )?(?:my |the |an )?(?:account|acct) (?:number|#|no)\b",
    r"how (?:do|can|would|could) (?:i|we) (?:\w+ )?(?:find|get|look up|figure out|find out) (?:\w+ ){0,2}?(?:" + _NUMBER + r"|it\b)",
    r"how (?:many|long) (?:\w+ ){0,3}?(?:digits|numbers)\b", r"how long is (?:an?|the|my) (?:account|acct)\b",
    r"(?:idk|not sure|no idea|dont know|do not know|dont have|do not have|never known) (?:\w+ ){0,3}?" + _NUMBER,
    r"look (?:it|that) up\b", r"look up (?:my |the )?" + _NUMBER, r"(?:cant|cannot|can not) find it\b",
    r"(?:dont|do not|cant) see (?:an? |the |my )?" + _NUMBER,
    r"meter (?:number|#|id)\b", r"which (?:one|number|part)\b", r"(?:maiden|married) name or\b",
    r"(?:use|put|give) (?:my |the )?(?:maiden|married) name\b",
    r"no (?:se|me se|me acuerdo del?) (?:\w+ ){0,2}?(?:numero|num|#)\b", r"no (?:encuentro|hallo|veo) (?:\w+ ){0,2}?(?:numero|num|cuenta|#)\b",
    r"(?:como|donde) (?:busco|averiguo|saco|consigo|le hago para saber) (?:\w+ ){0,2}?(?:numero|cuenta)\b",
    r"cuantos (?:digitos|numeros)\b", r"(?:numero|el) del medidor\b", r"(?:casada|soltera) o\b",
    r"(?:nombre|apellido) (?:\w+ ){0,3}?o (?:el|la) (?:mio|mia|de)\b", r"(?:el|la) (?:mio|mia) o (?:el|la) de\b",
    asked=(r"(?:cual|que) (?:de (?:todos )?los numeros|numero|le doy|necesitas|ocupa|ocupas|necesitan)\b",),
)
# A mistake made in this conversation, or the value itself: then it is a correction after all.
_MISTAKE = _find(
    r"wrong\b", r"typo\w*", r"mistak\w*", r"mistyp\w*", r"misspel\w*", r"incorrect\w*", r"not right\b", r"meant\b",
    r"mean\b", r"actually\b", r"instead\b", r"oops\b", r"fix\w*", r"correct\w*", r"change\w*", r"redo\b", r"retype\b",
    r"scratch\b", r"sorry\b", r"autocorrect\w*", r"gave\b", r"typed\b", r"sent\b", r"entered\b", r"not (?:\w+ ){0,3}?but\b",
    r"not (?:that|this|mine|my)\b", r"isnt\b", r"is not\b",
    r"equivo(?:c|qu)\w*", r"mal\b", r"error\w*", r"correg\w*", r"corrij\w*", r"correccion\b", r"cambi\w*", r"en vez\b",
    r"mejor\b", r"perdon\w*", r"no es\b", r"(?:ese|esa|eso) no\b", r"quise decir\b", r"me comi\b", r"volte\w*",
    r"puse\b", r"mande\b", r"escribi\b", r"acabo de\b", r"sino\b", r"le di\b", r"no (?:el|la) de\b",
)
_VALUE = re.compile(r"\d{3}|@")


def asks_where_or_which(words: str) -> bool:
    """Asks where the account number is, or which name to give ("where is the account number on the bill")."""
    return bool(_WHERE_OR_WHICH.search(words))


def names_a_mistake(text: str, words: str) -> bool:
    """A cue of a mistake ("wrong", "typo", "me equivoqué", "not X but Y"), or a value written out."""
    return bool(_MISTAKE.search(words) or _VALUE.search(text))


# correct -> affirm ------------------------------------------------------------------------------

# A bare confirmation of what was read back: "correct", "correcto, ese es", "that's right", "así
# es". Only such words, so "correct my email" or "no es correcto" never match.
_CONFIRMATION = re.compile(
    r"^(?:(?:yes|yeah|yep|si|ok|okay|correct|correcto|correcta|exactly|exacto|exacta|right|that|thats|that is|its|"
    r"it is|is|this|one|the|eso|ese|esa|es|asi|mismo|el|la|ya|sir|senor|senora|maam|todo|bien|\|)\s*)+$")
_CONFIRMING_WORD = re.compile(r"\b(?:correct|correcto|correcta|exactly|exacto|exacta|right|asi es|es ese|es esa|ese es|esa es)\b")


def confirms_a_read_back(words: str) -> bool:
    """Nothing but a confirmation ("correct", "correcto, ese es", "that's right", "así es")."""
    return bool(_CONFIRMATION.match(words) and _CONFIRMING_WORD.search(words))


# correct -> change_email -----------------------------------------------------------------------

_EMAIL = _any(r"e ?mail\w*(?: address)?", r"emial", r"emai", r"correo\w*", r"gmail", r"yahoo", r"hotmail")
_LOGIN_PLACE = _any(r"online", r"login", r"log in", r"logs? in", r"sign in", r"portal", r"web\w*", r"smarthub", r"app\b",
                    r"profile", r"username", r"on file", r"registered", r"usuario", r"en linea", r"acceso",
                    r"pagina", r"entro", r"entrar", r"registre", r"internet")
_CHANGED_EMAIL = _find(
    r"(?:my|our|the) " + _EMAIL + r" (?:address )?(?:has |have |is |got )?(?:changed|is new|is different)\b",
    r"(?:a |my |our )?new " + _EMAIL + r"(?: address)?\b", r"(?:another|a different) " + _EMAIL + r" (?:\w+ ){0,4}?" + _LOGIN_PLACE,
    r"(?:change|update|switch|move|replace|modify|transfer|put) (?:\w+ ){0,4}?" + _EMAIL + r" (?:\w+ ){0,5}?" + _LOGIN_PLACE,
    r"(?:change|update|switch|move|replace|modify|transfer) (?:my |the )?(?:online |web |portal )?(?:login|account|username|access) (?:\w+ ){0,3}?" + _EMAIL,
    _LOGIN_PLACE + r" (?:\w+ ){0,5}?(?:old|former|previous|ex|another|different|new) (?:\w+ )?" + _EMAIL,
    r"lost access to (?:my )?(?:old )?" + _EMAIL, r"hacked\b",
    r"(?:my )?old " + _EMAIL + r" (?:\w+ )?(?:doesnt|does not|no longer|isnt|is not|wont) (?:\w+ )?(?:work|exist)\w*",
    # Spanish
    r"(?:mi |el )?" + _EMAIL + r" (?:ya )?(?:cambio|es nuevo|es otro)\b",
    r"(?:me )?cambie de " + _EMAIL, r"(?:tengo|tenemos|hice|me hicieron) (?:un |una )?(?:otro |nuevo |nueva )?" + _EMAIL + r" (?:nuev[oa])?",
    r"(?:tengo|tenemos) (?:otro|nuevo) " + _EMAIL, r"" + _EMAIL + r" nuev[oa]\b",
    r"(?:cambi|actuali[zc]|pon|pas|modific|mov)\w* (?:\w+ ){0,4}?" + _EMAIL + r" (?:\w+ ){0,5}?" + _LOGIN_PLACE,
    r"(?:pon|pas|actuali[zc]|cambi)\w* (?:mi |el |la )?(?:cuenta|usuario|login|acceso) (?:\w+ ){0,4}?(?:otro |nuevo |mi )?" + _EMAIL,
    r"(?:otro|nuevo|otra) " + _EMAIL + r" (?:\w+ ){0,4}?" + _LOGIN_PLACE,
    r"(?:hackearon|hackeado)\b",
    r"(?:change|update|updte|chnage|chang|modify|swap|switch|replace) (?:\w+ ){0,2}?" + _EMAIL,
    r"(?:cambi|actuali[zc]|modific)\w* (?:\w+ ){0,2}?(?:" + _EMAIL + r"|coreo)", r"cambio de " + _EMAIL,
    r"(?:e ?mail|correo) (?:address )?(?:changed|cambio)\b", r"(?:perdi|no tengo) (?:el )?acceso a (?:mi )?" + _EMAIL,
    r"" + _EMAIL + r" (?:viejo|anterior) ya no (?:sirve|funciona|existe|lo uso)\b",
)
# The address given in this conversation: "the email I gave", "that email", "ese correo", "el que le mandé".
_GIVEN_HERE = _find(
    r"wrong\b", r"typo\w*", r"mistak\w*", r"mistyp\w*", r"misspel\w*", r"incorrect\w*", r"meant\b", r"instead\b",
    r"oops\b", r"fix\w*", r"correct\w*", r"gave\b", r"give\b", r"typed\b", r"sent\b", r"entered\b", r"just\b",
    r"earlier\b", r"a (?:second|minute) ago\b", r"(?:that|this) (?:one|address|" + _EMAIL + r")",
    r"redo\b", r"retype\b", r"scratch\b", r"sorry\b", r"autocorrect\w*", r"not (?:\w+ ){0,3}?but\b",
    r"equivo(?:c|qu)\w*", r"mal\b", r"error\w*", r"correg\w*", r"corrij\w*", r"correccion\b", r"puse\b", r"di\b",
    r"mande\b", r"escribi\b", r"acabo de\b", r"(?:ese|esa|este|esta) (?:" + _EMAIL + r"|no)\b", r"en vez\b",
    r"quise decir\b", r"perdon\w*", r"sino\b",
)
_changed_email = _unless_negated(_CHANGED_EMAIL)


def says_login_email_changed(words: str) -> bool:
    """The e-mail address of an existing login changed or is to be updated ("my email changed", "cambié de correo")."""
    return _changed_email(words)


# The pairs ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LookAlike:
    """A sink intent, the neighbour it absorbs, and when the words settle a sink reading on the neighbour."""

    sink: str
    other: str
    settles: Callable[[str, str], bool]  # (text, plain words) -> the words ask for ``other`` and not for ``sink``


PAIRS = (
    LookAlike("register", "forgot_password",
              lambda text, words: asks_for_sign_in_help(words) and not names_sign_up(words)
              and not _MAIL.search(words) and not _PAPER.search(words) and not asks_to_delete(words)),
    LookAlike("register", "ask_benefits",
              lambda text, words: asks_what_online_access_gives(words) and not requests_sign_up(words)
              and not _PAPER.search(words)),
    LookAlike("unregister", "ask_benefits",
              lambda text, words: asks_what_online_access_gives(words) and not asks_to_delete(words)
              and not no_longer_wants(text)),
    LookAlike("register", "help",
              lambda text, words: asks_how_it_works(words) and not requests_sign_up(words)
              and not _PAPER.search(words) and not _MAIL.search(words)),
    LookAlike("correct", "account_help",
              lambda text, words: asks_where_or_which(words) and not names_a_mistake(text, words)),
    LookAlike("correct", "affirm", lambda text, words: confirms_a_read_back(words)),
    LookAlike("correct", "change_email",
              lambda text, words: says_login_email_changed(words) and not _GIVEN_HERE.search(words)
              and "@" not in text and not _PAPER.search(words) and not _PASSWORD.search(words)),
)


def settled_look_alike(text: str, ranking: list[dict]) -> str | None:
    """The neighbour intent the words settle a sink reading on, or None to keep the model's reading.

    ``ranking`` is the model's intent ranking, best first (Rasa's ``intent_ranking``). Only a sink
    at the top is read; of its pairs, the first whose words ask for the neighbour wins, and where
    the words ask for two neighbours at once (a sign-in problem and what online access gives)
    nothing is settled.
    """
    if not ranking:
        return None
    top = ranking[0].get("name")
    words = plain_words(text)
    settled = {pair.other for pair in PAIRS if pair.sink == top and pair.settles(text, words)}
    return settled.pop() if len(settled) == 1 else None
