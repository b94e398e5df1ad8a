"""Readers of a member's answer to the question the assistant just asked, in English and Spanish.

Each question type has one small reader (RasaHQ/rasa-3.x-form-examples 05-validation:
one check per slot), read against what that question offered:

- :func:`read_yes_no`   a yes/no question (Terms, delete, "It sounds like you want to ...?")
- :func:`read_explicit_yes_no` the same, from words that accept or refuse outright only
- :func:`yes_with_side_question` a clear yes followed by a question about something else
- :func:`read_choice`   a numbered choice (the security question): by number, ordinal or words
- :func:`is_resume`     "ok / go on / continue / sigue / dale" after a reply that only explained
- :func:`asks_to_stop`, :func:`asks_to_delete`, :func:`asks_to_register`: a change of course
  is made only when the member's words say it, never on the NLU model's guess alone

Members write full sentences ("Yes, I have read the terms and I accept them", "claro que
si", "rather not"), with or without accents. The readers are pure functions of the text
(plus the NLU intent where it is confident), tested on their own in
tests/actions/test_answers.py. An answer that is not clearly yes is never read as yes.
"""

from __future__ import annotations

import functools
import re

from actions.patterns import NEW_CODE_RE
from common import account_refs, security_questions
from common.text import fold_accents


def plain(text: str | None) -> str:
    """Lower case, accents and inverted marks off, punctuation as spaces: "¡Sí, acepto!" -> "si acepto"."""
    text = fold_accents((text or "").lower().replace("’", "'"))
    text = re.sub(r"[^\w'?]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _words(*phrases: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w'])(?:" + "|".join(phrases) + r")(?![\w'])")


# --- yes / no -----------------------------------------------------------------------
# Phrases whose "no" is not a no ("no problem", "como no" = of course).
_POSITIVE_WITH_NO = _words(r"no\s+problem(?:o)?", r"not\s+a\s+problem", r"no\s+hay\s+problema", r"sin\s+problema",
                           r"como\s+no", r"why\s+not", r"no\s+worries")
_YES_WORDS = _words(
    r"yes+", r"y", r"yeah", r"yea", r"ya", r"yep", r"yup", r"sure", r"ok(?:ay|ey)?", r"k+", r"fine", r"alright",
    r"all\s+right", r"accept(?:ed|s)?", r"agree(?:d)?", r"i\s+do", r"correct", r"right", r"absolutely",
    r"of\s+course", r"definitely", r"certainly", r"affirmative", r"go\s+ahead", r"please\s+do", r"do\s+it",
    r"consent", r"sounds\s+good", r"that\s+works", r"indeed", r"yes\s+please", r"you\s+bet", r"for\s+sure",
    r"yes\s*sir", r"yessir",
    # Spanish
    r"si+", r"claro", r"por\s+supuesto", r"desde\s+luego", r"de\s*acuerdo", r"esta\s+bien", r"vale", r"bueno",
    r"sale", r"dale", r"acepto", r"aceptar", r"aceptado", r"aceptamos", r"lo\s+acepto", r"los\s+acepto",
    r"las\s+acepto", r"correcto", r"afirmativo", r"seguro", r"perfecto", r"con\s+gusto", r"adelante",
    r"asi\s+es", r"exacto", r"okey", r"ok\s+si", r"positivo", r"va", r"orale", r"andale", r"va\s+pues", r"sale\s+pues", r"sip", r"sipi", r"simon", r"aja",
)
_NO_WORDS = _words(
    r"no+", r"n", r"nope", r"nah", r"negative", r"never", r"decline(?:d)?", r"refuse", r"not\s+really",
    r"no\s+thanks?", r"no\s+thank\s+you", r"rather\s+not", r"not\s+now", r"no\s+way", r"don'?t", r"do\s+not",
    r"keep\s+it", r"cancel", r"not\s+yet", r"i\s+won'?t", r"not\s+today", r"wrong", r"incorrect",
    r"not\s+right", r"not\s+correct", r"not\s+it", r"not\s+that(?:\s+one)?", r"not\s+what\s+i\s+(?:meant|want(?:ed)?)",
    # Spanish
    r"nel", r"mejor\s+no", r"para\s+nada", r"de\s+ninguna\s+manera", r"nunca", r"prefiero\s+no", r"no\s+gracias",
    r"ahora\s+no", r"ahorita\s+no", r"todavia\s+no", r"aun\s+no", r"tampoco", r"rechazo", r"no\s+acepto",
    r"incorrecto", r"esta\s+mal", r"eso\s+no",
)
# A word that negates what follows ("I do not accept", "no estoy de acuerdo").
_NEGATION = _words(r"no", r"not", r"don'?t", r"doesn'?t", r"didn'?t", r"never", r"won'?t", r"can'?t", r"cannot",
                   r"haven'?t", r"nunca", r"ni", r"nor", r"isn'?t", r"aren'?t", r"n't")
# Words that make a yes conditional, postponed or a question: never read as yes.
_HEDGES = _words(
    r"but", r"however", r"if", r"unless", r"wait", r"later", r"maybe", r"perhaps", r"not\s+sure", r"idk",
    r"what", r"why", r"how", r"which", r"where", r"when", r"who", r"first", r"before", r"question",
    r"pero", r"aunque", r"quizas?", r"tal\s+vez", r"a\s+lo\s+mejor", r"espera", r"despues", r"luego",
    r"no\s+se", r"por\s+que", r"porque", r"cuando", r"donde", r"cual", r"primero", r"antes", r"pregunta",
    r"que\s+(?:es|son|dice|dicen|significa)",
    # asking what the Terms hold, or whether one may, without a "?": "ok I read them, does it say anything
    # about a fee", "can I accept as an employee", "dice algo de que me van a cobrar"
    r"(?:does|do|did)\s+(?:it|this|that|they|these|the\s+terms?)\s+(?:say|mention|cover|allow|let|include)",
    r"(?:can|may|could)\s+(?:i|we|my\s+\w+)", r"(?:is|are)\s+there", r"dicen?\s+algo", r"una\s+consulta",
)


_UNSURE = _words(r"(?:i\s+)?don'?t\s+know", r"(?:i\s+)?do\s+not\s+know", r"not\s+sure", r"no\s+(?:lo\s+)?se",
                 r"no\s+estoy\s+segur[oa]", r"no\s+tengo\s+idea", r"no\s+idea", r"i\s+guess", r"i\s+suppose")


# A "no" the member says they did not say ("I didn't say no to the terms!", "no dije que no"): no
# refusal; the rest of the message is read without it ("... yes I accept" is a yes).
_NEGATED_NO = _words(
    r"(?:i\s+)?(?:didn'?t|did\s+not|never|haven'?t|have\s+not|am\s+not|i'?m\s+not)\s+(?:say(?:ing)?|said|mean(?:ing)?|"
    r"meant|typed?|typing|write|wrote|writing|answer(?:ed)?|repl(?:y|ied)|reply(?:ing)?|tell(?:ing)?\s+you|told\s+you)"
    r"\s+(?:that\s+)?(?:i\s+)?(?:said\s+)?(?:a\s+)?(?:no+|nope|declined?)",
    r"(?:i\s+)?(?:didn'?t|did\s+not|never|haven'?t|have\s+not)\s+(?:declined?|refused?|rejected|reject)",
    r"(?:that|it|this)\s+(?:wasn'?t|was\s+not|isn'?t|is\s+not)\s+a\s+no",
    r"(?:yo\s+)?(?:no|nunca)\s+(?:te\s+|le\s+|les\s+)?(?:dije|he\s+dicho|puse|escribi|conteste|respondi|"
    r"quise\s+decir|estoy\s+diciendo|decia)\s+(?:que\s+)?no",
    r"(?:yo\s+)?(?:no|nunca)\s+(?:los\s+|las\s+|lo\s+)?(?:rechace|he\s+rechazado)",
    r"(?:eso\s+)?no\s+(?:fue|era|es)\s+un\s+no",
)


# Where a sentence turns to its conclusion: "..., but I trust the co-op, so yes", "... pero si, acepto".
_TURN = _words(r"but", r"so", r"anyway", r"anyhow", r"pero", r"asi\s+que", r"entonces", r"igual", r"de\s+todos\s+modos")
# A refusal said outright: a later "yes" never outweighs it.
_REFUSAL = re.compile(r"(?<![\w'])(?:declin\w*|refuse\w*|reject\w*|rechaz\w*)(?![\w'])")


def read_yes_no(text: str | None, intent: str | None = None, confidence: float = 0.0) -> bool | None:
    """True for a clear yes, False for a clear no, None when the message is neither or both.

    The words decide first; the NLU intent (``affirm`` / ``deny``) counts only when it is
    confident and the message holds no negation, condition or question, so
    "yes but what do the terms say?" and "I have not read them" are never a yes.
    A sentence whose last clause, after "but" / "so" / "pero", is a clear yes is a yes
    ("I can't open the link, but I trust the co-op, so yes"), unless an earlier part refuses;
    "yes but I don't accept part X" ends in a no and stays one."""
    answer = _read_yes_no(text, intent, confidence)
    if answer is True:
        return True
    clauses = _TURN.split(_NEGATED_NO.sub(" ", plain(text)))
    if len(clauses) < 2 or not clauses[-1].strip():
        return answer
    head = " ".join(clauses[:-1]).strip()
    if _REFUSAL.search(head) or _NEGATED_ACCEPT.search(head) or _ONLY_NO.match(head) or "?" in head:
        return answer  # "I don't accept X, but ok" / "no, but ok": the refusal stands
    return True if _read_yes_no(clauses[-1]) is True else answer


def _read_yes_no(text: str | None, intent: str | None = None, confidence: float = 0.0) -> bool | None:
    text = _NEGATED_NO.sub(" ", plain(text)).strip()
    if not text:
        return None
    if "?" in text:
        return None  # a question is not an answer: "yes?", "what do they say?"
    if _UNSURE.search(text):
        return None  # "I don't know", "no sé": neither a yes nor a no
    softened = _POSITIVE_WITH_NO.sub(" yes ", text)
    hedged = bool(_HEDGES.search(softened))
    negated = bool(_NEGATION.search(softened))
    yes = bool(_YES_WORDS.search(_NO_WORDS.sub(" ", softened)))  # "not right" holds no yes
    no = bool(_NO_WORDS.search(softened))
    if _conditional_si(softened):
        hedged = True
    if no or negated:
        if yes and not _negative_sentence(softened):
            return None  # "no, I accept" / "yes, no" say both: ask again
        return None if hedged and not no else False
    if yes:
        return None if hedged else True
    if hedged or len(text.split()) > 6:
        return None
    if intent == "affirm" and confidence >= 0.9:
        return True
    if intent == "deny" and confidence >= 0.9:
        return False
    return None


_SI_AFTER = {"que", "claro", "pues", "ok", "okay", "okey", "bueno", "digo", "dije", "si", "y", "eh", "yes", "ah", "oh",
             "orale", "va", "sale", "dale", "vale", "ya", "ahora"}


# What may follow a "si" that is a yes ("ok sigue, si acepto", "si, de acuerdo", "sí los acepto").
_SI_BEFORE = re.compile(r"(?:acepto|aceptamos|(?:lo|los|las)\s+acepto|de\s*acuerdo|claro|ok|okay|okey|vale|dale|"
                        r"gracias|por\s+supuesto|adelante|perfecto|correcto|si)(?:\s|$)")


def _conditional_si(text: str) -> bool:
    """A "si" inside the sentence is an "if" ("acepto si ..."); at the start, at the end, after
    "claro que" / "pues" / "órale" or before "acepto" / "de acuerdo" it is a yes ("si acepto",
    "claro que si", "órale sí", "ok sigue, si acepto")."""
    words = text.split()
    return any(word == "si" and index > 0 and words[index - 1] not in _SI_AFTER
               and index + 1 < len(words) and not _SI_BEFORE.match(" ".join(words[index + 1:index + 3]))
               for index, word in enumerate(words))


_NEGATED_ACCEPT = re.compile(
    r"(?<![\w'])(?:no|not|don'?t|do\s+not|never|won'?t|can'?t|cannot|nunca)\s+(?:\w+\s+){0,2}?"
    r"(?:accept|agree|ok(?:ay)?|fine|sure|acepto|aceptar|estoy\s+de\s+acuerdo|de\s+acuerdo|esta\s+bien|quiero)")
_ONLY_NO = re.compile(r"^(?:(?:no+|nope|nah|n|thanks|thank\s+you|gracias)\s*)+$")


def _negative_sentence(text: str) -> bool:
    """A yes-word under a negation is still a no: "I do not accept", "no estoy de acuerdo", "nope, not ok"."""
    return bool(re.match(r"^(?:no+|nope|nah|n)\b", text)) or bool(_NEGATED_ACCEPT.search(text))


# --- yes / no said in so many words ---------------------------------------------------
# Words that accept or refuse outright; "ok", "vale", "please", "can we finish" are no such word.
_EXPLICIT_YES = _words(r"yes+", r"yeah", r"yep", r"yup", r"accept(?:ed|s)?", r"agree(?:d)?", r"i\s+do", r"absolutely",
                       r"of\s+course", r"definitely", r"certainly", r"affirmative", r"consent", r"confirm(?:ed)?",
                       r"si+", r"acepto", r"aceptar", r"aceptado", r"aceptamos", r"estoy\s+de\s+acuerdo",
                       r"por\s+supuesto", r"desde\s+luego", r"afirmativo", r"confirmo")
_EXPLICIT_NO = _words(r"nope", r"decline(?:d)?", r"refuse", r"reject", r"rather\s+not", r"no\s+thanks?",
                      r"no\s+thank\s+you", r"(?:don'?t|do\s+not|not)\s+(?:\w+\s+)?(?:accept|agree|delete|remove)",
                      r"keep\s+it", r"mejor\s+no", r"prefiero\s+no", r"no\s+gracias", r"rechazo",
                      r"no\s+(?:\w+\s+)?(?:acepto|aceptamos|estoy\s+de\s+acuerdo|la\s+borren|la\s+borre|borren|borre)",
                      r"de\s+ninguna\s+manera", r"para\s+nada")


def read_explicit_yes_no(text: str | None) -> bool | None:
    """A yes or no said in so many words ("yes I accept", "sí acepto", "no, I don't accept"),
    never from filler alone ("ok can we finish", "vale, por favor") nor from the model's guess.

    For a message that also asked for another language: its filler ("ok", "please") is
    politeness around the request, no answer to the question pending."""
    answer = read_yes_no(text)
    words = plain(text)
    if answer is True and _EXPLICIT_YES.search(words):
        return True
    if answer is False and (_ONLY_NO.match(words) or _EXPLICIT_NO.search(words)):
        return False
    return None


# --- "wait" at the last step: not a refusal ------------------------------------------------
_WAIT = _words(r"wait", r"hold\s+on", r"hang\s+on", r"one\s+(?:moment|sec(?:ond)?)", r"just\s+a\s+(?:moment|sec(?:ond)?)",
               r"not\s+yet", r"espera", r"espere", r"esperame", r"espereme", r"tantito", r"un\s+momento", r"todavia\s+no", r"aun\s+no", r"momento",
               r"momentito")
# "I never gave you / you didn't ask / can I set that first / quiero cambiar": an earlier step to do over.
_NOT_DONE = _words(r"(?:haven'?t|have\s+not|never|didn'?t|did\s+not)\s+(?:\w+\s+){0,2}?(?:given?|gave|told?|said|"
                   r"sent|set|asked?|answered?|put)", r"set\s+(?:that|it)\s+first", r"change", r"fix", r"correct",
                   r"no\s+(?:te|le|les)\s+(?:he\s+)?(?:dije|dicho|di|dado|mande)", r"no\s+me\s+(?:pregunt\w+)",
                   r"cambiar", r"corregir", r"arreglar")
_SECURITY_ANSWER = _words(r"security\s+(?:answer|question)", r"(?:my\s+)?answer", r"school", r"high\s+school", r"pet",
                          r"maiden", r"respuesta", r"escuela", r"secundaria", r"preparatoria", r"mascota",
                          r"apellido\s+de\s+soltera", r"pregunta\s+de\s+seguridad")


def asks_to_wait(text: str | None) -> bool:
    """ "wait", "hold on", "not yet", "todavía no": the member is not done, which is no refusal."""
    return bool(_WAIT.search(plain(text)))


# Asking for time in other words than "wait" ("give me a sec", "let me ask the owner", "ahorita",
# "déjame le pregunto"): the member is fetching something, as a code texted to someone else's phone.
_TAKING_TIME = _words(r"give\s+me\s+a\s+(?:sec(?:ond)?|moment|minute|min)", r"(?:a|one|1)\s+(?:sec|second|min|minute)",
                      r"let\s+me\s+(?:ask|check|see|look|find|get|grab)", r"brb", r"be\s+right\s+back",
                      r"(?:need|have|got)\s+to\s+(?:ask|check)", r"tengo\s+que\s+(?:preguntar\w*|checar|revisar)",
                      r"ahorita", r"ahora\s+(?:lo|se\s+lo|te\s+lo|le)\b", r"un\s+(?:seg|segundo|minuto|ratito|rato|momento)",
                      r"dej(?:a|e)(?:me)?\s+(?:le\s+|les\s+|lo\s+)?(?:pregunt\w*|ver|veo|cheque\w*|checar|checo|"
                      r"revis\w*|busc\w*)", r"ya\s+(?:se\s+lo\s+|le\s+)?pregunto", r"voy\s+a\s+preguntar\w*",
                      r"(?:le|les|lo)\s+pregunto", r"(?:i'?ll|let\s+me)\s+ask")
