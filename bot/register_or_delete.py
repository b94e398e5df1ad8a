"""Does a message's wording ask to delete online access, or to sign up? Word cues, English and Spanish.

``register`` and ``unregister`` are the two intents the NLU model must never swap
(docs/languages.md, "Measured in make test"): "delete my online account" and
"create my online account" differ by one word, and the model reads that word
among many. These cues are the wording itself, read the way a person reads it,
for ``bot.intent_guard`` to settle the model's readings of the two:

- a *deletion cue* is a verb that ends something (delete, remove, cancel,
  unsubscribe, get rid of, take me off; borrar, eliminar, dar de baja, quitar,
  desactivar) not negated ("I don't want to delete it", "no me den de baja"),
  not a mistake being undone ("I unsubscribed by accident") and not aimed at
  the paper bill ("cancel the paper bills", "quitar el recibo de papel");
- a *soft deletion cue* says access is no longer wanted without such a verb
  ("I don't need it anymore", "ya no quiero la cuenta en línea");
- a *sign-up cue* is a verb that starts something (register, sign up, enroll,
  create an account; registrarme, inscribirme, darme de alta, crear mi cuenta);
  the noun "registration" is none: "cancel my registration request" is a deletion;
- a *sign-up-again cue* wants access back ("I deleted it before and want to
  sign up again", "sign me back up", "make me a new one", "quiero volver a
  registrarme", "regístrame otra vez", "háganme uno nuevo", "reactivate", "me di
  de baja sin querer", "deleting it was a mistake"): a sign-up, whatever was
  deleted before.

``settled_intent`` weighs them against the model's reading.

Written from how members ask, never from the test sets; checked against the training
data once (docs/performance.md, "Register or delete settled on the words").
Standard library only, so the tests read it without Rasa.
"""

from __future__ import annotations

import re

from common.text import fold_accents