# Time to read something first ("one sec let me read them", "déjeme leerlos primero", "espere, voy a leer
# los términos"): at the Terms, a patient reply and their link again, never "I didn't understand".
_READING = _words(
    r"(?:let\s+me|lemme|i'?ll|i\s+will|i\s+(?:want|need|have|got)\s+to|i\s+wanna|i\s+gotta|gonna|going\s+to|"
    r"(?:sec|second|min|minute|moment)\s+to)\s+(?:first\s+)?(?:read|look\s+(?:over|through)|go\s+(?:over|through))",
    r"still\s+reading", r"(?:i'?m|i\s+am)\s+reading", r"(?:haven'?t|have\s+not|didn'?t|did\s+not)\s+read",
    r"read\s+(?:them|it|those|these|the\s+terms)\s+first",
    r"dej(?:a|e)(?:me)?\s+(?:los\s+|las\s+|lo\s+)?le(?:er|o)\w*", r"(?:voy|vamos)\s+a\s+leer\w*",
    r"(?:quiero|quisiera|necesito|tengo\s+que)\s+(?:primero\s+)?leer\w*", r"(?:los|las|lo)\s+leo", r"leer\w*\s+primero",
    r"(?:estoy|estamos)\s+leyendo\w*", r"(?:no\s+)?(?:los|las|lo)\s+(?:he|e)\s+leido", r"(?:todavia|aun)\s+no\s+(?:los\s+|las\s+|lo\s+)?lei\w*")


# "I don't have that phone anymore", "that's my old number", "ya no tengo ese teléfono", "cambié de
# número": the phone on file is no longer the member's, so no texted code can reach them.
_PHONE_NOT_THEIRS = _words(
    r"(?:don'?t|do\s+not|no\s+longer)\s+(?:have|use|own)\s+(?:that|this|the|my)\s+(?:old\s+)?(?:phone|number|cell)",
    r"(?:that'?s|that\s+is|it'?s|its)\s+(?:my\s+)?(?:an\s+)?old\s+(?:phone|number|cell)",
    r"(?:changed|new|lost|switched)\s+(?:my\s+)?(?:phone|number|cell)(?:\s+number)?",
    r"(?:phone|number)\s+(?:changed|is\s+(?:not|no\s+longer)\s+mine)",
    r"ya\s+no\s+(?:tengo|uso|es\s+mio)\s+(?:ese|este|el|mi)?\s*(?:telefono|numero|celular|cel)",
    r"(?:cambie|perdi)\s+(?:de\s+|el\s+|mi\s+)?(?:telefono|numero|celular|cel)",
    r"(?:es|era)\s+mi\s+(?:numero|telefono|celular)\s+(?:viejo|anterior)", r"(?:numero|telefono|celular)\s+viejo",
)


# The phone on file in the member's words, and what says it is gone ("that number is my old landline",
# "I don't have access to that phone", "not my number anymore", "ese teléfono ya no lo tengo") ...
_A_PHONE = _words(r"phone", r"number", r"cell(?:\s*phone)?", r"mobile", r"land\s*line", r"line", r"telefono",
                  r"numero", r"celular", r"cel", r"linea", r"fijo")
_GONE = _words(r"old", r"any\s*more", r"no\s+longer", r"not\s+mine", r"(?:don'?t|do\s+not|no)\s+(?:have|has)",
               r"(?:no|don'?t)\s+(?:have\s+)?access", r"lost", r"disconnected", r"cancel+ed", r"shut\s+off",
               r"got\s+rid", r"ya\s+no", r"viejo", r"anterior", r"perdi", r"no\s+tengo(?:\s+acceso)?",
               r"desconectad[oa]", r"cancelad[oa]")
# ... unless only for now ("I don't have my phone with me", "no traigo el cel ahorita"): time is asked for.
_ONLY_FOR_NOW = _words(r"with\s+me", r"on\s+me", r"right\s+now", r"at\s+the\s+moment", r"yet", r"conmigo",
                       r"a\s+la\s+mano", r"ahorita", r"ahora\s+mismo", r"en\s+este\s+momento", r"todavia", r"aun")


def phone_not_theirs(text: str | None) -> bool:
    """The member says the phone on file is not theirs any more (changed, lost, an old number, no
    access to it), in so many words or as a phone named with what says it is gone."""
    text = plain(text)
    return (bool(_PHONE_NOT_THEIRS.search(text) or (_A_PHONE.search(text) and _GONE.search(text)))
            and not _ONLY_FOR_NOW.search(text))


# A phone number: ten digits, bare or grouped 3-3-4 with dashes, dots, spaces or parentheses
# ("512-555-0999", "(512) 555-0999"), or with the country code ("+1 512 555 0999", "15125550999").
_PHONE_NUMBER_RE = re.compile(r"(?<![\w+])(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}(?!\d)")


def written_phone_numbers(text: str | None) -> list[tuple[int, int, bool]]:
    """(start, end, unmistakable) of every phone number (``_PHONE_NUMBER_RE``) written as one in a
    sentence: 3-3-4 groups set apart by spaces, dashes, dots or parentheses ("512 555 7811", "(512)
    555-7812", "512.555.7811"), or with the country code ("+1 512 555 7811", "1-512-555-7811",
    "+15125557811"). Never a ZIP, a last 4, a code or another account number: an account number is
    typed as digits without that grouping. ``unmistakable``: with parentheses or the country code, no
    account number at all; plain 3-3-4 groups ("100 123 4567") may still be the account number where
    it is asked or named."""
    found = []
    for match in _PHONE_NUMBER_RE.finditer(text or ""):
        value = match.group(0)
        if value[0] == "+" or "(" in value or len(re.findall(r"\d+", value)) >= 3:
            found.append((match.start(), match.end(), bool(re.match(r"[(+]|1\D", value))))
    return found


def gives_a_phone_number(text: str | None) -> bool:
    """Does the message hold a phone number ("my new number is 512-555-0999", "text it to +1 512 555
    0999")? At the code step it speaks of the phone, never of the code: its first six digits are no
    guess of the code. Ten digits typed alone may be an account number, and are none."""
    text = text or ""
    return bool(_PHONE_NUMBER_RE.search(text)) and not re.fullmatch(r"\s*\d{10}\s*", text)


# "that's a landline", "I can't get texts there", "es un teléfono de casa", "es fijo", "no me llegan
# mensajes a ese número": the phone on file may take no texts (a landline hears the code in a call).
_NO_TEXTS_THERE = _words(
    r"land\s*line", r"(?:home|house)\s+(?:phone|number|line)", r"not\s+a\s+(?:cell|mobile)",
    r"(?:can'?t|cannot|can\s+not|don'?t|doesn'?t|does\s+not|do\s+not|won'?t|never)\s+(?:[\w']+\s+){0,3}?"
    r"(?:get|gets|receive|receives|take|takes|accept|accepts|do|does)\s+(?:any\s+)?(?:texts|text\s+messages|sms|texting)",
    r"no\s+(?:texts|texting|sms)", r"(?:telefono|numero|linea)\s+(?:de\s+(?:la\s+|mi\s+)?casa|fijo)", r"fijo",
    r"no\s+es\s+(?:un\s+)?(?:celular|cel)",
    r"no\s+(?:me\s+|le\s+)?(?:llegan|recibe|acepta|agarra|puede\s+recibir|puedo\s+recibir)\s+(?:los\s+)?(?:mensajes|textos|sms)",
)


def no_texts_there(text: str | None) -> bool:
    """The member says the phone on file may take no texts: a landline, a home phone, "I can't get
    texts there" (never "I didn't get the text": that one code has not come)."""
    return bool(_NO_TEXTS_THERE.search(plain(text)))


# "I never got the code", "the code didn't come", "no me llega el código", "no recibí ningún código",
# "still nothing", "todavía nada", "código nuevo", "mándamelo otra vez": the texted code has not arrived.
_CODE_NOT_ARRIVED = _words(
    r"(?:no|not|never|nunca|didn'?t|did\s+not|haven'?t|have\s+not|hasn'?t|has\s+not|isn'?t|is\s+not|wasn'?t)"
    r"\s+(?:[\w']+\s+){0,3}?(?:get|got|gotten|receive[ds]?|received|arrive[ds]?|arrived|arriving|come|came|coming|"
    r"llega|llegan|llego|llegado|recibi|recibo|recibido|sale|salio)",
    r"(?:still|todavia|aun)\s+(?:nothing|nada|no\s+(?:code|codigo|text|mensaje))", r"(?:nothing|nada)\s+(?:yet|todavia|aun)",
    r"(?:got|received|recibi)\s+(?:nothing|nada|no\s+(?:code|text)|ningun)",
    r"(?:codigo|clave)\s+nuev[oa]", r"(?:nuevo|otro)\s+codigo", r"reenvi\w*", r"(?:mandamelo|mandalo|envialo|enviamelo)\s+otra\s+vez",
)

# What stands between the member and the texted code (``code_trouble``).
PHONE_GONE = "phone_gone"  # the phone on file is no longer theirs: only the co-op can change it
NO_TEXTS = "no_texts"  # the phone on file may take no texts: a landline is called, else the co-op changes it
NOT_ARRIVED = "not_arrived"  # the code has not come (yet): sent once more, then member services


def code_trouble(text: str | None, intent: str | None = None) -> str | None:
    """Why the member cannot send the texted code, read one way wherever it is asked: the phone on
    file is not theirs any more (``PHONE_GONE``, first: "I changed my number, send a new code" is
    no matter of waiting; a phone number given, "text it to 512-555-0999", is for the co-op to change), or the code has not arrived (``NOT_ARRIVED``: their words, "NEW CODE",
    or the model's ``email_not_received``); None otherwise. A phone that may take no texts
    (``NO_TEXTS``: a landline, "I can't get texts there") comes first: "my old landline" hears both
    ways on (a call with the code, or member services to change the phone)."""
    if no_texts_there(text):
        return NO_TEXTS
    if phone_not_theirs(text) or gives_a_phone_number(text):
        return PHONE_GONE
    if NEW_CODE_RE.search(text or "") or intent == "email_not_received" or _CODE_NOT_ARRIVED.search(plain(text)):
        return NOT_ARRIVED
    return None


def takes_time(text: str | None) -> bool:
    """The message asks for time in words that are never part of an answer ("brb", "let me ask
    my partner", "un momento", "déjame preguntar", "let me read them first"), unlike a bare "wait"
    that may open one ("wait, it's Rex")."""
    return bool(_TAKING_TIME.search(plain(text))) or asks_time_to_read(text)


def asks_time_to_read(text: str | None) -> bool:
    """The member wants to read something before answering ("give me a minute to read the terms",
    "déjeme leerlos primero", "voy a leer los términos")."""
    return bool(_READING.search(plain(text)))


def asks_for_time(text: str | None) -> bool:
    """The member asks for a moment ("wait", "one sec", "let me check", "un momento", "ahorita",
    "dejame le pregunto"): nothing was answered yet, and nothing was refused."""
    return asks_to_wait(text) or takes_time(text)


# "I don't have my bill with me right now, I'm at work", "no traigo el recibo, estoy en el trabajo":
# a bill the member has, just not at hand ...
_BILL_ELSEWHERE = _words(
    r"with\s+me", r"on\s+me", r"right\s+now", r"at\s+the\s+moment", r"at\s+(?:work|the\s+office|my\s+job)",
    r"(?:not|isn'?t|aren'?t)\s+(?:at\s+)?home", r"(?:it'?s|is|left\s+it|bill\s+is)\s+(?:at|in)\s+(?:home|the\s+house|my\s+house|the\s+car)",
    r"at\s+home", r"(?:not|isn'?t)\s+(?:here|handy)", r"bill\s+here", r"handy", r"in\s+front\s+of\s+me", r"later", r"tonight",
    r"when\s+i\s+get\s+home", r"conmigo", r"a\s+la\s+mano", r"ahorita", r"ahora(?:\s+mismo)?", r"en\s+este\s+momento",
    r"(?:en|estoy\s+en)\s+(?:el\s+)?(?:trabajo|jale|chamba|oficina)", r"en\s+(?:la\s+)?casa", r"aqui", r"traigo",
    r"cargo", r"luego", r"mas\s+tarde", r"cuando\s+llegue")
# ... unlike a bill that never came: a new member, or one who never got one ("I don't have a bill yet").
_NO_BILL_YET = _words(r"yet", r"never", r"new", r"just\s+(?:moved|started|joined|signed)", r"first\s+bill",
                      r"haven'?t\s+(?:gotten|got|received)", r"todavia", r"aun", r"nunca", r"nuev[oa]s?",
                      r"acab\w+\s+de", r"primer\s+recibo", r"primera\s+factura", r"no\s+(?:me\s+)?(?:ha|han)\s+llegado")


# "I don't have the bill here", "no tengo el recibo aquí": no bill in hand, said in so many words, whatever
# the model read (account help, a person): the no-bill answer, never where the number is printed.
_NO_BILL_IN_HAND = _words(
    r"(?:don'?t|do\s+not|dont)\s+have\s+(?:the|my|a|any)\s+(?:\w+\s+)?bills?",
    r"no\s+(?:tengo|traigo|encuentro)\s+(?:el|mi|un|ningun|los|mis)\s+(?:recibos?|facturas?|bills?)",
    r"without\s+(?:the|my|a)\s+bill", r"sin\s+(?:el|mi)\s+recibo", r"can'?t\s+find\s+(?:the|my)\s+bill")


def has_no_bill_in_hand(text: str | None) -> bool:
    """Does the message say the member has no bill in hand ("Oh dear I don't have the bill here", "no
    tengo el recibo aquí")? Asked where the number is printed, it hears what to do without one."""
    return bool(_NO_BILL_IN_HAND.search(plain(text)))


# "Can't you find it from my phone number?", "¿no me pueden buscar por mi teléfono?": an account looked up
# by the member's phone, which this assistant cannot do (member services can).
_BY_PHONE = re.compile(
    r"\b(?:find|look\w*|search|pull\w*|get|use|buscar?\w*|busca\w*|encontrar?\w*|encuentr\w*|sacar?\w*|"
    r"localiz\w*|usar?)\b(?:\s+\S+){0,5}?\s+(?:by|from|with|using|through|por|con|mediante|usando)\s+"
    r"(?:my\s+|mi\s+|the\s+|el\s+|su\s+)?(?:(?:phone|cell|home)\s+)?(?:phone|telephone|cell|telefono|celular|cel)\b")


def asks_to_find_by_phone(text: str | None) -> bool:
    """Does the message ask for the account to be found by the member's phone number ("Can't you find it
    from my phone number?", "¿no me pueden buscar por mi teléfono?")?"""
    return bool(_BY_PHONE.search(plain(text)))


# "I'm not sure what a person means", "no entiendo qué es una persona": a question about the word in
# the reply, never a request for one.
_WHAT_A_PERSON_IS = _words(
    r"what\s+(?:a|an|the)\s+(?:person|human)\s+(?:means?|is)", r"what\s+(?:do|did)\s+you\s+mean\s+by\s+(?:a\s+)?person",
    r"(?:que|q)\s+(?:es|significa|quiere\s+decir)\s+(?:eso\s+de\s+)?(?:una|la)\s+persona")


def asks_what_a_person_is(text: str | None) -> bool:
    """Does the message ask what "a person" in a reply means ("I'm not sure what a person means", "no
    entiendo qué es una persona")? Said with the word "person", it is no request for one."""
    return bool(_WHAT_A_PERSON_IS.search(plain(text)))


# "let me talk to a person", "quiero hablar con alguien": a person asked for in so many words.
_TALK_TO_SOMEONE = _words(r"(?:talk|speak|chat)\s+(?:to|with)", r"(?:hablar|platicar|comunicarme)\s+con",
                          r"(?:real|live)\s+(?:person|human|agent)", r"(?:an?\s+)?(?:agent|representative|operator)",
                          r"(?:un|una)\s+(?:agente|representante|operador[a]?)")


def only_asks_about_a_person(text: str | None) -> bool:
    """Does a message the model read as a request for a person ask something else with the word: what "a
    person" means, or whether the account can be found by phone ("I'm not sure what a person means. Can't
    you find it from my phone number?"), with no plain request to talk to someone? It is answered."""
    return (asks_what_a_person_is(text) or asks_to_find_by_phone(text)) and not _TALK_TO_SOMEONE.search(plain(text))


def bill_not_at_hand(text: str | None) -> bool:
    """The member has a bill but not at hand ("I'm at work", "no la traigo conmigo"), not a new
    member who never got one: their place is kept until they text the number."""
    text = plain(text)
    return bool(_BILL_ELSEWHERE.search(text)) and not _NO_BILL_YET.search(text)


def reopens_security_answer(text: str | None) -> bool:
    """The message says the security answer is still to give or to change ("wait, I haven't given my
    security answer yet", "todavía no te dije la escuela", "I never gave you my high school name")."""
    text = plain(text)
    return bool(_SECURITY_ANSWER.search(text)) and bool(_WAIT.search(text) or _NOT_DONE.search(text))


_ABOUT_TERMS = re.compile(
    r"\b(?:terms?|conditions|terminos|condiciones)\b.*\b(?:say|says|said|mean|summary|short|sum\s+up|in\s+them|"
    r"dicen|dice|significan|resumen|resume|resumid[oa]s?|en\s+corto)\b"
    r"|\b(?:what'?s?|que|q|k|ke)\b.*\b(?:in|inside|en)\s+(?:the\s+|los\s+)?(?:terms|terminos)\b"
    r"|\b(?:what|que|q|k|ke)\b.*\b(?:say|says|dicen|dice)\b.*\b(?:terms?|terminos)\b"
    r"|\b(?:resumid[oa]s?|resumen|resumelos|resumemelos)\b.*\b(?:terms?|terminos|condiciones)\b"
    r"|\bwhat\s+am\s+i\s+agreeing\b|\bque\s+(?:estoy\s+)?acept(?:o|ando)\b|\bshort\s+version\b"
)


def asks_about_terms(text: str | None) -> bool:
    """ "what do the terms say?", "what am I agreeing to?", "¿qué dicen los términos?": answered with
    the Terms in short (the question follows with the link)."""
    return bool(_ABOUT_TERMS.search(plain(text)))


# "link wont load on my flip phone", "no abre el link en mi cel", "I can't open the terms": the Terms
# page does not open for the member, who still needs to know what they accept.
_TERMS_LINK_FAILS = _words(
    r"(?:link|page|terms|website|site)\s+(?:won'?t|wont|doesn'?t|doesnt|does\s+not|isn'?t|is\s+not|can'?t|cant|"
    r"didn'?t|didnt|will\s+not|not)\s+(?:load|loading|open|opening|work|working|come\s+up|show)",
    r"(?:can'?t|cannot|cant|can\s+not|couldn'?t|unable\s+to)\s+(?:open|load|see|view|click|read|get\s+to)\s+"
    r"(?:the\s+|that\s+|your\s+)?(?:link|page|terms|website|site)",
    r"no\s+(?:me\s+|se\s+)?(?:abre|abrio|carga|cargo|funciona|sirve|jala|habre)\s+(?:el\s+|la\s+)?(?:link|enlace|vinculo|pagina)",
    r"(?:link|enlace|vinculo|pagina)\s+no\s+(?:me\s+|se\s+)?(?:abre|abrio|carga|cargo|funciona|sirve|jala|habre)",
    r"no\s+(?:puedo|pude|me\s+deja)\s+(?:abrir|ver|entrar\s+a|leer)\s+(?:el\s+|la\s+|los\s+)?"
    r"(?:link|enlace|vinculo|pagina|terminos)",
)


def terms_link_fails(text: str | None) -> bool:
    """The Terms' link does not open for the member ("link wont load on my flip phone", "no abre el
    link en mi cel"): the Terms in short are sent by text instead."""
    return bool(_TERMS_LINK_FAILS.search(plain(text)))


# "what happens if I say no?", "what if I don't accept?", "¿y si no acepto qué pasa?", "can I still pay
# if I don't accept?": what becomes of a member who declines the Terms.
_IF_DECLINED = _words(
    r"(?:what|wat)\s+(?:happens|will\s+happen|would\s+happen|if)\s+(?:\w+\s+){0,2}?(?:say\s+no|don'?t|do\s+not|decline|"
    r"refuse|won'?t|reject)", r"if\s+i\s+(?:say\s+no|don'?t\s+(?:accept|agree)|do\s+not\s+(?:accept|agree)|decline|refuse)",
    r"(?:que|q)\s+pasa\s+si\s+(?:no|digo\s+que\s+no|rechazo)")
# "si no acepto" is a condition only in a question ("¿y si no acepto?"); "si no acepto" may be "sí, no acepto".
_IF_NOT_ES = _words(r"si\s+no\s+(?:acepto|los\s+acepto|estoy\s+de\s+acuerdo)", r"si\s+(?:digo\s+que\s+no|rechazo)")


def asks_what_if_declined(text: str | None) -> bool:
    """The member asks what happens without accepting ("what happens if I say no? can I still pay
    online?", "¿y si no acepto qué pasa?"): a question, no refusal."""
    words = plain(text)
    return bool(_IF_DECLINED.search(words)) or ("?" in (text or "") and bool(_IF_NOT_ES.search(words)))


# "how many more questions are there?", "how much longer?", "¿cuántas preguntas faltan?", "¿falta
# mucho?": how many steps are left.
_HOW_MANY_LEFT = _words(
    r"how\s+many\s+(?:more\s+)?(?:questions|steps|more)", r"how\s+much\s+(?:longer|more)", r"how\s+long\s+(?:is|does|will)\s+this",
    r"are\s+we\s+almost\s+(?:done|finished|there)", r"is\s+there\s+much\s+more",
    r"cuantas\s+(?:preguntas|cosas|pasos)", r"cuantos\s+pasos", r"cuanto\s+(?:falta|mas|le\s+falta)", r"falta\s+mucho")


def asks_how_many_left(text: str | None) -> bool:
    """ "how many more questions are there? this is a lot", "¿cuántas preguntas faltan?"."""
    return bool(_HOW_MANY_LEFT.search(plain(text)))


# --- "why do you need that?": what a step is for ------------------------------------------
# Spanish shorthand as members text it: "xq", "pq", "porq", "x q", "por q", "para q", "pa q", "q" (= qué).
_QUE = r"(?:que|q|k|ke)"
_WHY = _words(
    r"why(?!\s+not)", r"how\s+come", r"what\s+for", r"what(?:\s+is|'s)\s+(?:it|this|that)\s+for",
    # "what's the security question for?", "what is a meter number for": the "for" ends the question
    r"what(?:\s+is|'?s)\s+(?:the|a|an|this|that|my|your)\s+(?:[\w-]+\s+){0,3}?for(?=\s*(?:[?.!]|$))",
    r"what\s+(?:do|will|would)\s+you\s+(?:do|use)\s+(?:with|it|that|this)",
    r"what\s+(?:do|does)\s+(?:you|it)\s+need\s+(?:it|that|this)\s+for",
    r"what\s+(?:do|does)\s+(?:you|it)\s+need\s+(?:the|a|an|my)\s+(?:[\w-]+\s+){0,5}?for(?=\s*(?:[?.!]|$))",
    r"(?:por|x|pa|para)\s+" + _QUE, r"xq", r"pq", r"porq", r"xk", r"pk",
    r"de\s+" + _QUE + r"\s+(?:sirve|me\s+sirve|les\s+sirve)", r"para\s+" + _QUE + r"\s+sirve",
    _QUE + r"\s+(?:hacen|haran|van\s+a\s+hacer|hace|hara)\s+con",
    r"(?:por|para)\s+" + _QUE + r"\s+(?:lo|la|los|las|me)?\s*(?:quieren|necesitan|piden|ocupan|usan)",
)
# "porque" is "because" as often as "why": a why only in a question.
_WHY_IN_QUESTION = _words(r"porque", r"por\s*que")


# "para", "¿para?": the word alone asks nothing ("para qué" is the why, "para mi negocio" a purpose).
_ONLY_PARA = re.compile(r"\W*para\W*")


def only_para(text: str | None) -> bool:
    """Is the message the bare word "para" ("para", "para?", "¿para?")? It is no "why" (that is
    "para qué"), no question and no answer: the pending question is asked again, with how to answer it."""
    return bool(_ONLY_PARA.fullmatch(plain(text)))


def asks_what_the_security_step_is_for(text: str | None) -> bool:
    """A why about the security question or its answer ("what's the security question for?", "why do
    you need a security question?", "¿para qué sirve la pregunta de seguridad?"): at those steps it is
    answered with what the step is for, whatever the model read, never taken as an answer."""
    return asks_why(text) and bool(_SECURITY_ANSWER.search(plain(text)))


def asks_why(text: str | None) -> bool:
    """The message asks why a step is asked or what is done with the answer ("why do you need my
    zip?", "y xq necesitan mi zip? q hacen con eso", "para que quieren el codigo postal?", "de que
    sirve"): the step's purpose is answered and its question asked again. A why about a charge on the
    bill ("why is there a $5 charge on my bill?", ``asks_about_a_billed_charge``) asks about no step."""
    clauses = (plain(clause) for clause in _WHY_CLAUSE_END.split(text or ""))
    return ((any(_WHY.search(clause) for clause in clauses)
             or ("?" in (text or "") and bool(_WHY_IN_QUESTION.search(plain(text)))))
            and not asks_about_a_billed_charge(text))


# A why is read within its clause: "you know what, for me to type on this phone" holds no "what for".
_WHY_CLAUSE_END = re.compile(r"[,;:.!]+(?:\s|$)")
# The sentences of a message ("Mi correo es ... . ¿Para qué necesitan el código postal?").
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|[¿¡]")


# What a why names ("why do you need my phone?", "¿para qué quieren mi correo?"), in the order
# read: the security question before the name ("mother's maiden name"), the account number before
# a bare number, the ZIP before a bare "código".
_WHY_SUBJECTS = (
    ("account_number", _words(r"account\s+(?:number|no|num|#)", r"acct(?:\s+(?:number|no|#))?",
                              r"numero\s+de\s+(?:la\s+)?cuenta", r"(?:la|mi|su)\s+cuenta")),
    ("security_question", _words(r"security\s+(?:question|answer)", r"secret\s+question",
                                 r"pregunta\s+(?:de\s+seguridad|secreta)", r"respuesta\s+de\s+seguridad")),
    ("identity_proof", _words(r"zip(?:\s*code)?", r"postal\s+code", r"codigo\s+postal", r"ssn", r"social(?:\s+security)?",
                              r"seguro\s+social", r"last\s+(?:4|four)", r"ultimos\s+(?:4|cuatro)", r"tax\s+id",
                              r"meter(?:\s+number)?", r"medidor")),
    ("one_time_code", _words(r"phone(?:\s+number)?", r"cell(?:\s+phone)?", r"mobile", r"telefono", r"celular", r"cel",
                             r"code", r"codigo")),
    ("email", _words(r"e-?\s?mail(?:\s+address)?", r"correo(?:\s+electronico)?", r"mail")),
    ("member_name", _words(r"(?:last\s+|business\s+)?name", r"surname", r"apellido", r"nombre")),
    ("terms_accepted", _words(r"terms", r"conditions", r"terminos", r"condiciones")),
)


def why_subject(text: str | None, requested: str | None = None) -> str | None:
    """The step a why is about, by its words ("why do you need my account number?": the account
    number; "¿para qué quieren mi teléfono?": the phone the code goes to); the pending step
    ``requested`` when its words are among them ("why another code? I already gave you my zip" at the
    code); None when it names none ("why do you need that?": the pending step's)."""
    named = _subjects(" ".join(sentence for sentence in _SENTENCE_END.split(text or "") if asks_why(sentence)))
    # "Mi correo es ... ¿Para qué necesitan el código postal?": the why's own sentence names its subject,
    # not the label of a value sent beside it; a why that names nothing itself is read in the whole message.
    named = named or _subjects(text)
    pending = "security_question" if requested == "security_answer" else requested
    return pending if pending in named else next(iter(named), None)


def asks_why_of_everything(text: str | None) -> bool:
    """A why whose own sentence names no step but all of them ("Why do you need all this though?", "¿Por
    qué necesitan todo esto?"): what the questions are for, never the step a value's label beside it
    names ("1001234567 a nombre de Garza")."""
    return any(_DATA_WORDS.search(plain(sentence)) and not _subjects(sentence)
               for sentence in _SENTENCE_END.split(text or "") if asks_why(sentence))


def _subjects(text: str | None) -> list[str]:
    """The steps ``text`` names, in the order of ``_WHY_SUBJECTS``."""
    words = plain(text)
    return [slot for slot, pattern in _WHY_SUBJECTS if pattern.search(words)]


# --- questions about signing up itself: what it is, whether it is free, why so many questions ----
# "no sé qué es todo esto, ¿me explica?", "what is online access?": what it is.
_WHAT_IS_IT = _words(
    r"what\s+is\s+(?:this|all\s+this|online\s+access|it|that)(?!\s+for)", r"what'?s\s+(?:this|all\s+this|online\s+access)",
    r"explain", r"(?:me\s+|nos\s+)?(?:explica|explique|expliquen)\w*", r"explicame", r"expliqueme",
    r"(?:don'?t|do\s+not)\s+(?:know|understand|get)\s+what\s+(?:this|it|all\s+this)\s+is",
    r"no\s+(?:se|entiendo)\s+" + _QUE + r"\s+es", r"" + _QUE + r"\s+es\s+(?:todo\s+)?(?:esto|eso|el\s+acceso\s+en\s+linea)")
# "¿y por qué me piden tantos datos?", "why do you need all this info?": what the questions are for.
_DATA_WORDS = _words(r"datos", r"data", r"info", r"information", r"informacion", r"preguntas", r"questions",
                     r"all\s+(?:this|that)", r"(?:todo|tanto)\s+(?:esto|eso)", r"tantas?\s+cosas", r"so\s+much")


# "which name do you need, mine or my husband's?", "what time do you need": about one thing, not the list.
_ONE_FIELD = r"(?:name|account|acct|number|e-?mail|zip|code|phone|question|answer|time|bill)\b"
# "please advise what is required", "Please let me know what information you require", "¿qué datos
# necesito?": what the sign-up asks for.
_WHAT_IS_NEEDED = _words(
    r"(?:what|which)\s+(?:all\s+|else\s+)?(?:is|are|info\w*|information|details|data|documents|do\s+(?:i|you))?\s*"
    r"(?:(?!" + _ONE_FIELD + r")\w+\s+){0,3}?(?:required|needed|need|require)", r"what\s+(?:i|you)\s+(?:need|require)",
    _QUE + r"\s+(?:datos|informacion|documentos|papeles|cosas)?\s*(?:necesit\w+|ocup\w+|requier\w+|se\s+necesita|pide\w*)",
    _QUE + r"\s+(?:datos|informacion|documentos|papeles|cosas)\s+(?:\w+\s+){0,3}?(?:pedir|piden|pide|dar|doy|damos|mando|"
    r"mandar|envio|enviar)")
# "¿dónde viene el número de cuenta en el recibo?", "where is the account number on the bill": where it is.
_WHERE_IS_THE_NUMBER = _words(r"(?:where|donde)\s+(?:\w+\s+){0,5}?(?:account\s+number|numero\s+de\s+cuenta|"
                              r"acct\s+(?:number|no|num|#))")


# "can I use my granddaughter's?", "I don't have email of my own", "¿puedo usar el correo de mi hija?",
# "no tengo correo": whether an address not the member's own will do.
_SOMEONE_ELSE = (r"(?:wife|husband|spouse|partner|son|daughter|grand\w*|kid|kids|child|children|mom|mother|"
                 r"dad|father|sister|brother|niece|nephew|aunt|uncle|friend|neighbor|caregiver|someone|somebody|"
                 r"family|esposa|esposo|pareja|hija|hijo|niet[oa]|mama|papa|hermana|hermano|sobrin[oa]|ti[oa]|"
                 r"amig[oa]|vecin[oa]|alguien|familiar|muchach[oa]s?)(?:'?s)?")
_USE_SOMEONE_ELSES = _words(
    r"(?:can|could|may)\s+i\s+(?:use|put|give\s+you)\s+(?:my\s+|a\s+|her\s+|his\s+|their\s+|the\s+)?(?:[\w']+\s+){0,2}?"
    + _SOMEONE_ELSE,
    r"(?:puedo|podria|se\s+puede)\s+(?:usar|poner|dar\w*)\s+(?:\w+\s+){0,4}?(?:de\s+)?(?:mi|una?|el|la)\s+" + _SOMEONE_ELSE,
    r"(?:don'?t|do\s+not)\s+have\s+(?:an?\s+)?(?:e\s?mail|email)\s+(?:address\s+)?of\s+my\s+own")


# "I don't think I have one of those", "I don't have e-mail", "what is an email?", "is that the same as
# my phone number?", "no tengo correo", "¿qué es un correo electrónico? ¿es mi número de teléfono?".
_AN_EMAIL = r"(?:an?\s+|any\s+|un\s+|ningun\s+|el\s+)?(?:e\s?mail|correo(?:\s+electronico)?)(?:\s+address)?"
_NO_EMAIL = _words(
    r"(?:don'?t|dont|do\s+not)\s+(?:\w+\s+){0,3}?have\s+(?:" + _AN_EMAIL + r"|one(?:\s+of\s+those)?|that)",
    r"(?:have|got)\s+no\s+(?:e\s?mail|email)", r"no\s+(?:e\s?mail|email)(?:\s+address)?",
    r"never\s+(?:had|used|needed|have\s+had)\s+" + _AN_EMAIL,
    r"what(?:'?s|\s+is|\s+are)\s+" + _AN_EMAIL,
    r"(?:don'?t|dont|do\s+not)\s+know\s+what\s+(?:" + _AN_EMAIL + r"|that)\s+is",
    r"(?:same\s+as|is\s+(?:that|it|this))\s+(?:\w+\s+){0,3}?my\s+(?:phone|cell|telephone)",
    r"no\s+(?:tengo|uso|manejo)\s+(?:" + _AN_EMAIL + r"|uno|eso)", r"nunca\s+he\s+tenido\s+" + _AN_EMAIL,
    r"que\s+es\s+" + _AN_EMAIL, r"no\s+se\s+(?:lo\s+)?que\s+es\s+(?:" + _AN_EMAIL + r"|eso)",
    r"(?:es|sera|seria)\s+(?:lo\s+mismo\s+que\s+)?(?:mi|el)\s+(?:numero\s+de\s+)?(?:telefono|celular)")


def has_no_email(text: str | None) -> bool:
    """Read at the e-mail question only: the member has no e-mail address, or does not know what one
    is ("I don't think I have one of those. Is that the same as my phone number?", "I don't have
    e-mail. Never needed it.", "no tengo correo", "¿qué es un correo electrónico?"): what an address
    is and the ways to get one are explained, whatever the model read."""
    return bool(_NO_EMAIL.search(plain(text)))


def asks_about_someone_elses_email(text: str | None) -> bool:
    """ "I don't have email of my own, can I use my granddaughters?", "can I use my wife's email instead
    of mine?", "¿puedo usar el correo de mi hija?": whether another person's address will do (it does:
    any address the member can open)."""
    return bool(_USE_SOMEONE_ELSES.search(plain(text)))


# --- a question at the Terms: never their acceptance ------------------------------------------
# A question or a condition without its "?": "ok I read them, does it say anything about a fee", "before
# I accept", "if I accept", "what if", "una consulta antes de aceptar" anywhere; "can I ...", "is there
# ...", "puedo ..." opening a clause (inside one, "the answer is my dog's name" asks nothing).
_ASKING_WORDS = _words(
    r"(?:does|do|did)\s+(?:it|this|that|they|these|the\s+terms?)\s+(?:say|mention|cover|allow|let|include)",
    r"what\s+if", r"(?:if|before|once|when)\s+(?:i|we)\s+(?:\w+\s+)?(?:accept|agree|say\s+yes)", r"before\s+accepting",
    r"(?:a|one|quick|i\s+have\s+a)\s+question", r"dicen?\s+algo", r"(?:una|otra)\s+(?:consulta|pregunta)",
    r"antes\s+de\s+(?:aceptar\w*|que\s+acepte)", r"(?:que|q)\s+pasa\s+si")