def plain_words(text: str) -> str:
    """Lower case, accents and apostrophes off, each clause mark kept as " | ", other signs as spaces.

    "¡No, bórrenla!" -> "| no | borrenla |": a negation reaches no further than its clause.
    """
    text = fold_accents(text.lower())
    text = re.sub(r"['’`´]", "", text)
    text = re.sub(r"[.,;:!?¡¿()\"]+", " | ", text)
    text = re.sub(r"[^\w|]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _any(*patterns: str) -> str:
    return "(?:" + "|".join(patterns) + ")"


# Verbs that end online access. Word starts ("delet" reads delete, deleted, deletion).
_STRONG = _any(
    r"delet\w*", r"remov\w*", r"eras(?:e|es|ed|ing)\b", r"cancel\w*", r"clos(?:e|es|ed|ing|ure)\b",
    r"un ?subscri\w*", r"un ?regist\w*", r"de ?regist\w*", r"un ?enrol\w*", r"de ?activat\w*",
    r"terminat\w*", r"discontinu\w*", r"revok\w*", r"withdraw\w*", r"opt(?:s|ed|ing)? (?:me |us )?out\b", r"wip(?:e|ed|ing) out\b",
    r"get(?:ting)? rid of\b", r"take (?:me|us|my name|my \w+|it|them) (?:\w+ )?off\b",
    r"shut (?:down|off|it down|\w+ \w+ down)\b", r"undo\b",
    r"end (?:my|the|our) (?:online|web|account|registration|access|login|membership|subscription|enrol\w*)\b",
    r"kill\w*", r"nuke\b", r"scrap\b",
    # Spanish
    r"borr\w*", r"elimin\w*", r"cierr\w*", r"cerrar\w*", r"desactiv\w*", r"anul\w*",
    r"dar(?:me|se|nos|le|les)? de baja\b", r"(?:de|la) baja\b", r"dar(?:me|se|nos)? baja\b",
    r"quit(?:ar|en|a)\w*", r"quite(?:me|nme|la|lo|le|n)\b",
    r"saqu(?:e|en)(?:me|nme|la|lo)\b", r"sac(?:arme|ame|arla|arlo)\b",
    r"des ?inscrib\w*", r"des ?suscrib\w*", r"des ?registr\w*", r"des ?afili\w*", r"des ?enrol\w*",
    r"deshac\w*",
)
# Saying access is no longer wanted, without a verb that ends it.
_SOFT = _any(
    r"any ?more\b", r"any longer\b", r"no longer\b", r"done with\b", r"stop using\b",
    r"ya no (?:lo |la |le )?(?:quiero|quisiera|necesito|uso|ocupo|deseo|me interesa|me sirve)\b",
    r"(?:dont|do not|didnt|did not) (?:want|need|ask for) (?:it|this|that|them|the|my|an?|online)\b",
    r"(?:want|need) (?:it|this|that|them|my \w+|the \w+) gone\b",
    r"no (?:quiero|deseo) (?:seguir con|mantener|conservar|tener mas) ",
    r"no (?:la|lo) (?:quiero|necesito|pedi|ocupo)\b",
    r"no (?:quiero|necesito) (?:la|el|mi|esa|esta|ese|este) (?:cuenta|acceso|registro|usuario|portal)\b",
)
# Words that negate an ending verb after them ("don't delete", "no me den de baja"), and the few
# words that may stand between: "don't want to cancel", "no quiero que me la borren".
_NEGATOR = _any(r"not", r"dont", r"do not", r"didnt", r"did not", r"doesnt", r"never", r"wont", r"no", r"nunca",
                r"ni", r"tampoco")
_BETWEEN = _any(r"want", r"wanna", r"need", r"mean", r"meant", r"intend", r"trying", r"try", r"going", r"gonna",
                r"plan", r"planning", r"looking", r"asking", r"ask", r"asked", r"to", r"me", r"my", r"it", r"them",
                r"the", r"this", r"that", r"quiero", r"queria", r"quise", r"deseo", r"necesito", r"busco", r"pienso",
                r"voy", r"a", r"es", r"era", r"para", r"que", r"la", r"lo", r"le", r"les", r"los", r"las", r"den",
                r"des", r"de", r"mi", r"su", r"se", r"he")
_NEGATED = re.compile(r"\b" + _NEGATOR + r" (?:" + _BETWEEN + r" ){0,4}" + _STRONG)
# A deletion undone: "deleted it by mistake", "sin querer me di de baja", "accidentally removed it".
_MISTAKE_AFTER = _any(r"by mistake", r"by accident", r"accidentally", r"mistakenly", r"por error", r"sin querer",
                      r"por accidente", r"por equivocacion", r"(?:was|were) (?:a |my )?mistake", r"fue (?:un |mi )?error")
_MISTAKE_BEFORE = _any(r"accidentally", r"mistakenly", r"por error", r"sin querer", r"por accidente",
                       r"por equivocacion")
_PRONOUN = _any(r"i", r"we", r"it", r"me", r"la", r"lo", r"le", r"se", r"te", r"di", r"dio")
_BY_MISTAKE = re.compile(r"\b" + _STRONG + r" (?:\w+ ){0,4}?" + _MISTAKE_AFTER + r"\b"
                         r"|\b" + _MISTAKE_BEFORE + r" (?:" + _PRONOUN + r" ){0,2}" + _STRONG)
# An ending aimed at the paper bill, not at online access: "cancel the paper bills", "quitar el recibo de papel".
_PAPER = re.compile(r"\b" + _STRONG + r" (?:\w+ ){0,3}?(?:paper|papel|recibos?|facturas?|mail)\b")

_SIGN_UP = _any(
    r"register\b", r"registering\b", r"sign(?:ing)? (?:me |us )?up\b", r"signup\b", r"enrol(?:l|ls|ling|ing)?\b",
    r"activat\w*", r"set (?:me|us) up\b", r"get (?:me )?(?:an? )?(?:online |web )?account\b",
    r"(?:create|make|open|set up|setup) (?:an? |my |a new |an online |my online |new )?(?:online )?account\b",
    r"registrar(?:me|se|nos|te)?\b", r"registrarm\w*", r"inscribir\w*", r"inscribo\b", r"dar(?:me|se|nos)? de alta\b",
    r"registr(?:a|e|en)(?:me|nos)\b", r"inscrib(?:a|e|an|en)(?:me|nos)\b",
    r"den de alta\b", r"activar\w*", r"(?:crear|abrir|hacer)(?:me)? (?:una |mi |un |el )?(?:cuenta|usuario|registro)\b",
)
_AGAIN = _any(r"again", r"back", r"once more", r"de nuevo", r"otra vez", r"nuevamente")
_SIGN_UP_AGAIN = re.compile(
    r"\b" + _SIGN_UP + r" (?:\w+ ){0,3}?" + _AGAIN + r"\b"
    r"|\bre ?(?:regist|enrol|sign up|activat)\w*|\breactiv\w*"
    r"|\b(?:create|make|open|set up) (?:a |an )?new (?:online )?account\b"
    r"|\b(?:want|need|like|get|make|create|open|set up|setup) (?:a |an )?(?:brand )?new (?:online |web )?(?:account|login|one)\b"
    r"|\b(?:make|create|set up|give|get) (?:me|us) (?:a |an )?(?:brand )?new (?:online |web )?(?:account|login|one|user ?name)\b"
    r"|\bsign (?:me|us|it) back up\b|\bset (?:it|me|us|that) (?:\w+ )?up again\b"
    r"|\b(?:make|create|open|set up|do) (?:it|one|that|them) (?:\w+ )?(?:again|over)\b"
    r"|\b(?:hacer|crear|abrir|sacar)(?:la|lo|me|nos)? (?:\w+ )?(?:de nuevo|otra vez|nuevamente)\b"
    r"|\b(?:haga|hagan|haz|crea|cree|creen|abra|abran|de|den|da)(?:me|nos) (?:un |una |uno |otro |otra )?(?:nuev[oa]|otr[oa])\b"
    r"|\bvolv\w* a (?:registr|inscrib|dar(?:me|se)? de alta|crear|activar|abrir)\w*"
    r"|\bvuelvo a (?:registr|inscrib)\w*|\b(?:cuenta|usuario) nuev[oa]\b"
    # "ocupo hacer uno nuevo", "quiero sacar otro": one more of the thing itself, the clause ending
    # there ("hacer otra pregunta" asks something else).
    r"|\b(?:hacer|crear|abrir|sacar)(?:me)? (?:un|uno|una|otro|otra)(?: nuev[oa])?(?= \||$)"
    r"|\bapunt(?:a|e|en)(?:me|nos) (?:\w+ )?(?:de nuevo|otra vez|nuevamente)\b")

_STRONG_RE = re.compile(r"\b" + _STRONG)
_SOFT_RE = re.compile(r"\b" + _SOFT)
_SIGN_UP_RE = re.compile(r"\b" + _SIGN_UP)
_NEGATED_SIGN_UP = re.compile(r"\b" + _NEGATOR + r" (?:" + _BETWEEN + r" ){0,4}" + _SIGN_UP)

# Online access named as the thing that was ended: "my old login was cancelled", "me borraron el usuario".
_ONLINE_THING = re.compile(r"\b(?:online|on line|web|website|portal|login|log in|user ?name|app|internet|en linea|"
                           r"usuario|pagina|sitio|acceso)\b")
# A pause for now, which a deletion story never holds: "cancel this, I'll sign up again later".
_FOR_NOW = re.compile(r"\b(?:later|another time|tomorrow|some other time|luego|despues|mas tarde|otro dia|manana)\b")

REGISTER, UNREGISTER = "register", "unregister"
# Readings that take a story of deleted online access for something else when it asks for access
# back: "cancelé mi cuenta en línea ... quiero abrirla otra vez" read as stopping the sign-up.
# ``start_over`` is not among them: "cancel this and register again" restarts the sign-up.
SIGN_UP_AGAIN_LOOK_ALIKES = ("never_mind", "out_of_scope", "forgot_password")
# Up to this many words a request read as a sign-up is settled on its words alone (settled_intent).
SHORT_REQUEST = 8


def asks_to_delete(text: str) -> bool:
    """An ending verb aimed at online access, neither negated nor undone as a mistake.

    Broader than ``actions.answers.asks_to_delete`` on purpose: a cue weighed with the model's ranking, no decision."""
    words = plain_words(text)
    for undone in (_PAPER, _NEGATED, _BY_MISTAKE):
        words = undone.sub(" ~ ", words)
    return bool(_STRONG_RE.search(words))


def no_longer_wants(text: str) -> bool:
    """Says access is no longer wanted, without an ending verb ("I don't need it anymore")."""
    return bool(_SOFT_RE.search(plain_words(text)))


def asks_to_sign_up(text: str) -> bool:
    """A verb that starts online access, not negated ("register", "darme de alta"); "registration" alone is none."""
    return bool(_SIGN_UP_RE.search(_NEGATED_SIGN_UP.sub(" ~ ", plain_words(text))))


def asks_to_sign_up_again(text: str) -> bool:
    """Wants access back after a deletion: "sign up again", "volver a registrarme", "reactivate",
    or a deletion made by mistake ("I unsubscribed by accident")."""
    words = plain_words(text)
    return bool(_SIGN_UP_AGAIN.search(words) or _BY_MISTAKE.search(words))


def tells_of_deleted_access_wanted_back(text: str) -> bool:
    """An ended online login and the wish to have it again, not put off for later:
    "my old login was cancelled, I need to make a brand new one", "me había dado de baja del portal
    pero ya quiero volver, apúntame otra vez"."""
    words = plain_words(text)
    return bool(asks_to_sign_up_again(text) and _STRONG_RE.search(words) and _ONLINE_THING.search(words)
                and not _FOR_NOW.search(words))


def settled_intent(text: str, ranking: list[dict]) -> str | None:
    """The intent the words settle a ``register`` / ``unregister`` reading on, or None to keep the model's.

    ``ranking`` is the model's intent ranking, best first (Rasa's ``intent_ranking``). The model
    is overruled only where the words leave no doubt, each way with the evidence that way needs:

    - read as ``unregister``: becomes ``register`` when the words ask to sign up again, or ask to
      sign up and hold no deletion cue at all (neither an ending verb nor "anymore"). Wrong
      ``unregister`` readings are confident ones (the model weighs "delete" in "I deleted it
      before and want to sign up again" above the rest), so no closeness is asked for.
    - read as one of ``SIGN_UP_AGAIN_LOOK_ALIKES`` (stop for now, off topic, forgotten password):
      becomes ``register`` when the words tell of ended online access wanted back
      (``tells_of_deleted_access_wanted_back``).
    - read as ``register``: becomes ``unregister`` only when an ending verb asks for it, no
      sign-up verb stands beside it, and either the message is short (at most ``SHORT_REQUEST``
      words: "borrar registro", "cancel my registration", where the verb is most of what is said
      and the noun "registro" pulls the model to a sign-up), or the model itself ranks
      ``unregister`` second, or the words also say access is no longer wanted ("kill my online
      account, I don't need it"). Longer sign-up stories name endings of other things ("I closed
      my old business"), and the dialogue asks before any deletion anyway
      (actions/change_of_course.py), so there this way needs a second reader.
    """
    if not ranking:
        return None
    top = ranking[0].get("name")
    if top in SIGN_UP_AGAIN_LOOK_ALIKES:
        return REGISTER if tells_of_deleted_access_wanted_back(text) else None
    if top == UNREGISTER:
        if asks_to_sign_up_again(text):
            return REGISTER
        if asks_to_sign_up(text) and not asks_to_delete(text) and not no_longer_wants(text):
            return REGISTER
    elif top == REGISTER:
        runner_up = ranking[1].get("name") if len(ranking) > 1 else None
        short = len(plain_words(text).replace("|", " ").split()) <= SHORT_REQUEST
        if ((short or runner_up == UNREGISTER or no_longer_wants(text)) and asks_to_delete(text)
                and not asks_to_sign_up(text) and not asks_to_sign_up_again(text)):
            return UNREGISTER
    return None