_ASKING_CLAUSE = re.compile(
    r"^(?:(?:ok|okay|and|but|so|also|well|oh|y|pero|oye|bueno|entonces)\s+)*"
    r"(?:(?:does|do|did|will|would|can|could|may|might|must|should|is|are)\s+(?:it|this|that|they|these|the\s+terms?|"
    r"i|we|my\s+\w+|an?\s+\w+|someone|anyone|somebody|there)|puedo|podemos|se\s+puede|me\s+(?:van|pueden))\b")
# What a question at the Terms is about, when there is an answer to it: the price of online access
# (``asks_about_cost``), paper bills (paperless billing is off unless the member turns it on) ...
_PAPER = _words(r"paper", r"papel", r"paperless")
# ... and who may accept them: someone acting for the member or the business ("may I accept the
# Terms as an employee rather than the owner?", "¿mi esposa puede aceptar por mí?").
_FOR_SOMEONE = _words(r"on\s+behalf\s+of", r"for\s+(?:the|my|our)\s+(?:business|company|boss|employer|\w+'s?)",
                      r"for\s+(?:him|her|them|me|us)", _SOMEONE_ELSE,
                      r"employees?", r"staff", r"owners?", r"manager", r"bookkeeper", r"accountant", r"secretary",
                      r"en\s+nombre\s+de", r"a\s+nombre\s+de", r"de\s+parte\s+de", r"por\s+(?:mi|el|ella|ellos|nosotros)",
                      r"emplead[oa]s?", r"trabajador\w*", r"duen[oa]s?", r"gerente", r"contador\w*", r"secretari[oa]",
                      r"soci[oa]s?")
_ACCEPTING = _words(r"accept\w*", r"agree\w*", r"sign\w*", r"register\w*", r"acept\w*", r"firm\w*", r"registr\w*")
# ... and how to accept them ("how do I accept?", "¿cómo los acepto?"): by replying YES.
_HOW_TO_ACCEPT = _words(r"how\s+(?:do|can|should|would|will)\s+(?:i|we)\s+(?:\w+\s+)?(?:accept|agree)",
                        r"how\s+(?:to|do\s+you)\s+(?:accept|agree)", r"what\s+do\s+i\s+(?:say|reply|type|send|write)",
                        r"como\s+(?:los\s+|lo\s+|las\s+|le\s+)?acept\w*",
                        r"(?:que|q)\s+(?:tengo\s+que|debo|le)\s+(?:responder|contestar|poner|escribir|mandar)")
# Two people on one login is no question of who accepts ("do the terms allow two employees to use the
# same online account?"): the Terms in short say to keep the password secret.
_SHARING = _words(r"same", r"share\w*", r"both", r"two", r"misma", r"mismo", r"compart\w*", r"dos", r"usen", r"use")


# The Terms named, or meant by "they" at their question ("what are they about?").
_TERMS_WORDS = _words(r"terms?", r"conditions?", r"t\s*&\s*c", r"terminos", r"condiciones", r"they", r"them",
                      r"these", r"those", r"ellos", r"estos", r"esos")


def names_the_terms(text: str | None) -> bool:
    """Do the words name the Terms ("do the terms allow ...?", "¿los términos permiten ...?", "what are
    they about?" asked at their question)?"""
    return bool(_TERMS_WORDS.search(plain(text)))


def asks_at_the_terms(text: str | None) -> bool:
    """Does a message at the Terms ask something ("?", "¿", or a question or a condition in words:
    "does it say", "if I accept", "before I accept", "what if", "una consulta antes de aceptar")?
    Then it accepts nothing, even with "ok I read them" in it; only a clear acceptance with a
    separate question after it (``yes_with_side_question``: "Yes, I accept. Is there a fee?")
    accepts."""
    raw = text or ""
    asking = ("?" in raw or "¿" in raw or bool(_ASKING_WORDS.search(plain(raw)))
              or any(_ASKING_CLAUSE.match(plain(clause)) for clause in re.split(r"[.,;:!]+", raw)))
    return asking and yes_with_side_question(raw) is None


def terms_question_topic(text: str | None) -> str | None:
    """What a question at the Terms (or after accepting them) is about, where there is an answer:
    "fee" (online access is free: "does it say anything about charging me a fee to use the online
    account?", "¿me van a cobrar por usar el online?"), "paper" (paper bills keep coming: "¿Si acepto,
    me quitan el recibo de papel?"), "who" (who may accept them: "may I accept as an employee rather
    than the owner?", "¿mi esposa puede aceptar por mí?"), "how" (how to accept: "how do I accept?",
    "¿cómo los acepto?"); else None."""
    words = plain(text)
    if _HOW_TO_ACCEPT.search(words):
        return "how"
    if _PAPER.search(words) or asks_about_paperless(words):
        return "paper"
    if asks_about_cost(text):
        return "fee"
    if any(_FOR_SOMEONE.search(clause) and _ACCEPTING.search(clause) and not _SHARING.search(clause)
           for clause in re.split(r"[.,;:!?¿]+", fold_accents((text or "").lower().replace("’", "'")))):
        return "who"
    return None


def start_question(text: str | None) -> str | None:
    """A question asked with the words that start a sign-up, answered as it starts: "where" (where
    the account number is on the bill: "oiga y donde viene el numero de cuenta en el recibo? quiero
    registrarme"), "needed" (what the sign-up asks for: "please advise what is required"); else None."""
    words = plain(text)
    if _WHERE_IS_THE_NUMBER.search(words):
        return "where"
    if _WHAT_IS_NEEDED.search(words):
        return "needed"
    return None


def questions_about_signing_up(text: str | None) -> tuple[str, ...]:
    """Which questions about signing up itself the message asks, in this order: "what" (what online
    access is: "no sé qué es todo esto, ¿me explica?"), "free" (the price, in any words:
    ``asks_about_cost``: "¿esto de registrarse en línea es gratis?", "does this cost anything?", "will
    it show up on my bill?") and "why" (why so many questions: "¿y por qué me piden tantos datos?")."""
    words = plain(text)
    found = []
    if _WHAT_IS_IT.search(words):
        found.append("what")
    if asks_about_cost(text):
        found.append("free")
    if asks_why(words) and _DATA_WORDS.search(words):
        found.append("why")
    return tuple(found)


def asks_if_free(text: str | None) -> bool:
    """Does the message ask whether online access costs anything ("is it free?", "¿Este servicio tiene
    algún costo? ¿Es gratis?")? Answered at every step, and before a sign-up, with the free answer."""
    return "free" in questions_about_signing_up(text)


_EMAIL_ADDRESS = re.compile(r"\S+@\S+")


# --- what online access costs, in any words -----------------------------------------------------
# "does this cost anything? will it show up on my electric bill?", "I asked if it costs money though",
# "does it cost anything to use the online account?", "do I have to pay?", "¿me lo van a cobrar en el
# recibo?", "¿tiene algún cargo?", "¿hay que pagar?": whether online access costs anything, alone, beside
# another question, beside a sign-up request or beside a step's answer.
_COST_WORDS = _words(
    r"costs?", r"costing", r"cost\s+(?:anything|money|extra|something)", r"charg(?:e|es|ed|ing)", r"fees?",
    r"pay\s+(?:for|to\s+use|anything|extra|more|something)", r"free", r"no\s+cost",
    r"(?:do|will|would)\s+(?:i|we)\s+have\s+to\s+pay",
    r"(?:show|shows|showing|appear|appears)\s+(?:up\s+)?on\s+(?:my|the|our)\s+(?:\w+\s+){0,2}?(?:bill|statement)s?",
    r"(?:added|add|adds)\s+(?:\w+\s+){0,2}?to\s+(?:my|the|our)\s+(?:\w+\s+){0,2}?(?:bill|statement)s?",
    r"(?:cost|charge|fee|pay)\w*\s+(?:\w+\s+){0,3}?(?:to\s+)?(?:sign(?:ing)?\s+up|register\w*|online\s+access|enrol\w*)",
    r"cuest(?:a|an|e)", r"costos?", r"cobr(?:a|an|ar|aran|ara|en|o)\w*", r"cargos?", r"gratis", r"gratuit[oa]",
    r"pagar\s+(?:algo|por|extra|mas|de\s+mas)", r"hay\s+que\s+pagar",
    r"(?:cobran?|cuesta|costo|pagar)\s+(?:\w+\s+){0,3}?(?:por\s+|para\s+)?(?:registrar\w*|inscribir\w*|el\s+acceso|"
    r"acceso\s+en\s+linea)", r"(?:tengo|tenemos)\s+que\s+pagar",
    r"(?:aparece|aparecera|aparecen|sale|saldra|viene|vendra|llega|llegara)\s+(?:\w+\s+){0,2}?en\s+(?:mi|el|la|el)\s+"
    r"(?:recibo|factura|cuenta\s+de\s+luz)")
# A cost that is no price of online access: another fee (member services know those), a free time,
# someone in charge, a bill the member pays ...
_NOT_ONLINE_COST = _words(
    r"late", r"card", r"deposit", r"reconnect\w*", r"check", r"checks", r"feel\s+free", r"toll\s*-?\s*free",
    r"free\s+(?:time|to\s+call)", r"in\s+charge", r"charged\s+twice", r"(?:pay|paying)\s+my\s+bills?",
    r"how\s+much\s+(?:is|was)\s+my", r"tarjeta", r"recargo", r"deposito", r"reconexion", r"atraso", r"cheques?",
    r"pagar\s+mi\s+(?:recibo|factura|cuenta)", r"a\s+cargo", r"cuanto\s+(?:es|fue|debo)",
    # the bill as the place a value is printed: "the account number that shows on my bill is ...",
    # "el número de cuenta que aparece en mi factura es ..."
    r"(?:that|which|que)\s+(?:\w+\s+)?(?:shows?|appears?|is\s+printed|aparece\w*|sale|viene)\s+(?:up\s+)?"
    r"(?:on|in|en)\s+(?:my|the|our|mi|el|la|su)\s+(?:\w+\s+){0,2}?(?:bill|statement|recibo|factura)s?")
# ... or a charge already on the member's bill ("why is there a $5 charge on my bill?", "what is this fee?",
# "I was charged", "¿por qué tengo un cargo de 5 dólares?", "me cobraron de más"): a billing question for
# member services, never "online access is free" ("any charge for this?" still asks the price).
_A_CHARGE_BILLED = _words(
    r"why\s+(?:\w+\s+){0,6}?(?:charg\w*|fees?|costs?|billed)",
    r"what\s+(?:is|are|was|were|s)\s+(?:this|that|the|these|those)\s+(?:\w+\s+){0,3}?(?:charges?|fees?)",
    r"(?:i|we)\s+(?:have|got|see|saw|was|were|been|am|are)\s+(?:\w+\s+){0,1}?(?:charged|being\s+charged|billed)",
    r"(?:i|we)\s+(?:have|got|see|saw|noticed)\s+(?:a|an|this|that|the|some)\s+(?:\w+\s+){0,3}?(?:charges?|fees?)",
    r"(?:you|they|y'?all)\s+(?:\w+\s+)?charged\s+(?:me|us)",
    r"\d+(?:\s+\d+)?\s+(?:dollars?\s+|dolares\s+|bucks\s+)?(?:charges?|fees?)",
    r"(?:charges?|fees?|cargos?|cobros?)\s+(?:of\s+|de\s+|por\s+)?\d+",
    r"(?:por\s+que|porque)\s+(?:\w+\s+){0,6}?(?:cargos?|cobr\w*|costos?)",
    r"(?:tengo|tenemos|me\s+(?:aparece|aparecio|salio|sale|llego|vino))\s+(?:\w+\s+){0,1}?(?:un|una|este|ese)\s+"
    r"(?:\w+\s+){0,2}?cargo", r"(?:que|cual)\s+es\s+(?:este|ese)\s+cargo",
    r"me\s+(?:cobraron|cobro|han\s+cobrado|estan\s+cobrando)")


def asks_about_cost(text: str | None) -> bool:
    """Does the message ask whether online access costs anything, in any words ("does this cost
    anything? will it show up on my electric bill?", "I asked if it costs money though", "is this
    free?", "¿eso me lo cobran en el recibo?", "quiero registrarme pero cuesta algo?"), alone, beside
    another question, a sign-up request or a step's answer? The one reader of the price: the free answer
    at every step and outside one (``asks_if_free``) and beside an answer (``actions.questions_beside``).
    Another fee (late, card, deposit), a payment by check, "feel free", a charge already on the bill
    ("why is there a $5 charge on my bill?") ask nothing of it; nor does an e-mail address with "free"
    in it."""
    words = plain(_EMAIL_ADDRESS.sub(" ", text or ""))
    return (bool(_COST_WORDS.search(words)) and not _NOT_ONLINE_COST.search(words)
            and not asks_about_a_billed_charge(text))


def asks_about_a_billed_charge(text: str | None) -> bool:
    """Does the message ask about a charge already on the member's bill ("why is there a $5 charge on
    my bill?", "¿por qué tengo un cargo de 5 dólares?")? A billing question: neither the price of online
    access nor a why about a step; answered as any other question off the sign-up (member services)."""
    return bool(_A_CHARGE_BILLED.search(plain(text)))


# --- what becomes of the paper bill, in any words -------------------------------------------------
# "What happens to my paper bill if I do this online thing?", "will I still get bills in the mail?",
# "¿qué pasa con mi recibo de papel?", "¿y el recibo de papel me sigue llegando?": a question about the
# paper bill, alone or beside an answer.
_PAPER_BILL_ANY = _words(r"paper", r"paper\s+(?:bill|statement|copy)s?", r"(?:bill|statement)s?\s+(?:in|by)\s+(?:the\s+)?mail",
                         r"(?:mail|mailed)\s+(?:bill|statement)s?", r"papel", r"(?:recibo|factura)s?\s+por\s+correo",
                         r"(?:recibo|factura)s?\s+(?:en\s+)?(?:fisic[oa]|impres[oa])")
# A question's opening words, at the start of a clause ("..., will I still get bills in the mail"); inside
# a statement ("the name on the paper bill is ...") they ask nothing.
_QUESTION_OPENING = re.compile(
    r"^(?:(?:and|so|also|oh|ok|okay|but|y|pero|bueno|oiga|oye|entonces)\s+)*(?:"
    r"what\s+(?:happens|about|will\s+happen)|will|would|do|does|can|is|are|should|"
    r"que\s+pasa\w*|(?:y\s+)?(?:mi|el)\s+(?:recibo|factura)(?:\s+(?:de|en)\s+papel)?(?:\s+(?:me\s+)?(?:seguira|sigue|"
    r"siguen|dejara|deja|dejan|llega|llegan|se\s+(?:quita|cancela|acaba))\w*|\s*$)|(?:me\s+)?(?:seguira|sigue|siguen|dejara|deja|dejan)\w*|"
    r"se\s+(?:quita|cancela|acaba)\w*|voy\s+a\s+seguir)(?![\w'])")


# Where the account number is, whatever bill is the place to look: "where exactly is the account number on
# the paper bill?", "¿en qué parte del recibo de papel viene el número de cuenta?" asks nothing of the bill.
_WHERE_THE_NUMBER_IS = _words(
    r"(?:where|which\s+part|donde|en\s+que\s+parte)\s+(?:\w+\s+){0,8}?(?:account|acct|numero|number|cuenta)")


def asks_where_the_number_is(text: str | None) -> bool:
    """Does the message ask where the account number is ("where exactly is the account number on the
    paper bill?", "¿en qué parte del recibo viene el número de cuenta?"), whatever bill it names?"""
    return bool(_WHERE_THE_NUMBER_IS.search(plain(text)))


def asks_about_the_paper_bill(text: str | None) -> bool:
    """Does the message ask what becomes of the paper bill ("What happens to my paper bill if I do this
    online thing?", "will I still get bills in the mail?", "¿qué pasa con mi recibo de papel?"): paper
    words, asked (a question mark, or a question's opening words at the start of a clause)? The one
    reader of the paper bill: outside a step (``actions.flow_actions``) and beside an answer
    (``actions.questions_beside``)."""
    words = plain(text)
    if not _PAPER_BILL_ANY.search(words) or "paperwork" in words or asks_where_the_number_is(text):
        return False
    return bool(re.search(r"[?¿]", text or "")) or any(
        _QUESTION_OPENING.match(plain(clause)) for clause in re.split(r"[.,;:!]+", text or ""))


# --- "was that OK?" about the proof just given ------------------------------------------------
_IS_IT_OK = _words(
    r"(?:is|was|was\s+it|is\s+it|is\s+that|was\s+that|that)\s+(?:\w+\s+){0,3}?(?:ok(?:ay)?|alright|all\s+right|fine|right|"
    r"correct|good|enough|acceptable|valid)", r"(?:did|does)\s+(?:that|it|this)\s+(?:work|count|do)",
    r"(?:esta|estuvo|estaria)\s+bien", r"(?:es|fue|era)\s+(?:lo\s+)?correcto", r"sirve", r"sirvio", r"funciona",
    r"funciono", r"se\s+vale", r"(?:esta|estuvo)\s+correcto",
)
_PROOF_WORDS = _words(
    r"ssn", r"social(?:\s+security)?", r"seguro(?:\s+social)?", r"tax\s*id", r"tin", r"itin", r"last\s+(?:4|four)",
    r"ultimos\s+(?:4|cuatro)", r"zip(?:\s*code)?", r"codigo\s+postal", r"postal", r"meter", r"medidor",
)


# "can I just give you my zip instead?", "¿puedo darle mi código postal?", "use my ssn instead of the code":
# asking to prove it another way (read at the code step).
_OTHER_WAY = _words(r"instead", r"rather", r"(?:can|could|may)\s+i", r"(?:can'?t|cannot)\s+i",
                    r"(?:puedo|podria|se\s+puede|no\s+puedo)", r"en\s+vez", r"en\s+lugar", r"mejor", r"(?:just|solo)\s+use")


def asks_to_prove_otherwise(text: str | None) -> bool:
    """At the code step, a question whether the ZIP or last 4 (or another proof) can do instead of the
    code ("can I just give you my zip instead?", "¿puedo darle mi código postal?"): answered (they
    cannot: the code proves the phone on file), then the code question; never a wrong code."""
    words = plain(text)
    return bool(_PROOF_WORDS.search(words)) and bool(_OTHER_WAY.search(words))


def asks_if_proof_ok(text: str | None, just_given: bool) -> bool:
    """A question whether the proof given was fine ("wait, that was the social security number, is that
    OK?", "¿está bien?", "was that right?"): about the proof when it names it, or when the proof was
    the member's latest answer (``just_given``)."""
    if "?" not in (text or "") and not re.match(r"\s*(?:is|was|did|does)\b", text or "", re.I):
        return False  # "está bien" alone is a yes, not a question
    words = plain(text)
    if any(pattern.search(words) for pattern in security_question_words().values()) or _SECURITY_ANSWER.search(words):
        return False  # "is that ok if I use my dog?", "¿y para qué sirve la pregunta de seguridad?": about it
    if asks_why(text):
        return False  # "¿para qué sirve?" asks what a step is for; "¿sí sirvió?" asks if the proof did
    return bool(_IS_IT_OK.search(words)) and (just_given or bool(_PROOF_WORDS.search(words)))


# --- "is this a scam?" -----------------------------------------------------------------
# Doubts about who is asking: answered first with who this is and how to check.
_DOUBTS_WHO = _words(
    r"scam", r"scammer", r"fraud", r"phishing", r"legit", r"legitimate", r"fake",
    r"(?:is|are)\s+(?:this|it|you|that)\s+(?:\w+\s+){0,2}?(?:real|the\s+co-?op|really|actually)",
    r"really\s+the\s+co-?op", r"actually\s+the\s+co-?op", r"can\s+i\s+trust",
    r"estafa", r"estafador", r"fraude", r"enga[nñ]o", r"falso", r"legitimo",
    r"de\s+verdad\s+(?:es|son)", r"en\s+serio\s+(?:es|son)", r"(?:es|son)\s+(?:\w+\s+)?de\s+verdad",
    r"(?:es|son)\s+(?:realmente\s+)?(?:la|de\s+la)\s+cooperativa", r"puedo\s+confiar",
)
# Whether sending something is safe: answered first with what becomes of it.
_SAFE_TO_SEND = _words(
    r"(?:is|are)\s+(?:this|it|you|that)\s+(?:\w+\s+){0,2}?(?:safe|secure)",
    # "May I ask whether it is safe to provide them in this manner?", "I wonder if this is secure"
    r"(?:whether|if)\s+(?:this|it|that)\s+(?:is|'s|would\s+be)\s+(?:\w+\s+){0,1}?(?:safe|secure)",
    r"es\s+(?:\w+\s+)?segur[oa](?!\s+social)",
)
_ABOUT_EMAIL = _words(r"e\s?mail", r"emails", r"correo", r"correos", r"spam", r"mail", r"inbox")


def asks_if_safe(text: str | None) -> bool:
    """The message asks whether this is safe, legitimate or a scam ("is this actually the co-op or
    a scam?", "¿es una estafa?", "¿de verdad es la cooperativa?"): answered before anything else."""
    words = plain(text)
    return bool(_DOUBTS_WHO.search(words) or _SAFE_TO_SEND.search(words))


# "la clínica es una empresa; no tenemos número de Seguro Social", "we're a business, we don't have an SSN",
# "no SSN": the account has no SSN to give the last 4 of.
_NO_SSN = _words(
    r"(?:no|not|don'?t|do\s+not|doesn'?t|does\s+not)\s+(?:(?:tenemos|tengo|tiene|tienen|hay|have|has|got)\s+)?"
    r"(?:(?:a|an|any|un|ningun|ningun|numero|number|de|del)\s+){0,3}(?:ssn|social(?:\s+security)?|seguro\s+social)",
    r"sin\s+(?:(?:numero|ssn)\s+)?(?:de\s+)?(?:ssn|seguro\s+social)",
    r"(?:ssn|seguro\s+social)\s+(?:no\s+(?:tenemos|tengo|tiene|hay)|we\s+don'?t\s+have)",
)


def has_no_ssn(text: str | None) -> bool:
    """The member says the account has no SSN (a business: "no tenemos número de Seguro Social", "we
    don't have an SSN"): the ZIP is asked instead, or the business's Tax ID (EIN)."""
    return bool(_NO_SSN.search(plain(text)))


def doubts_who_asks(text: str | None) -> bool:
    """The safety question doubts who is asking ("is this a scam?", "are you really the co-op?",
    "¿de verdad es la cooperativa?"), rather than only whether sending something is safe ("is it
    safe to text my SSN?", "¿es seguro mandar lo del seguro social por msj?"): who this is and how
    to check come first, else what becomes of the answer does."""
    return bool(_DOUBTS_WHO.search(plain(text)))


def asks_about_email(text: str | None) -> bool:
    """The question is about the e-mail address ("what do you do with my email? will you spam me?")."""
    return bool(_ABOUT_EMAIL.search(plain(text)))


_ABOUT_SSN = _words(r"ssn", r"social(?:\s+security)?", r"seguro\s+social", r"tax\s*id", r"tin", r"itin",
                   r"last\s+(?:4|four)", r"ultimos\s+(?:4|cuatro)", r"(?:numero\s+de\s+)?identificacion\s+fiscal")
_ABOUT_ANSWER = _words(r"security\s+(?:answer|question)s?", r"my\s+answer", r"pet'?s?\s+name", r"maiden\s+name",
                       r"high\s+school", r"respuesta(?:\s+de\s+seguridad)?", r"pregunta\s+de\s+seguridad",
                       r"(?:nombre\s+de\s+)?(?:mi\s+)?mascota", r"apellido\s+de\s+soltera")
# Without a subject in the question, what the pending step asks for is what the member worries about.
_STEP_SAFETY_TOPICS = {"email": "email", "identity_proof": "ssn", "security_question": "answer",
                       "security_answer": "answer"}


def safety_topic(text: str | None, requested: str | None) -> str | None:
    """What an "is this safe?" question is about: "email", "ssn" (the ZIP / last 4 step), "answer"
    (the security answer), or None (who is asking, in general). The question's own words decide
    ("is it safe to text my ssn"); else the step it is asked at ("is this safe?" at the pet's name
    is about the security answer); at the opening, before any of these, the general answer."""
    words = plain(text)
    if asks_about_email(text):
        return "email"
    if _ABOUT_SSN.search(words):
        return "ssn"
    if _ABOUT_ANSWER.search(words):
        return "answer"
    return _STEP_SAFETY_TOPICS.get(requested or "")


# --- "ok, go on": back to the pending question ------------------------------------------
_RESUME_VERBS = (
    r"go\s+on", r"continue", r"carry\s+on", r"keep\s+going", r"proceed", r"move\s+on", r"next",
    r"let'?s\s+(?:continue|go\s+on|keep\s+going|proceed|go)", r"please\s+continue", r"resume",
    r"sigue", r"siga", r"sigamos", r"seguimos", r"seguir", r"continua", r"continuar", r"continuemos",
    r"continue\s+por\s+favor", r"prosigue", r"prosigamos", r"vamos", r"dale", r"andale",
    r"siguiente(?:\s+pregunta)?", r"la\s+siguiente(?:\s+pregunta)?", r"next\s+question", r"what'?s\s+next",
    r"podemos\s+(?:continuar|seguir)", r"we\s+can\s+(?:continue|go\s+on)", r"continue",
)
_ACKS = (
    r"ok(?:ay|ey)?", r"k+", r"alright", r"all\s+right", r"got\s+it", r"i\s+see", r"understood", r"understand",
    r"i\s+understand", r"thanks?", r"thank\s+you", r"thx", r"great", r"good", r"cool", r"perfect", r"fine",
    r"makes\s+sense", r"that\s+makes\s+sense", r"sure", r"oh", r"ah", r"i\s+get\s+it",
    r"bueno", r"vale", r"entendido", r"entiendo", r"ya\s+veo", r"gracias", r"muchas\s+gracias", r"perfecto",
    r"listo", r"ya", r"claro", r"esta\s+bien", r"de\s+acuerdo", r"okey", r"bien", r"ah\s+ok", r"please",
    r"por\s+favor", r"now", r"ahora", r"then", r"entonces", r"so", r"pues", r"with", r"con", r"the\s+questions?",
    r"las\s+preguntas", r"la\s+pregunta", r"with\s+the\s+registration", r"con\s+el\s+registro",
    # acknowledgements that are a yes at a yes/no question (not verbs of going on)
    r"go\s+ahead", r"adelante", r"entendi", r"ya\s+entendi", r"muy\s+bien", r"sounds\s+good", r"okay\s+then",
)
_RESUME_RE = re.compile(r"^(?:(?:" + "|".join(_ACKS + _RESUME_VERBS) + r")\s*)+$")
_RESUME_VERB_RE = _words(*_RESUME_VERBS)


# "never mind, let's just do it here then", "mejor aquí sigo", "ok let's continue": going on here
# rather than calling (read after the offer of a person).
_HERE = r"(?:here|in\s+(?:the\s+)?chat|aqui|aca|por\s+aqui|por\s+aca)"
_CONTINUES_HERE_RE = _words(
    r"(?:do|continue|go\s+on|keep\s+going|finish|sign\s+up|stay|register)\s+(?:it\s+|this\s+)?(?:right\s+)?" + _HERE,
    r"let'?s\s+(?:just\s+)?(?:continue|go\s+on|keep\s+going|do\s+it|do\s+this|go)",
    _HERE + r"\s+(?:mismo\s+)?(?:sigo|seguimos|le\s+sigo|continuo|continuamos|lo\s+hago|lo\s+hacemos)",
    r"(?:sigo|seguimos|sigamos|continuo|continuamos|continuemos|lo\s+hago|lo\s+hacemos|hagamoslo|le\s+sigo)\s+"
    r"(?:\w+\s+){0,2}?" + _HERE,
    r"(?:sigamos|continuemos|hagamoslo)")


def continues_here(text: str | None) -> bool:
    """After the offer of a person ("To talk to a person, call ... Or we can continue here."), do the
    words go on here ("ok never mind, let's just do it here then", "mejor aquí sigo", "ok let's
    continue")? The sign-up goes on (its pending question, or it starts), never "Text REGISTER"."""
    words = plain(text).replace("?", "")
    return bool(_CONTINUES_HERE_RE.search(words)) or is_resume(words)


def is_resume(text: str | None) -> bool:
    """The whole message only acknowledges or asks to go on ("ok, go on", "continue please",
    "sigue", "dale", "entendido, gracias"): the pending question is asked again, nothing is read."""
    text = plain(text).replace("?", "")
    return bool(text) and bool(_RESUME_RE.match(text))


# Words around a verb of going on that change nothing of it: a yes ("sí, continúe", "yes go on"),
# "va" ("va, continúe", "va pues, sigue"), "and" ("go ahead and continue").
_AROUND_GOING_ON = re.compile(r"\b(?:yes|yeah|yep|si|va|and|y)\b")


def goes_on(text: str | None) -> bool:
    """Does the whole message only ask to go on ("continue", "ok go on", "va, continúe", "sí,
    continúe", "go ahead and continue", "dale")? Outside a yes/no question that asks for the pending
    question again, never "nothing changed" (which answers a change of course declined). At a yes/no
    question a yes among the words is the answer, so there only :func:`asks_to_go_on` counts."""
    if is_resume(text):
        return True
    words = plain(text).replace("?", "")
    return bool(_RESUME_VERB_RE.search(words)) and is_resume(_AROUND_GOING_ON.sub(" ", words).strip())


def after_resume_words(text: str | None) -> str | None:
    """The rest of a message that starts with words of going on ("bueno, continúe. Mi cuenta es
    1009093356", "ok continúe, la 1", "ok go on. 1005673310"): that rest may be the answer to the
    pending question. None: the message does not start so, or is nothing but such words."""
    text = text or ""
    rest = None
    for boundary in re.finditer(r"[\s,.;:!¡¿?]+", text):
        if asks_to_go_on(text[:boundary.start()]):  # a verb of going on, not only "ok" / "bueno"
            rest = text[boundary.end():]
    return rest.strip() or None if rest is not None else None


def asks_to_go_on(text: str | None) -> bool:
    """A resume message with a verb of going on ("go on", "continue", "sigue"), not only "ok":
    at a yes/no question "ok" is a yes, while "ok, go on" asks for the question again. A verb of
    going on that is itself a yes ("dale", "ándale") is a yes there, so it is none of these."""
    verbs = _RESUME_VERB_RE.findall(plain(text))
    return is_resume(text) and bool(verbs) and not any(_YES_WORDS.fullmatch(verb) for verb in verbs)


# --- changes of course, read from the words ----------------------------------------------
_NOT_BEFORE = r"(?<!\bnot\s)(?<!\bno\s)(?<!\bdon't\s)(?<!\bdont\s)(?<!\bnever\s)"
_DELETE_RE = re.compile(
    r"\b(?:delete|deleting|remove|removing|erase|unregister|deregister|de-register|deactivate|terminate|"
    r"close|closing|cancel|cancelling|canceling|end|discontinue|revoke|withdraw|unsubscribe|opt\s+out)\b"
    r"(?:\W+\w+){0,6}?\W+(?:online|registration|register|account|access|login|profile|sign\s*up|enrol+ment|it|me)\b"
    r"|\b(?:no\s+longer|don'?t|do\s+not)\s+(?:want|need)\s+(?:\w+\s+){0,3}(?:online|registration|account|access|login)\b"
    r"|\b(?:borrar|borra|borre|eliminar|elimina|elimine|quitar|quita|quite|cancelar|cancela|cancele|cerrar|cierra|"
    r"cierre|desactivar|desactiva|desactive|darme\s+de\s+baja|dar\s+de\s+baja|de\s+baja|desinscribir|desregistrar)\b"
    r"|\bya\s+no\s+quiero\s+(?:\w+\s+){0,3}(?:acceso|cuenta|registro|en\s+linea)\b",
)
_REGISTER_RE = re.compile(
    r"\b(?:sign(?:ing)?\s*(?:me\s+)?up|signup|register(?:ing)?|registration|enrol+(?:ing)?|create\s+(?:an?\s+)?"
    r"(?:online\s+)?account|online\s+access|get\s+access|keep\s+going|continue|finish|"
    r"registrar(?:me|se)?|registro|inscribir(?:me)?|inscripcion|crear\s+(?:una\s+)?cuenta|acceso\s+en\s+linea|"
    r"seguir|continuar|terminar)\b",
)
_NEGATED_DELETE_RE = re.compile(
    r"\b(?:not|don'?t|do\s+not|never|didn'?t|did\s+not|no)\s+(?:\w+\s+){0,3}?(?:delete|remove|cancel|unsubscribe|"
    r"stop|borrar|eliminar|cancelar|quitar|baja)\b|\bby\s+mistake\b|\bpor\s+error\b|\bsin\s+querer\b|\bmistake\b"
)
_STOP_RE = re.compile(
    # "stop" of the flow, not of something else ("so we can stop paying late fees"; "stop texting" still stops)
    r"\b(?:never\s*mind|nevermind|nvm|forget\s+(?:it|about\s+it)|cancel|quit|exit|"
    r"stop(?!\s+(?!text|messag|writ|send|contact)\w+ing\b)|later|not\s+now|"
    r"another\s+time|some\s+other\s+time|changed\s+my\s+mind|no\s+longer\s+interested|not\s+interested|"
    r"(?:don'?t|do\s+not)\s+want\s+to\s+(?:sign|register|continue|go\s+on|do\s+this)|i'?m\s+done|"
    r"olvidalo|olvidelo|olvida|dejalo|dejelo|cancela|cancelar|cancele|parar|detente|alto|despues|luego|"
    r"otro\s+dia|otra\s+vez\s+sera|ya\s+no|cambie\s+de\s+opinion|no\s+me\s+interesa|"
    r"no\s+quiero\s+(?:seguir|continuar|registrarme|hacerlo))\b"
    # "para" is "stop!" only as the message's first word or with "ya"; elsewhere it is "for"
    # ("¿cuál me conviene para mi negocio?", "¿para qué quieren el ZIP?").
    r"|^\W*(?:ya\s+)?para\b(?!\s+(?:que|q|el|la|los|las|lo|un|una|mi|mis|su|sus|tu|ver|poder|saber|cuando|"
    r"registrar\w*|inscribir\w*|entrar|pagar|recibir)\b)|\bya\s+para\b|\bpara\s+ya\b"
)


# A paper bill to stop ("¿me pueden quitar el recibo de papel?", "cancel my paper bill"): paperless
# billing, no deletion of the online registration.
_PAPER_BILL_RE = re.compile(
    r"\b(?:quitar|quita|quite|quiten|quitarme|cancelar|cancela|cancele|cancelen|eliminar|elimina|borrar|stop|"
    r"cancel|remove|end|dar\s+de\s+baja|de\s+baja)\s+(?:\w+\s+){0,2}?(?:recibos?|facturas?|papel|paper|"
    r"paper\s+bills?|bills?\s+(?:in|on|by)\s+paper)\b")


# A clause's end: a negation reaches no further ("no, quiero borrar mi registro" asks to delete).
_CLAUSE_END_RE = re.compile(r"[,.;:!?¡¿()]+|\s[-–—]\s")


def asks_to_delete(text: str | None) -> bool:
    """The words ask to delete the online registration ("delete my online access", "dar de baja
    mi cuenta"), not negated, not a STOP sent by mistake ("I didn't mean to stop") and not a
    paper bill to stop ("quitar el recibo de papel"). A negation is read within its clause:
    "no, never mind, better delete it" and "no, quiero BORRAR mi registro" ask to delete (the
    "no" answers what was asked before), "no quiero borrar" does not.

    Narrower than ``bot.register_or_delete.asks_to_delete`` on purpose: the words alone lead to a deletion here."""
    clauses = [_PAPER_BILL_RE.sub(" ", plain(clause)) for clause in _CLAUSE_END_RE.split(text or "")]
    return any(_DELETE_RE.search(clause) and not _NEGATED_DELETE_RE.search(clause) for clause in clauses)


# The verbs that can only mean deleting online access once the sign-up is done or no flow runs
# ("mejor bórrelo", "better delete it"): "cancel" and "close" are left out (they also end a sign-up).
_DELETE_VERB_RE = re.compile(
    r"\b(?:delete|remove|erase|unregister|deregister|deactivate|unsubscribe|"
    r"borr(?:ar|a|e|en)(?:lo|la|los|las|me)?|elimin(?:ar|a|e|en)(?:lo|la|los|las|me)?|"
    r"desactiv(?:ar|a|e|en)(?:lo|la)?|dar(?:me)?\s+de\s+baja|den(?:me)?\s+de\s+baja)\b")


def plainly_asks_to_delete(text: str | None) -> bool:
    """A deletion verb that means only that ("mejor bórrelo", "better delete it"), in a clause that
    does not negate it, and no sign-up words: read even where the model heard a "no" or a
    "never mind" first ("ay no, mejor bórrelo", "no, never mind, better delete it")."""
    clauses = [_PAPER_BILL_RE.sub(" ", plain(clause)) for clause in _CLAUSE_END_RE.split(text or "")]
    if any(_SIGN_UP_VERB_RE.search(_NEGATED_SIGN_UP_VERB_RE.sub(" ", words)) for words in clauses):
        return False
    return any(_deletes(words) for words in clauses)


def _deletes(clause: str) -> bool:
    """A deletion verb in this clause (``plain``), not negated ("mejor bórrelo", not "no lo borre")."""
    return bool(_DELETE_VERB_RE.search(clause)) and not _NEGATED_DELETE_RE.search(clause) \
        and not _NEGATED_CLITIC_RE.search(clause)


# --- an account other than the one held ------------------------------------------------
# "delete my other account too", "another account", "my husband's account", "the account of my wife",
# "mi otra cuenta", "la otra cuenta", "la cuenta de mi esposo", "la de mi esposa".
_ACCOUNT_WORD = r"(?:accounts?|acct|access|login|registration|one)"
_CUENTA_WORD = r"(?:cuentas?|registros?|accesos?|usuarios?)"
# Up to two words between, none naming e-mail: "another email account" is an address, not an account.
_BETWEEN = r"(?:(?!e\s?mail|mail|correo)\w+\s+){0,2}?"
_ANOTHER_ACCOUNT_RE = _words(
    r"other\s+" + _BETWEEN + _ACCOUNT_WORD, r"another\s+" + _BETWEEN + r"(?:accounts?|acct)",
    r"(?:my|our)\s+" + _SOMEONE_ELSE + r"\s+" + _BETWEEN + _ACCOUNT_WORD,
    _ACCOUNT_WORD + r"\s+" + _BETWEEN + r"of\s+my\s+" + _SOMEONE_ELSE,
    r"otr[oa]s?\s+" + _BETWEEN + _CUENTA_WORD,
    _CUENTA_WORD + r"\s+" + _BETWEEN + r"de\s+mi\s+" + _SOMEONE_ELSE, r"(?:la|el)\s+de\s+mi\s+" + _SOMEONE_ELSE)
# "the one ending in 2223", "ends with 2223", "la que termina en 2223", "con terminación 2223".
_ENDING_RE = re.compile(r"\b(?:ending|ends|ended|end)\s+(?:in|with|on)\s+(\d{2,12})\b"
                        r"|\b(?:termina\w*|acaba\w*)\s+(?:en|con)?\s*(\d{2,12})\b")


def speaks_of_another_account(text: str | None, held: str | None) -> bool:
    """Do the words speak of an account other than ``held`` (the account number the conversation holds,
    as slot ``account_number`` keeps it) without its whole number: "my other account", "my husband's
    account", "la otra cuenta", or one "ending in 2223" that ``held`` does not end in? A deletion that
    does is never of the account this conversation proved: that account's link must not go on it.
    A nine-digit number is held as a reference: only its last two digits are known to end in."""
    words = plain(text)
    if _ANOTHER_ACCOUNT_RE.search(words):
        return True
    known = (account_refs.tail(held) if account_refs.is_reference(held) else held) or ""
    return any(not known.endswith(a or b) for a, b in _ENDING_RE.findall(words))


def names_an_ending(text: str | None) -> bool:
    """Do the words name a number by how it ends ("the one ending in 0987", "la que termina en 0987")?
    Such digits name an account, not a proof (``ending_names_an_account``)."""
    return bool(_ENDING_RE.search(plain(text)))


# The mail that confirms a deletion named by its purpose: "the delete link", "the deletion email",
# "the link to delete my account", "el enlace para borrar", "el correo para eliminar mi cuenta".
_LINK_WORD = r"(?:links?|e\s?-?\s?mails?|mail|messages?|enlaces?|ligas?|vinculos?|correos?|mensajes?)"
_DELETE_LINK_RE = re.compile(
    r"\b(?:delete|deletion|deleting|unsubscribe|borrado|eliminacion)\s+" + _LINK_WORD + r"\b"
    r"|\b" + _LINK_WORD + r"\s+(?:to|for|that|of|para|de|del|que|pa)\s+(?:\w+\s+){0,2}?"
    r"(?:delet\w*|remov\w*|unsubscrib\w*|deactivat\w*|borr\w*|elimin\w*|desactiv\w*|baja)\b")


def names_the_delete_link(text: str | None) -> bool:
    """Do the words name the mail that confirms a deletion ("send the delete link again", "no me llegó
    el enlace para borrar")? A resend asked in such words is of that link, never of an activation."""
    return bool(_DELETE_LINK_RE.search(plain(text)))


_SIGN_UP_VERB = (r"(?:sign(?:ing)?\s*(?:me\s+|us\s+)?up|signup|register|registering|enrol+|re-?register|"
                 r"registrar(?:me|se|nos)?|inscribir(?:me|se|nos)?)")
_SIGN_UP_VERB_RE = re.compile(r"\b" + _SIGN_UP_VERB + r"\b")
_NEGATED_SIGN_UP_VERB_RE = re.compile(r"\b(?:no|not|don'?t|do\s+not|never)\s+(?:\w+\s+){0,3}?" + _SIGN_UP_VERB + r"\b")
# "no lo borre", "no la elimine": the clitic stands between the negation and the verb.
_NEGATED_CLITIC_RE = re.compile(r"\bno\s+(?:\w+\s+){0,2}?(?:borr|elimin|desactiv)\w*")


# Clauses of one request joined by "and" / "then" / "y" / "luego": "delete that and sign me up again".
_AND_THEN_RE = re.compile(r"\b(?:and|then|afterwards|after\s+that|y|luego|despues)\b")
# A sign-up asked for, the Spanish imperative too ("regístreme", "inscríbanos").
_SIGN_UP_REQUEST_RE = re.compile(r"\b(?:" + _SIGN_UP_VERB + r"|registr(?:e|en)(?:me|nos)|inscrib(?:a|an)(?:me|nos))\b")
# "la borré", "ya lo borre": a deletion told as done, not asked (the past tense, with its accent or not).
_DONE_DELETING_RE = re.compile(r"\b(?:lo|la|los|las|le|ya|yo)\s+(?:borre|elimine|desactive)\b")


# "sign up again", "register again", "re-register", "quiero registrarme otra vez", "volver a inscribirme".
_SIGN_UP_AGAIN_RE = re.compile(
    r"\b(?:re[\s-]?register\w*|re[\s-]?sign\s+up|re[\s-]?enrol+\w*|reinscribir\w*|"
    r"volver\s+a\s+(?:registrar\w*|inscribir\w*|dar(?:me|nos)?\s+de\s+alta)|"
    r"(?:(?:" + _SIGN_UP_VERB + r"|registr(?:e|en)(?:me|nos)|inscrib(?:a|an)(?:me|nos))(?:\s+\w+){0,4}?\s+"
    r"(?:again|otra\s+vez|de\s+nuevo|nuevamente|over)))\b")


def signs_up_again(text: str | None) -> bool:
    """ "now I want to sign up again", "I need to register again", "quiero registrarme otra vez",
    "volver a inscribirme": a new sign-up asked for (after a deletion, whatever else the message says:
    "ok I deleted it", "no I'm not set"), never a deletion asked first ("delete that and sign me up
    again": ``deletes_then_signs_up``) nor a negated one ("I don't want to register again")."""
    if deletes_then_signs_up(text):
        return False
    clauses = [plain(clause) for clause in _CLAUSE_END_RE.split(text or "")]
    return any(_SIGN_UP_AGAIN_RE.search(words) and not _NEGATED_SIGN_UP_VERB_RE.search(words)
               and not re.search(r"\bno\s+(?:\w+\s+){0,2}?volver\b", words) for words in clauses)


def deletes_then_signs_up(text: str | None) -> bool:
    """ "delete that and sign me up again", "bórrelo y regístreme de nuevo": a deletion asked first, then
    a new sign-up. Not a deletion told as done ("I deleted it and want to sign up again", "la borré y
    quiero registrarme"), nor one negated ("don't delete it, just sign me up")."""
    if re.search(r"\b(?:borré|eliminé|desactivé)\b", (text or "").lower()):
        return False  # "borré": told as done (without its accent it reads as "borre", the request)
    clauses = [words for clause in _CLAUSE_END_RE.split(text or "")
               for words in _AND_THEN_RE.split(_PAPER_BILL_RE.sub(" ", plain(clause)))]
    deleting = [index for index, words in enumerate(clauses)
                if _deletes(words) and not _DONE_DELETING_RE.search(words) and not _SIGN_UP_REQUEST_RE.search(words)]
    signing_up = [index for index, words in enumerate(clauses)
                  if _SIGN_UP_REQUEST_RE.search(_NEGATED_SIGN_UP_VERB_RE.sub(" ", words))]
    return bool(deleting and signing_up and deleting[0] < signing_up[-1])


# --- which question about paperless billing ------------------------------------------------
# Paperless billing named in the member's words ("paperless", "e-bill", "factura sin papel",
# "recibo electrónico"), accents already off (``plain``).
_PAPERLESS = (r"(?:paperless|e\s?-?\s?bills?|electronic\s+bills?|sin\s+papel|"
              r"(?:facturas?|recibos?)\s+(?:electronic[oa]s?|digital(?:es)?|por\s+(?:internet|email|e\s?mail)))")
# "if I don't turn on paperless, do I keep getting paper bills?", "y si no quiero factura sin papel,
# me sigue llegando la de papel?": what happens without it.
_WITHOUT_PAPERLESS = re.compile(
    r"\b(?:if\s+(?:i|we)\s+(?:don'?t|do\s+not|never|say\s+no\s+to)|without|si\s+no|sin\s+(?:activar|pedir|poner))"
    r"(?:\s+[\w']+){0,4}?\s+" + _PAPERLESS + r"\b")
# "what is paperless billing?", "¿qué es eso de la factura sin papel?": what it is.
_WHAT_IS_PAPERLESS = re.compile(
    r"\b(?:what\s+(?:is|does|do\s+you\s+mean\s+by)|what'?s|how\s+does|que\s+es|q\s+es|que\s+significa|"
    r"que\s+quiere\s+decir|de\s+que\s+se\s+trata|como\s+funciona)(?:\s+[\w']+){0,5}?\s+" + _PAPERLESS + r"\b")


# "¿me la siguen mandando por correo?", "will I still get it by mail?": do paper bills keep coming
# (after a paperless answer, the paper bill need not be named).
_PAPER_KEEPS_COMING = re.compile(
    r"\b(?:sigue|siguen|seguir|seguiran|seguira|continua|continuan|continuara|continuaran)\s+(?:\w+\s+){0,2}?"
    r"(?:mandando|enviando|llegando|recibiendo)\b"
    r"|\b(?:still|keep|keeps|continue|continues)\s+(?:\w+\s+){0,2}?(?:mail|mailing)\b"
    r"|\b(?:still|keep|keeps|continue|continues)\s+(?:\w+\s+){0,2}?(?:get|getting|come|coming|send|sending|receive|"
    r"receiving)\b(?:\s+[\w']+){0,4}?\s+(?:by\s+mail|in\s+the\s+mail|paper|bills?)\b")
# "is this where I sign up for paperless?", "¿aquí me inscribo a la factura sin papel?": where it
# is turned on (online access first).
_SIGN_UP_FOR_PAPERLESS = re.compile(
    r"\b(?:sign(?:ing)?\s+(?:me\s+)?up|signup|enrol\w*|register\w*|inscrib\w*|registr\w*|apunt\w*)"
    r"(?:\s+[\w']+){0,3}?\s+" + _PAPERLESS + r"\b")


# "does signing up switch me to paperless automatically?", "¿al registrarme me pasan solo a sin papel?": whether
# signing up turns it on by itself, which it never does (the usual answer: paper keeps coming), never
# "is this where I sign up for it?" (whose answer opens with a yes).
_SWITCHED_ON_ITS_OWN = re.compile(
    r"\b(?:automatic\w*|on\s+its\s+own|by\s+itself|automaticamente|por\s+si\s+sol[oa])\b"
    r"|\b(?:sign(?:ing)?\s*up|signup|register\w*|registr\w*|inscrib\w*)\s+(?:will\s+|me\s+|lo\s+)?"
    r"(?:switch(?:es)?|puts?|moves?|turns?|changes?|pasan?|cambian?|activan?|ponen?)\b")


def asks_about_paperless(text: str | None) -> bool:
    """Do the words speak of paperless billing ("can we switch the ranch to paperless billing?",
    "¿me pueden pasar a factura sin papel?")? A question about it is no answer to a step."""
    return bool(re.search(r"\b" + _PAPERLESS + r"\b", plain(text)))


def paperless_question(text: str | None) -> str | None:
    """Which question about paperless billing the member asks, so that each gets its own answer
    (and a follow-up is never "the same paragraph again"): "without" (do paper bills keep coming
    if I don't turn it on?), "what" (what is it?), "signup" (is this where I sign up for it?),
    "keeps" (will paper keep coming: "¿me la siguen mandando por correo?", the usual answer, which
    says so, or the short yes right after it), or None (how to get it, will paper stop, does signing up
    switch to paperless by itself)."""
    words = plain(text)
    if _WITHOUT_PAPERLESS.search(words):
        return "without"
    if _WHAT_IS_PAPERLESS.search(words):
        return "what"
    if _SIGN_UP_FOR_PAPERLESS.search(words) and not _SWITCHED_ON_ITS_OWN.search(words):
        return "signup"
    if _PAPER_KEEPS_COMING.search(words):
        return "keeps"
    return None


# The questions members ask around registration, each answered by a rule (data/nlu/questions.yml,
# the help intents): their words name registration without asking for it.
QUESTION_INTENTS = frozenset({"ask_paperless", "ask_benefits", "ask_safety", "account_help", "help"})


def asks_to_register(text: str | None, intent: str | None = None) -> bool:
    """The words ask to sign up or to go on signing up ("I still want to sign up", "quiero registrarme").

    A question about registration ("what do I get with online access?", read as one of the
    ``QUESTION_INTENTS``) asks nothing: it is answered, and changes no course."""
    if intent in QUESTION_INTENTS:
        return False
    text = plain(text)
    return bool(_REGISTER_RE.search(text)) and not asks_to_delete(text)


_EMAIL_WORD = r"(?:e\s?mail|email|correo|mail\s+address)"
_CHANGE_EMAIL_RE = re.compile(
    r"\b(?:change[ds]?|chang|update[ds]?|switch|move[ds]?|replace|modify|new|cambiar(?:lo)?|cambie|cambio|"
    r"actualizar|actualicen|nuevo|otro)\b(?:\s+\w+){0,4}?\s+" + _EMAIL_WORD + r"\b"
    r"|\b" + _EMAIL_WORD + r"(?:\s+\w+){0,3}?\s+(?:changed|has\s+changed|cambio|nuevo)\b")
_SIGN_UP_WORDS_RE = re.compile(
    r"\b(?:sign(?:ing)?\s*(?:me\s+)?up|signup|register(?:ing)?|enrol+(?:ing)?|registrar(?:me|se)?|"
    r"inscribir(?:me)?|crear\s+(?:una\s+)?cuenta)\b")


# A request for help signing in to a login the member has: a password reset, a forgotten password,
# how to sign in ("I forgot my password", "how do I log in?", "olvidé mi contraseña", "¿cómo entro
# a mi cuenta?"). Read by ``lock_state`` only: a locked conversation answers it with static help.
_SIGN_IN_HELP_RE = re.compile(
    r"\b(?:forgot|forgotten|forget|lost|reset|change|new|recover)\s+(?:\w+\s+){0,2}?(?:password|pass\s*word|passcode|pw)\b"
    r"|\b(?:password|pass\s*word|contrasena)\b"
    r"|\bhow\s+(?:do|can|would|should|to)\s+(?:(?:i|we)\s+)?(?:sign|log)\s*-?\s*(?:in|on)\b"
    r"|\b(?:can\s?not|can'?t|cant|unable\s+to|couldn'?t|won'?t\s+let\s+me)\s+(?:\w+\s+){0,1}?(?:sign|log)\s*-?\s*(?:in|on)\b"
    r"|\b(?:olvide|olvido|olvidaste|olvidado|perdi|restablecer|reestablecer|cambiar|recuperar|nueva|resetear)\s+"
    r"(?:\w+\s+){0,2}?(?:contrasena|clave|password)\b"
    r"|\bcomo\s+(?:\w+\s+){0,2}?(?:entro|ingreso|inicio\s+sesion|iniciar\s+sesion|entrar|ingresar|accedo|acceder)\b"
    r"|\bno\s+(?:\w+\s+){0,1}?(?:puedo|pude|me\s+deja)\s+(?:entrar|ingresar|iniciar\s+sesion|acceder)\b")


def asks_for_sign_in_help(text: str | None) -> bool:
    """Do the words ask how to sign in or for a password reset ("forgot my password", "how do I log
    in", "se me olvidó la contraseña", "¿cómo entro?"), whatever the model read?"""
    return bool(_SIGN_IN_HELP_RE.search(plain(text)))


def names_a_sign_up(text: str | None) -> bool:
    """Do the words name signing up in so many words ("register", "sign me up", "registrarme")? Unlike
    ``asks_to_register``, "continue" or "finish" is no sign-up: it goes on with the flow under way."""
    return bool(_SIGN_UP_WORDS_RE.search(plain(text)))

# "I did not get the new email": the mail, not the address.
NOT_RECEIVED_RE = re.compile(r"\b(?:get|got|receive[ds]?|received|arrive[ds]?|came|come|llego|llega|recibi|recibo)\b")


# "delete my online account so I can redo it with my work email", "bórrela para registrarme con otro
# correo": a deletion whose reason is another address, which the change of e-mail does without one.
_FOR_ANOTHER_ADDRESS = re.compile(
    r"\b(?:so|to|and|then|para|y|luego)\b(?:\s+\w+){0,6}?\s+(?:with|to|using|use|con|a|usar|poner)\s+"
    r"(?:my|a|another|different|the|mi|otro|un|el)\s+(?:\w+\s+){0,2}?" + _EMAIL_WORD + r"\b")


# "my work email is going away", "ya no voy a tener el correo del trabajo", "me van a cerrar el correo":
# the address on the login is closing, which the change of e-mail answers too.
_ADDRESS_CLOSING = re.compile(
    r"\b(?:los(?:e|ing)|lost|won'?t\s+have|will\s+not\s+have|(?:will\s+)?no\s+longer\s+have|not\s+going\s+to\s+have|"
    r"(?:voy\s+a\s+)?perder|pierdo|ya\s+no\s+(?:voy\s+a\s+tener|tendre|vamos\s+a\s+tener)|"
    r"(?:me|nos)\s+(?:van\s+a\s+)?(?:cerrar|cierran|quitar|quitan|borrar|borran|dar\s+de\s+baja))\b"
    r"(?:\s+(?:access\s+to|acceso\s+a|el\s+acceso\s+a))?\s+(?:my|the|that|our|this|mi|el|ese|este|nuestro)\s+"
    r"(?:(?:work|school|old|job|office|company|business|current)\s+)?" + _EMAIL_WORD + r"\b"
    r"|\b" + _EMAIL_WORD + r"\b(?:\s+(?:\w+|\w+'\w+)){0,5}?\s+(?:(?:is|will\s+be|gets?|getting|being)\s+)?"
    r"(?:going\s+away|goes\s+away|clos(?:e|es|ed|ing)|shut(?:ting)?\s+(?:down|off)|deactivat\w+|expir\w+|"
    r"going\s+to\s+(?:close|end|stop|expire|be\s+(?:closed|deleted|shut\s+(?:down|off)|deactivated))|"
    r"stop(?:s|ping)?\s+working|won'?t\s+work|(?:se\s+)?va\s+a\s+(?:cerrar|desaparecer|vencer|acabar)|se\s+(?:cierra|vence|acaba)|"
    r"(?:lo\s+)?(?:van\s+a\s+)?(?:cerrar|cierran|dar\s+de\s+baja|quitar|quitan)|ya\s+no\s+(?:va\s+a\s+)?(?:funcionar|funciona|sirve|servir))\b")


def _deletes_for(text: str | None, reason: re.Pattern[str]) -> bool:
    """The member asks to delete, and ``reason`` (on plain text, addresses as "e-mail") says why."""
    unmarked = re.sub(r"\S+@\S+", " e-mail ", text or "")
    words = plain(unmarked)
    # "bórrenla para registrarme con otro correo": a deletion verb alone says it too.
    deleting = asks_to_delete(words) or any(_deletes(plain(clause)) for clause in _CLAUSE_END_RE.split(unmarked))
    return deleting and bool(reason.search(words))


def deletes_to_use_another_address(text: str | None) -> bool:
    """ "delete my online account so I can redo it with my work email", "bórrenla para registrarme con
    otro correo", or because the address is closing (:func:`deletes_as_the_address_closes`): the member
    deletes only for the address (the change of e-mail does that)."""
    return _deletes_for(text, _FOR_ANOTHER_ADDRESS) or deletes_as_the_address_closes(text)


def deletes_as_the_address_closes(text: str | None) -> bool:
    """ "delete my account, my work email is going away", "borre mi acceso, ya no voy a tener el correo
    del trabajo": the member deletes because the login's address is closing; changing the address keeps
    the login (the reply says so: ``messages.change_email_instead``)."""
    return _deletes_for(text, _ADDRESS_CLOSING)


def asks_to_change_email(text: str | None) -> bool:
    """The words ask for another e-mail address on the login ("I have a new email now", "cambié de
    correo") and not to sign up or delete: outside a flow that is the ``change_email`` flow
    whatever the model read (``register``, ``inform``). An address itself ("new.email@...") says nothing."""
    text = plain(re.sub(r"\S+@\S+", " ", text or ""))
    return (bool(_CHANGE_EMAIL_RE.search(text)) and not _SIGN_UP_WORDS_RE.search(text)
            and not NOT_RECEIVED_RE.search(text) and not asks_to_delete(text))


def asks_to_stop(text: str | None) -> bool:
    """The words ask to stop the flow ("never mind", "forget it", "olvidalo", "I'll finish later"),
    and do not ask to go on ("continue", "sigue") or say it was a mistake."""
    text = plain(text)
    if is_resume(text) or _NEGATED_DELETE_RE.search(text):
        return False
    if re.search(r"\b(?:don'?t|do\s+not|no)\s+(?:\w+\s+){0,2}?(?:stop|cancel|parar|cancelar)\b", text):
        return False
    return bool(_STOP_RE.search(text))


# --- a pause, and coming back ------------------------------------------------------------
# "stop, I'll finish this later", "para, lo termino después", "I have to go": the member means to
# come back, so nothing is dropped. A cancel in so many words ("cancel, I don't want to sign up",
# "never mind", "olvídalo", "no me interesa") still ends the flow.
# Words of leaving (not of a moment's wait): "I need to go", "later", "tengo que irme", "luego".
_LEAVING = (r"later", r"another\s+time", r"some\s+other\s+time", r"for\s+now", r"tomorrow", r"tonight",
            r"(?:have|got|need)\s+to\s+go", r"gotta\s+go", r"finish\s+(?:it|this|up)?\s*later", r"despues", r"luego",
            r"mas\s+tarde", r"otro\s+dia", r"por\s+ahora", r"manana", r"(?:lo\s+)?termino",
            r"(?:me\s+)?tengo\s+que\s+ir(?:me)?")
_LEAVES = _words(*_LEAVING)
# Stepping away for a moment in so many words, answering nothing: "brb", "be right back", and as
# Mexican Spanish says it ("ahorita vuelvo", "ahorita regreso", "ahorita vengo", "ya vengo", "orita
# vengo", "ahorita le sigo", "vuelvo en un momento"), "be back in a sec", "hold on, someone's at the
# door", "give me 5 min", and going to check with nothing named ("one sec, let me check", "déjeme
# revisar"). Read by both the pause (``asks_to_pause``) and the moment (``steps_away_for_a_moment``).
_GONE_A_MOMENT = (r"brb", r"be\s+right\s+back", r"be\s+back", r"(?:ahorita|orita|ahora|ya)\s+(?:vengo|regreso|vuelvo)",
               r"(?:let\s+me|lemme)\s+(?:go\s+)?(?:check|look)(?:\s+(?:real\s+)?quick(?:ly)?)?$",
               r"(?:dej(?:a|e)(?:me)?|(?:ahorita|orita))\s+(?:checar|checo|revisar|reviso)$",
               r"(?:ahorita|orita)\s+le\s+(?:sigo|escribo|contesto)",
               r"(?:vuelvo|regreso)\s+en\s+(?:un|unos)\s+(?:momento|momentito|rato|ratito|minutos?|segundos?)",
               r"(?:someone|somebody)(?:'?s|\s+is)\s+at\s+the\s+door", r"(?:tocan|estan\s+tocando)\s+(?:a\s+)?la\s+puerta",
               r"be\s+back\s+in\s+(?:a|an|one|\d+|five|ten|a\s+few)\s+\w+",
               r"give\s+me\s+(?:\d+|two|five|ten|a\s+few|a\s+couple)\s+(?:secs?|seconds?|mins?|minutes?)")
_GONE_A_MOMENT_RE = _words(*_GONE_A_MOMENT)
_LATER = _words(*_LEAVING, *_GONE_A_MOMENT, r"ahorita\s+no\s+puedo", r"al\s+rato")
_CANCEL = _words(r"cancel\w*", r"never\s*mind", r"nevermind", r"nvm", r"forget\s+(?:it|about\s+it)",
                 r"changed\s+my\s+mind", r"(?:no\s+longer|not)\s+interested",
                 r"(?:don'?t|do\s+not)\s+want\s+to\s+(?:sign|register|do\s+(?:this|it))",
                 r"olvidalo", r"olvidelo", r"cancela\w*", r"cambie\s+de\s+opinion", r"no\s+me\s+interesa",
                 r"no\s+quiero\s+(?:registrarme|hacerlo|inscribirme)", r"ya\s+no\s+quiero(?!\s+(?:seguir|continuar))")
# Not going on for now ("enough, I don't want to continue", "ya basta, no quiero seguir", "basta"): the
# flow's one pause, every answer kept, as a stop word in the web chat keeps them; only words that say
# what to drop ("delete everything", "start over", "forget what I told you": ``_FORGET_ALL``) or a cancel
# in so many words ("cancel, I don't want to sign up", "never mind") drop the answers.
_NOT_GOING_ON = _words(r"(?:ya\s+)?basta(?!\s+(?:con|el|la|para|si|que))", r"^(?:ok(?:ay)?\s+)?enough(?!\s+(?:to|for|of|info\w*))",
                       r"that'?s\s+enough(?!\s+(?:to|for|info\w*))", r"enough\s+already",
                       r"(?:don'?t|do\s+not)\s+(?:want\s+to|wanna)\s+(?:continue|go\s+on|keep\s+going|carry\s+on)",
                       r"(?:ya\s+)?no\s+quiero\s+(?:seguir|continuar)(?:\s+(?:con\s+esto|ahorita|por\s+ahora))?",
                       r"no\s+(?:puedo|voy\s+a)\s+seguir")
_FORGET_ALL = _words(r"forget\s+(?:everything|all\s+(?:of\s+)?(?:it|that|this)|what\s+i\s+(?:told|said|gave|sent))",
                     r"start\s+(?:over|again|from\s+scratch)", r"(?:delete|erase|clear|wipe)\s+(?:everything|it\s+all|all)",
                     r"olvid[ae](?:lo)?\s+todo", r"olvid[ae]\s+lo\s+que\s+(?:le\s+|te\s+)?(?:dije|di|mande|escribi)",
                     r"(?:empez|empec|comenz)\w*\s+de\s+(?:nuevo|cero)", r"de\s+cero", r"(?:borr|elimin)\w*\s+todo")
# "ya regresé, ¿seguimos?", "I'm back, can we continue?", "let's continue": back to the flow paused.
# Of these, the words that say the member is here again ("ok im back", "ya estoy aquí"), not only
# "let's continue": at a step that waits, they get the welcome back, paused or not.
_HERE_AGAIN = (r"(?:i'?m|i\s+am)\s+back", r"back\s+again", r"(?:ya\s+)?regrese", r"(?:ya\s+)?volvi",
               r"ya\s+estoy\s+(?:aqui|de\s+vuelta)", r"de\s+vuelta")
_HERE_AGAIN_RE = _words(*_HERE_AGAIN)
_BACK = _words(*_HERE_AGAIN, r"where\s+were\s+we",
               r"can\s+we\s+(?:continue|go\s+on|finish)", r"(?:let'?s|lets)\s+(?:continue|finish|go\s+on)",
               r"terminemos", r"le\s+seguimos")


# Going to fetch something or to finish at another moment ("I need to find my glasses and the bill",
# "gonna grab my bill at lunch and finish then", "espere, busco mis lentes", "lo termino en la
# comida"): leaving too, unless it is a question ("where do I find the number?", "¿dónde busco ...?").
_FETCHING = _words(
    r"(?:need|have|got|going|gonna|gotta)\s+(?:to\s+)?(?:go\s+)?(?:find|get|grab|look\s+for|fetch|dig\s+out)",
    r"(?:let\s+me|lemme)\s+go\s+(?:find|get|grab|look\s+for|fetch|dig\s+out)",
    r"(?:i'?ll|i\s+will)\s+(?:go\s+)?(?:find|grab|look\s+for|fetch|dig\s+out)",
    r"(?:at|on|after|during)\s+(?:my\s+)?(?:lunch|lunch\s*break|break)", r"finish\s+(?:it\s+|this\s+|up\s+)?then",
    r"busco", r"voy\s+(?:a\s+)?(?:buscar|traer|por)", r"(?:tengo|necesito)\s+que\s+(?:buscar|traer|ir\s+por)",
    r"en\s+(?:la\s+)?(?:comida|hora\s+de\s+(?:la\s+)?comida|almuerzo|descanso)")
_ASKING = re.compile(r"[?¿]|^\W*(?:where|how|what|which|donde|como|que|cual)\b")


def _fetches(text: str) -> bool:
    """ "I need to find my glasses and the bill", "espere, busco mis lentes": the member goes to get
    something or finishes at another moment (``text`` already plain); no question."""
    return bool(_FETCHING.search(text)) and not _ASKING.search(text)


# A moment asked for in words that answer no question ("one sec", "un momento", "espérame tantito, me
# están llamando", and every stepping away: "brb", "ahorita vuelvo"); "wait" or "hold on" alone may
# open an answer or a correction.
_A_MOMENT = _words(*_GONE_A_MOMENT, r"(?:one|a|1|just\s+a)\s+(?:sec|second|moment|min|minute)",
                   r"tantito", r"(?:un\s+)?momentito", r"un\s+(?:momento|segundo|minuto|ratito|rato)",
                   r"esp[ae]r(?:a|e)(?:me|nme)?\s+(?:tantito|un\s+\w+)", r"(?:me\s+)?(?:estan|esta)\s+llamando",
                   r"(?:let\s+me|lemme)\s+(?:find|get|grab|look\s+for|fetch|dig\s+out)\s+(?:my|the)\s+bill",
                   r"dej(?:a|e)(?:me)?\s+(?:busc\w*|traer|ir\s+por)\s+(?:mi|el|la)\s+(?:recibo|factura|bill)")


def steps_away_for_a_moment(text: str | None) -> bool:
    """ "one sec", "un momento", "espérame tantito, me están llamando", "hang on let me go find my
    bill", "brb": the member leaves the question for a while, asking nothing and correcting nothing.
    Where a step has no patient reply of its own, this is the flow's one pause; where it has one
    (the name, the code), a bare moment ("one sec") gets that reply."""
    words = plain(text)
    return ((bool(_A_MOMENT.search(words)) or _fetches(words)) and not _ASKING.search(words)
            and not _NOT_DONE.search(words) and not _CANCEL.search(words))


def goes_away_for_a_moment(text: str | None) -> bool:
    """ "brb", "be right back", "ahorita vuelvo", "ahorita regreso", "ya vengo", "vuelvo en un momento",
    "hold on, someone's at the door", "give me 5 min", "one sec, let me check": the member says in so
    many words that they leave and come back, which answers no step, not even one with a patient reply
    of its own (there a bare "one sec" gets "take your time"). The flow's one pause at every step, so
    stepping away reads the same wherever it is said."""
    return steps_away_for_a_moment(text) and bool(_GONE_A_MOMENT_RE.search(plain(text)))


def asks_to_pause(text: str | None) -> bool:
    """The words stop the flow for now, to finish later ("stop, I'll finish this later", "para, lo
    termino después", "I have to go, I'll finish later", "hold on, I need to find my glasses and the
    bill"), or say the member does not go on for now ("enough, I don't want to continue", "ya basta, no
    quiero seguir"), and do not cancel it or drop what was said in so many words."""
    text = plain(text)
    return ((bool(_LATER.search(text)) or _fetches(text) or bool(_NOT_GOING_ON.search(text)))
            and not _CANCEL.search(text) and not _FORGET_ALL.search(text) and not asks_to_delete(text))


# "back", "ok back", "ya estoy", "I'm here": the same words of coming back, only as a whole message
# ("call me back", "ya estoy registrado" say something else).
_BACK_ALONE_RE = re.compile(
    r"^(?:(?:ok(?:ay|ey)?|alright|all\s+right|so|well|bueno|listo|pues|ya)[\s,.!]+)*"
    r"(?:back|(?:i'?m|i\s+am)\s+here(?:\s+again|\s+now)?|here\s+again|ya\s+estoy(?:\s+(?:list[oa]|aqui))?|"
    r"aqui\s+estoy|ya\s+llegue|estoy\s+aqui)[\s.!]*$")


def _says_back(words: str) -> bool:
    """Words (folded by ``plain``) that say the member is back: "I'm back", "ya regresé", "where were
    we", or, as a whole message, "back", "ok back", "ya estoy"."""
    return bool(_BACK.search(words) or _BACK_ALONE_RE.match(words.strip()))


def comes_back(text: str | None, intent: str | None = None) -> bool:
    """The words ask to go on with a flow left for later: "ya regresé, ¿seguimos?", "I'm back",
    "let's continue", "continue", or the sign-up words ("REGISTRARME"); not a pause again."""
    words = plain(text)
    return (bool(_says_back(words) or _RESUME_VERB_RE.search(words) or asks_to_register(text, intent))
            and not asks_to_pause(text))


_CLAUSE_RE = re.compile(r"[^,.;:!?¡¿]+")


def after_coming_back(text: str | None) -> str | None:
    """What follows the words of coming back in one message ("ya volví perdón. la de la mascota",
    "ok I'm back, pet's name", "back! option 2", "no, ya regresé. la 1"): it may answer the pending
    question. None: no such words, or nothing but words of coming back or going on after them
    ("yes I'm back", "ya regresé, ¿seguimos?")."""
    text = text or ""
    end = None
    for clause in _CLAUSE_RE.finditer(text):
        if _says_back(plain(clause.group())) or goes_on(clause.group()):
            end = clause.end()
    if end is None:
        return None
    rest = text[end:].strip(" \t\n,.;:!?¡")
    return rest if rest and not is_resume(rest) and not comes_back(rest) else None


# Words that accept in so many words, beyond a yes ("yes I accept", "sí, acepto", "I agree").
_ACCEPTS = _words(r"accept(?:ed|s)?", r"agree(?:d)?", r"i\s+do", r"acepto", r"aceptamos", r"aceptar",
                  r"de\s+acuerdo")


def only_resumes(text: str | None, intent: str | None = None) -> bool:
    """A message that takes a paused flow up again and does nothing else: words of coming back or
    going on ("ok I'm back", "yes, let's continue", "sí, ya regresé", "ya volví", "continue"), a yes
    or "ok" among them only greeting the return. It answers no question asked before the pause,
    whatever the model read (``affirm``, ``never_mind``). A message that accepts in so many words
    ("yes I accept, let's continue") or refuses is no mere return."""
    if not comes_back(text, intent) or _ACCEPTS.search(plain(text)):
        return False
    return read_explicit_yes_no(text) is not False


def steps_away_or_back(text: str | None) -> str | None:
    """Does the member leave for later ("stop, I'll finish later", "para, luego sigo", "wait, I need
    to go, I'll text you later") or come back ("ok back, where were we", "ok, ya regresé") rather
    than answer? "away", "back" or None. Such words answer no question: not a security answer, and
    no yes to the Terms however they start ("ok ..."); nor is stepping away ("brb", "espera, ahorita
    vuelvo", "one sec, let me check": ``goes_away_for_a_moment``). A bare moment ("one sec", "un
    momento", "let me read the terms") is no "away": each step answers it (``asks_for_time``)."""
    if asks_to_pause(text) and (_LEAVES.search(plain(text)) or _fetches(plain(text)) or not asks_for_time(text)
                                or goes_away_for_a_moment(text)):
        return "away"
    return "back" if _says_back(plain(text)) else None


def leaves_without_asking(text: str | None) -> bool:
    """The member leaves for now and asks nothing ("I'm at work, gonna grab my bill at lunch and
    finish then"); "my bill is at home, can I do this later?" is a question, answered as one."""
    return steps_away_or_back(text) == "away" and not _ASKING.search(plain(text))


def is_here_again(text: str | None) -> bool:
    """ "ok im back", "ya estoy aquí, perdón", "ya volví": the member says they are here again
    (:func:`returns`), in words that say so, not only "let's continue"."""
    words = plain(text)
    return returns(text) and bool(_HERE_AGAIN_RE.search(words) or _BACK_ALONE_RE.match(words.strip()))


def returns(text: str | None) -> bool:
    """ "ya volví, ¿seguimos?", "I'm back, where were we": the member says they are back, in words
    that leave nothing for later and ask for no new sign-up ("REGISTRARME" does)."""
    words = plain(text)
    return bool(_says_back(words)) and not asks_to_pause(text) and not _SIGN_UP_WORDS_RE.search(words)


# --- a clear yes, then a question about something else -------------------------------------
# Where a side question may start after a yes: a new sentence, "¿", or "and / y" before a question word.
_QUESTION_WORD = (r"(?:can|could|will|would|do|does|is|are|how|what|when|where|why|which|who|"
                  r"puede|pueden|podria|podrian|puedo|me\s+pueden|como|cuando|donde|que|cual|quien)")
_SIDE_START = re.compile(r"[.!;:,]+\s*|\s*¿|\s+(?=(?:and|also|y|tambien|también)\s+" + _QUESTION_WORD + r"\b)", re.I)
_SIDE_QUESTION_START = re.compile(r"^(?:(?:and|also|oh|btw|by\s+the\s+way|plus|y|tambien|ademas|por\s+cierto|"
                                  r"otra\s+cosa|otra\s+pregunta|one\s+more\s+thing|quick\s+question)\s+)*"
                                  + _QUESTION_WORD + r"\b")
# Words that make the "question" part of the answer to the yes/no question itself ("but", "if",
# "what do the terms say?", "what if I don't accept?"): then the message is no clear yes.
_ABOUT_THE_YES = _words(r"but", r"however", r"if", r"unless", r"pero", r"aunque", r"solo\s+si", r"si\s+no",
                        r"terms?", r"conditions?", r"terminos", r"condiciones", r"accept\w*", r"agree\w*",
                        r"acept\w*", r"acuerdo")


# "Si acepto, ¿me quitan el recibo de papel?": an unaccented "si" before "acepto" and a comma, with a
# question after it, is "if I accept" (a yes writes "sí, acepto" or ends its sentence: "si acepto. ¿...?").
_IF_I_ACCEPT_ES = re.compile(r"^\W*(?:y\s+|pero\s+)?si\s+(?:lo\s+|los\s+|las\s+)?acept(?:o|amos)\b[^.!;]*,\s*¿?\s*$")


def yes_with_side_question(text: str | None) -> str | None:
    """The side question after a clear acceptance in the same message ("yes I accept. and can you
    switch me to paperless while you're at it?", "sí acepto, ¿y me pueden quitar el recibo de
    papel?", "Yes, I accept. Is there a fee?"), else None. The yes part must accept in so many
    words ("yes", "I accept", "sí, acepto"; "ok I read them" accepts nothing), never inside a
    question ("¿Si acepto, me quitan ...?") nor as its condition ("Si acepto, ¿me quitan ...?");
    the question part must ask about something else: not about the Terms, not a condition ("if",
    "but"), no doubt ("is this a scam?"), not a request to wait, stop or delete. Then the yes counts
    and the question is answered after it."""
    raw = (text or "").strip()
    for split in _SIDE_START.finditer(raw):
        head, tail = raw[: split.start()], raw[split.start():]
        if (not head.strip() or "?" in head or "¿" in head or read_explicit_yes_no(head) is not True
                or _IF_I_ACCEPT_ES.match(raw[: split.end()].lower())):
            continue
        first = re.split(r"[.!;:,?¿]", tail.lstrip(" ,.;:!"), maxsplit=1)[0]
        if first.strip() and read_explicit_yes_no(first) is True:
            continue  # "Yes, I accept. Is there a fee?": the yes goes on; its question comes after
        words = plain(tail).replace("?", " ").strip()
        asks = "?" in tail or "¿" in tail or bool(_SIDE_QUESTION_START.match(words))
        if (not words or not asks or _ABOUT_THE_YES.search(words) or _REFUSAL.search(words)
                or asks_about_terms(tail) or asks_if_safe(tail) or asks_to_wait(tail) or asks_to_stop(tail)
                or asks_to_delete(tail)):
            return None
        return tail.strip(" .,;:!")
    return None


# --- a numbered choice, read against the options offered ----------------------------------
_ORDINALS = {
    1: r"1|1st|one|first|uno|una|primer[oa]?|1ra|1ro|1a|1o",
    2: r"2|2nd|two|second|dos|segund[oa]|2da|2do|2a|2o",
    3: r"3|3rd|three|third|tres|tercer[oa]?|3ra|3ro|3a|3o",
    4: r"4|4th|four|fourth|cuatro|cuart[oa]",
    5: r"5|5th|five|fifth|cinco|quint[oa]",
}
_LAST = r"last|ultim[oa]|the\s+last\s+one"
_OPTION_FILLER = _words(
    r"i'?ll", r"i\s+will", r"i'?d", r"i\s+would", r"like", r"prefer", r"pick", r"choose", r"take", r"use",
    r"want", r"go\s+with", r"the", r"a", r"an", r"one", r"ones", r"option", r"number", r"no", r"question",
    r"please", r"ok(?:ay)?", r"let'?s", r"do", r"about", r"for", r"on", r"with", r"is", r"it", r"that", r"this",
    r"my", r"me", r"of", r"thanks?", r"thank\s+you", r"choice", r"q", r"#", r"of\s+them",
    r"la", r"el", r"lo", r"los", r"las", r"de", r"del", r"mi", r"una?", r"opcion", r"numero", r"pregunta",
    r"quiero", r"prefiero", r"elijo", r"escojo", r"tomo", r"uso", r"sobre", r"que", r"con", r"por\s+favor",
    r"favor", r"gracias", r"me\s+quedo\s+con", r"voy\s+con", r"seria", r"es", r"sera", r"yo",
)


# Where a sentence moves from one option to the next ("mascotas ya no tengo y la secundaria ...",
# "I don't have a pet, so I'll go with ..."): "que" is not one ("tantos años que ni me acuerdo").
_CLAUSE_END = re.compile(r"[,.;:!?¿¡]+|\s(?:y|and|but|pero|so|as[ií]\s+que|entonces|porque|because|since|ya\s+que|"
                         r"como|or|o|instead|en\s+vez)(?=\s)", re.I)
# Words that rule an option out ("ya no tengo", "ni me acuerdo", "I don't have a pet", "not the school one").
_RULES_OUT = _words(r"no", r"not", r"don'?t", r"doesn'?t", r"didn'?t", r"never", r"nunca", r"ni", r"can'?t",
                    r"cannot", r"won'?t", r"haven'?t", r"isn'?t", r"wasn'?t", r"no\s+longer", r"anymore", r"nor",
                    r"neither", r"tampoco", r"forgot", r"olvide", r"olvidado", r"except", r"menos")
# Words that say which option the member takes ("escojo", "mejor la de ...", "I'll go with", "let's do").
_CHOOSES = re.compile(
    r"(?<![\w'])(?:escoj\w*|elij\w*|eleg\w*|prefier\w*|prefer\w*|mejor|me\s+quedo\s+con|voy\s+con|vamos\s+con|"
    r"tomo|uso|usemos|pongo|i'?ll\s+(?:take|go\s+with|do|use|pick|choose)|i\s+will\s+(?:take|go\s+with|do|use|pick|choose)|"
    r"let'?s\s+(?:do|go\s+with|use|pick)|i\s+(?:choose|pick|want|prefer)|i'?d\s+(?:rather|like|prefer|go\s+with)|"
    r"go\s+with|rather|instead|actually|wait|espera|espere)(?![\w'])", re.I)


def read_choice(text: str | None, options: dict[int, re.Pattern[str]]) -> int | None:
    """Which option (1..n) the message picks: its number ("2", "#2", "option two", "la segunda"),
    "the last one", or the words of exactly one option ("the one about my mother", "la de mi
    mascota", "the school one"). None when it names no option or more than one.

    Options named only to be ruled out ("mascotas ya no tengo", "I don't have a pet", "not the
    school one") do not count, and the one the member says they choose ("escojo la de ...", "I'll
    go with ...") wins over the others named.

    ``options`` maps each number to a pattern of the words that name it (on :func:`plain` text)."""
    clauses = [clause for clause in _CLAUSE_END.split(text or "") if plain(clause)]
    chosen = set()
    for index, clause in enumerate(clauses):
        cue = _CHOOSES.search(clause)
        if cue:
            picked = _choice_in(clause[cue.end():], options)
            if picked is None and not plain(clause[cue.end():]) and index + 1 < len(clauses):
                picked = _choice_in(clauses[index + 1], options)  # "actually, the pet one"
            chosen.add(picked)
    chosen.discard(None)
    if len(chosen) == 1:
        return chosen.pop()
    ruled_out = [clause for clause in clauses if _RULES_OUT.search(plain(clause))]
    if not ruled_out:
        return _choice_in(text, options)
    kept = {_choice_in(clause, options) for clause in clauses if clause not in ruled_out} - {None}
    return kept.pop() if len(kept) == 1 else None


def rules_out_an_option(text: str | None, options: dict[int, re.Pattern[str]]) -> bool:
    """Does the message name an option only to rule it out ("I don't have a pet")?"""
    return any(_RULES_OUT.search(plain(clause)) and _choice_in(clause, options) is not None
               for clause in _CLAUSE_END.split(text or ""))


def _choice_in(text: str | None, options: dict[int, re.Pattern[str]]) -> int | None:
    """The one option a text (a clause, or the whole message) names, by number or by words."""
    text = plain(text).replace("?", " ").strip()
    if not text:
        return None
    named = {number for number, pattern in options.items() if pattern.search(text)}
    rest = _OPTION_FILLER.sub(" ", text).split()
    by_number = {number for number, words in _ORDINALS.items()
                 if number in options and any(re.fullmatch(words, word) for word in rest)}
    if re.search(r"(?<!\w)(?:" + _LAST + r")(?!\w)", text):
        by_number.add(max(options))
    if len(by_number) == 1 and (not named or named == by_number):
        return next(iter(by_number))
    if len(named) == 1 and not by_number:
        return next(iter(named))
    return None


def security_question_words() -> dict[int, re.Pattern[str]]:
    """The options of the security-question menu for :func:`read_choice`: each question's number
    and the words that name it, both from ``common.security_questions`` (so a question added
    there is read here too)."""
    return _question_words(security_questions.QUESTIONS)


@functools.cache
def _question_words(questions: tuple[security_questions.SecurityQuestion, ...]) -> dict[int, re.Pattern[str]]:
    return {number: _words(*question.words) for number, question in enumerate(questions, start=1)}


# --- signing off --------------------------------------------------------------------------
# "that is all for today", "we do not have another account", "es todo por hoy", "no tenemos otra cuenta",
# "goodbye", "adiós": the member is done.
_SIGN_OFF = _words(
    r"(?:that\s+is|that'?s|thats|that\s+will\s+be|that\s+would\s+be|it'?s|it\s+is)\s+all", r"all\s+for\s+(?:today|now)",
    r"nothing\s+else", r"nothing\s+more", r"(?:we\s+are|we'?re|i\s+am|i'?m)\s+(?:all\s+)?done", r"good\s?bye", r"bye",
    r"(?:we|i)\s+(?:do\s+not|don'?t|dont)\s+have\s+(?:another|any\s+other|a\s+second|other)\s+(?:account|one)s?",
    r"no\s+(?:other|more)\s+accounts?",
    r"(?:eso\s+)?(?:es|seria|sera|fue)\s+todo", r"eso\s+(?:es\s+)?todo", r"nada\s+mas", r"adios", r"hasta\s+luego",
    r"no\s+(?:tenemos|tengo|hay)\s+(?:otra|otras|mas|ninguna\s+otra)\s*(?:cuentas?)?")
# Words that may go with the sign-off and ask for nothing: thanks, "for today", a greeting's courtesy.
_SIGN_OFF_COURTESY = _words(
    r"thank\s+you(?:\s+(?:very|so)\s+much)?", r"thanks?(?:\s+a\s+lot)?", r"for\s+(?:today|now)", r"no", r"ok(?:ay)?",
    r"(?:have\s+a\s+)?(?:good|nice|great)\s+(?:day|afternoon|evening|one)", r"please", r"then", r"really",
    r"(?:muchas\s+)?gracias", r"por\s+(?:hoy|ahora|el\s+momento)", r"bueno", r"listo", r"pues", r"entonces",
    r"(?:que\s+tenga[ns]?\s+)?(?:un\s+)?buen(?:a|as|os)?\s+(?:dia|dias|tarde|tardes|noche)", r"de\s+momento",
    r"y", r"and", r"so", r"that'?s\s+it", r"eso")


def signs_off(text: str | None) -> bool:
    """Does the whole message only close the conversation ("We do not have another account; that is all
    for today, thank you.", "No tenemos otra cuenta, es todo por hoy, gracias", "ok bye")? A thanks
    alone thanks; a message asking anything more is no sign-off."""
    words = plain(text).replace("?", "")
    if not _SIGN_OFF.search(words):
        return False
    return not _SIGN_OFF_COURTESY.sub(" ", _SIGN_OFF.sub(" ", words)).strip()


# --- when a member just registered can sign in ----------------------------------------------------
# "how long until I can log in?", "when can I sign in?", "¿cuándo puedo entrar?", "¿en cuánto tiempo
# puedo iniciar sesión?": asked once registered, when (and how) the new login opens.
_SIGN_IN = r"(?:log\s*(?:in|on)|login|sign\s*(?:in|on)|use\s+(?:it|my\s+(?:online\s+)?account|the\s+(?:online\s+)?account)|get\s+in|access\s+(?:it|my\s+account))"
_ENTRAR = r"(?:entrar|ingresar|iniciar\s+sesion|acceder|usar(?:la|lo)?|conectarme|meterme)"
_WHEN_TO_SIGN_IN = _words(
    r"how\s+(?:long|soon)\s+(?:\w+\s+){0,4}?(?:until|till|til|before|for|to)\s+(?:\w+\s+){0,3}?" + _SIGN_IN,
    r"when\s+(?:can|will|could|do)\s+(?:i|we)\s+(?:be\s+able\s+to\s+)?" + _SIGN_IN,
    r"(?:can|could)\s+(?:i|we)\s+" + _SIGN_IN + r"\s+(?:now|yet|already|right\s+away|today)",
    r"cuando\s+(?:\w+\s+){0,2}?(?:puedo|podre|podemos|podria)\s+(?:ya\s+)?" + _ENTRAR,
    r"(?:cuanto|en\s+cuanto)\s+(?:tiempo\s+)?(?:tarda\w*|falta\w*|hasta\s+que|(?:para\s+)?(?:poder|puedo|podre)\s+"
    + _ENTRAR + r"|para\s+" + _ENTRAR + r")",
    r"(?:ya\s+)?puedo\s+" + _ENTRAR + r"\s+(?:ya|ahora|hoy)")
_RESET_WORDS = _words(r"reset\w*", r"forg[eo]t\w*", r"password\s+(?:doesn'?t|does\s+not|won'?t|isn'?t)\s+work\w*",
                      r"restablec\w*", r"olvid\w*", r"recuperar")


def asks_when_to_sign_in(text: str | None) -> bool:
    """Does a member ask when they can sign in ("how long until I can log in?", "¿cuándo puedo
    entrar?"), asking for no password reset ("I forgot my password, when can I log in?" asks one)?"""
    words = plain(text)
    return bool(_WHEN_TO_SIGN_IN.search(words)) and not _RESET_WORDS.search(words)
