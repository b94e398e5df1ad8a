"""Read what a member's text message contains, with plain Python.

The NLU model classifies the message; this module finds the values in it,
because members text the way people text ("acct 100 123 4567 last name
garza", "its 78620", "JOHN@EXAMPLE.COM", "2 rex") and a regex is right
every time where a statistical model is right most of the time. The form
validation (``actions.form``) combines both.

Nothing here talks to the backend or keeps state: :func:`parse` is a pure
function of the text and the step the conversation is at, so it is tested
exhaustively on its own (tests/actions/test_extract.py).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from actions.answers import (
    asks_for_time, asks_why, comes_back, names_a_sign_up, names_an_ending, plain, read_choice, read_yes_no, security_question_words, steps_away_or_back,
    written_phone_numbers,
)
from actions.security_answer import (
    ANSWER_MAX_WORDS, asks_for_another_question, changes_the_answer_only, choice_named, choice_with_answer, may_be_a_pet_s_name, question_named_only,
    only_agreement, without_accepted_terms,
)
from actions import meter, spoken_email
from actions.patterns import ABBREVIATION_DOT_RE, ADDRESS_ATTEMPT_RE, CHOICE_NUMBER
from actions.name_words import (APOLOGY_WORDS, BARE_NAME_MAX_WORDS, NAME_CONNECTORS, acknowledgement_only, is_common, is_plausible_name, looks_like_bare_name,
                                has_business_word, looks_like_business_name, printed_words,
                                lone_surname, only_address_or_acknowledgement, without_told_already, opens_an_answer, only_filler_words, says_when,
                                strip_name_filler, without_remark, without_spelling_remark)
from actions.tracker_reading import CODE_SLOT
from common import account_refs, normalise, security_questions
from common.digits import ascii_digits, read_out
from common.titles import TITLES
from common.secret_shapes import SSN_DIGITS, code_in, full_ssn, may_be_tax_id, ssn_spans  # noqa: F401 - re-exported for actions.form
from common.text import at_most_one_edit, fold_accents

ACCOUNT_MIN, ACCOUNT_MAX = normalise.ACCOUNT_MIN_DIGITS, normalise.ACCOUNT_MAX_DIGITS

# --- words that mark what a number or a phrase is ----------------------------
# Each starts a word (no letter before it): "continúe" holds no "tin", "access" no "acc".
_ACCOUNT_WORDS = r"(?<![^\W\d_])(?:account|acct|acc|acount|accnt|accout|act)\.?\s*(?:number|num|no\.?|nbr|#)?"
_ZIP_WORDS = r"(?<![^\W\d_])(?:zip|zipcode|zip\s*code|postal\s*code|postal|mailing\s*zip)"
_LAST4_WORDS = (
    r"(?<![^\W\d_])(?:ssn|ss#|social(?:\s*security)?(?:\s*number|\s*#)?|tax\s*id|tin|ein|itin|"
    r"last\s*(?:4|four)(?:\s*digits)?|last4)"
)
_EMAIL_WORDS = r"(?:e-?mail|email\s*address|e\s*mail|mail|address)"
# The words that name a number as an account number, in English or Spanish ("account 512 555 7811",
# "cuenta 512 555 7811"), right before it.
_ACCOUNT_NAMED_RE = re.compile(r"(?:" + _ACCOUNT_WORDS + r"|(?<![^\W\d_])cuenta)[\s:#=-]*(?:is|was|es)?[\s:#=-]*$")

# --- the member's own words for "account number", typos included -----------------------------
# "acount numbr 50010028", "acct nmber: ...", "nro de cuneta ...": the words right before a number
# that say what it is are spelled out before anything is read, so a typo of "number" is never
# left over beside the number as a name (one try of the backend's budget for nothing).
_LABEL_TYPOS = {
    "account": ("acount", "accout", "accnt", "acnt", "accunt", "acocunt", "accoutn", "accont", "acconut",
                "accuont", "acccount", "accoount", "aacount", "acoount"),
    "number": ("numbr", "nmbr", "nmber", "numbre", "nuber", "nunber", "numner", "numbet", "nubmer", "numer"),
    "numero": ("numro", "nmro", "numer0", "nro", "nro.", "n°", "nº"),
    "cuenta": ("cuneta", "cueta", "cuenat", "cuentq", "cta", "cta."),
}
# A word one slip (a letter missing, added, changed, or two swapped) from one of these is that
# word, when it stands where the member labels the number. Not "cuenta": "Cuenca" is a surname.
_FUZZY_LABELS = ("account", "number", "numero")
# Small words of a label ("numero de cuenta", "my account number is", "no. de cuenta").
_LABEL_LINKS = frozenset({"de", "del", "of", "is", "es", "my", "mi", "the", "el", "la", "su", "our", "no", "no.",
                          "num", "num.", "nbr", "#", "acct", "acct.", "acc"})




def account_label(word: str) -> str | None:
    """The account-number word a member meant ("acount" -> "account", "numbr" -> "number",
    "nro" -> "numero"), else None. Only words of five letters or more are read loosely."""
    folded = plain(word.strip(":,#")).lower()
    for label, typos in _LABEL_TYPOS.items():
        if folded in typos:
            return label
    if len(folded) >= 5:
        return next((label for label in _FUZZY_LABELS if at_most_one_edit(folded, label) and folded != label), None)
    return None


# Each try starts at a word's first letter and takes whole words (possessive: a word is never split
# to try again), so a long run of letters costs linear time, not the fourth power of its length.
_WORDS_BEFORE_A_NUMBER_RE = re.compile(r"(?<![^\s\d])((?:[^\s\d]++\s*+){1,4})(?=[:#=]?\s*\d)")


def spelled_out_labels(text: str) -> str:
    """``text`` with the member's words for "account number" right before a number spelled as the
    readers know them ("acount numbr 50010028" -> "account number 50010028"); elsewhere unchanged,
    so a surname away from a number ("Humber") is never read as a label."""
    def spell(match: re.Match[str]) -> str:
        words = match.group(1).split()
        start = len(words)
        while start > 0 and (account_label(words[start - 1]) or plain(words[start - 1]).lower() in _LABEL_LINKS
                             or plain(words[start - 1]).lower() in ("account", "number", "numero", "cuenta")):
            start -= 1
        labelled = [account_label(word) for word in words[start:]]
        if not any(labelled):
            return match.group(0)
        spelled = [label + word[len(word.rstrip(":,#")):] if label else word  # "nmber:" -> "number:"
                   for word, label in zip(words[start:], labelled)]
        trail = match.group(1)[len(match.group(1).rstrip()):]
        return " ".join(words[:start] + spelled) + trail
    return _WORDS_BEFORE_A_NUMBER_RE.sub(spell, text)


# Each pattern starts only where its run of characters starts (the lookbehinds):
# the same matches as trying every position, in linear instead of quadratic time.
# Letters of any script (\w): "b\u00fccher@example.com" is one address, not "cher@example.com".
_EMAIL_RE = re.compile(r"(?<![\w.%+'\-])[\w.%+'\-]++@[\w\-]+(?:\.[\w\-]+)*\.[^\W\d_]{2,}")
_EMAILISH_RE = ADDRESS_ATTEMPT_RE
_ZIP4_RE = re.compile(r"(?<![\d-])(\d{5})\s?-\s?(\d{4})(?![\d-])")
_DIGIT_RUN_RE = re.compile(r"(?<![\w@])\d+(?:(?:[ ]?[-.][ ]?|[ ])\d+)*(?![\w@])")
_ONE_DIGIT_CHOICE_RE = re.compile(r"^" + CHOICE_NUMBER + r"(?:\)|\.|:)?(?:\s+|\s*[,:\-]\s*|$)(.*)$", re.I)

_YES_RE = re.compile(
    r"^(?:yes+|y|yeah|yea|ya|yep|yup|sure|ok|okay|k|accept(?:ed)?|i\s+accept|i\s+agree|agree(?:d)?|"
    r"i\s+do|correct|absolutely|of\s+course|definitely|affirmative|si)"
    r"(?:[\s,!.]+(?:yes|i\s+accept|i\s+agree|accept|agree|to\s+the\s+terms(?:\s+and\s+conditions)?|"
    r"the\s+terms(?:\s+and\s+conditions)?|terms|please|thanks|thank\s+you|sir|ma'?am|i'?m\s+sure|"
    r"delete\s+it|do\s+it|go\s+ahead))*[\s!.]*$",
    re.I,
)
_NO_RE = re.compile(
    r"^(?:no+|n|nope|nah|negative|decline|i\s+decline|i\s+do\s*n[o']?t(?:\s+accept|\s+agree)?|"
    r"don'?t|do\s+not(?:\s+accept)?|not\s+really|no\s+way|never|keep\s+it)(?:[\s,!.]+.*)?$",
    re.I,
)
# After a yes/no question, "that's wrong" and "not right" (the whole message) are a no.
_WRONG_RE = re.compile(
    r"^(?:(?:that'?s|that\s+is|thats|it'?s|its|it\s+is)\s+)?(?:wrong|not\s+right|incorrect|not\s+it|"
    r"not\s+correct|not\s+that(?:\s+one)?|not\s+what\s+i\s+(?:meant|want(?:ed)?))[\s!.]*$",
    re.I,
)

_CORRECTION_CUE_RE = re.compile(
    r"\b(?:wrong|wait|oops|whoops|sorry|actually|change|correct(?:ion)?|typo|mistake|meant|instead|"
    r"not\s+right|fix|different|another|mis-?typed|incorrect|redo|update)\b|^no\b[ ,]",
    re.I,
)
_FIELD_WORDS = {
    "email": re.compile(r"\b(?:e-?mail|email\s*address|e\s*mail|mail\s*address)\b", re.I),
    "account_number": re.compile(r"\b(?:account|acct|acc)\b", re.I),
    "member_name": re.compile(r"\b(?:name|last\s*name|lastname|surname|business)\b", re.I),
    "security_question": re.compile(r"\b(?:question)\b", re.I),
    "security_answer": re.compile(r"\b(?:answer)\b", re.I),
}
_USE_ZIP_RE = re.compile(r"\b(?:use|try|give|send|with|rather|prefer|instead)\b.*\b" + _ZIP_WORDS + r"\b|\b" + _ZIP_WORDS + r"\b.*\binstead\b", re.I)
_USE_LAST4_RE = re.compile(r"\b(?:use|try|give|send|with|rather|prefer|instead)\b.*\b" + _LAST4_WORDS + r"|\b" + _LAST4_WORDS + r".*\binstead\b", re.I)
# The same in Spanish ("prefiero usar el código postal", "mejor con el seguro social"), on
# accent-free text.
_ZIP_WORDS_ES = r"(?:codigo\s+postal|zip)"
_LAST4_WORDS_ES = r"(?:seguro\s+social|ssn|tax\s*id|ultimos\s+(?:4|cuatro)(?:\s+digitos)?|numero\s+de\s+impuestos)"
_PROOF_VERBS_ES = r"\b(?:usar|uso|use|usa|usemos|dar|doy|de|mandar|mando|mande|enviar|envio|envie|prefiero|mejor|con|en\s+vez|en\s+lugar)\b"
_USE_ZIP_ES_RE = re.compile(_PROOF_VERBS_ES + r".*\b" + _ZIP_WORDS_ES + r"\b")
_USE_LAST4_ES_RE = re.compile(_PROOF_VERBS_ES + r".*\b" + _LAST4_WORDS_ES + r"\b")



def _question_keywords() -> tuple[tuple[int, re.Pattern[str]], ...]:
    """Each security question's number and the English words that mention it in a sentence
    (``common.security_questions``)."""
    return _keywords_of(security_questions.QUESTIONS)


@functools.cache
def _keywords_of(questions: tuple[security_questions.SecurityQuestion, ...]) -> tuple[tuple[int, re.Pattern[str]], ...]:
    return tuple((number, re.compile(r"\b(?:" + "|".join(question.mentions) + r")\b", re.I))
                 for number, question in enumerate(questions, start=1))


def _question_number(word: str) -> int | None:
    """The security question a number or an English ordinal names ("2", "second"), if there is one."""
    number = int(word) if word.isdigit() else _ORDINALS.get(word)
    return number if number is not None and security_questions.by_number(number) else None


_ORDINALS = {"first": 1, "one": 1, "1st": 1, "second": 2, "two": 2, "2nd": 2, "third": 3, "three": 3, "3rd": 3,
             "fourth": 4, "four": 4, "4th": 4, "fifth": 5, "five": 5, "5th": 5}


def _question_phrase() -> re.Pattern[str]:
    """A choice that starts by naming a question, its answer possibly after ("pet's name: Rex",
    "high school Lehman"), from each question's ``phrases`` (``common.security_questions``)."""
    return _phrase_of(security_questions.QUESTIONS)


@functools.cache
def _phrase_of(questions: tuple[security_questions.SecurityQuestion, ...]) -> re.Pattern[str]:
    names = "|".join(phrase for question in questions for phrase in question.phrases)
    return re.compile(r"^(?:the\s+)?(?:my\s+)?(?:" + names + r")\b"
                      r"(?:\s+(?:question|one))?\s*(?:is|was|=|:|-|,)?\s*(?P<answer>.*)$", re.I)


_NAME_INTRO_RE = re.compile(
    r"(?:(?:my|the|our)\s+)?(?:last\s*name|lastname|surname|family\s+name|(?:business|company)(?:\s+name)?"
    # "The business name on the account is Hill Country Feed and Supply Company"
    r"(?:\s+on\s+(?:the\s+)?(?:account|acct|bill))?|"
    r"name\s+on\s+(?:(?:the\s+)?(?:account|acct|bill)|it)|account\s+name|name)\s*(?:is|=|:|-|,)?\s+"
    r"|\b(?:it'?s\s+)?(?:in|under)\s+the\s+name(?:\s+of)?\s+|\b(?:under|it'?s\s+under)\s+"
    # "the account holder is Ramírez", "the owner of the account is ..."
    r"|\b(?:the\s+)?(?:account\s+)?(?:holder|owner)(?:\s+(?:of|on)\s+(?:the|this|my)\s+account)?\s+(?:is|was)\s+"
    # "account holder Mrs. Gloria Kessler", "account holder: Fairbanks": the name right after the words
    r"|\baccount\s+(?:holder|owner)\s*:?\s+(?=(?:" + "|".join(sorted(TITLES)) + r")\b|(?-i:[A-ZÁÉÍÓÚÑ]))",
    re.I,
)
_NAME_STOP_RE = re.compile(
    r"\s*(?:[,;!?]|\band\b\s+(?:my|the|email|e-mail|zip|acct|account|ssn|last|i|i'?m|i'?d|we|want|would|need)\b|"
    r"\bi\s+(?:want|would|need|am)\b|\b(?:email|e-mail|zip|zipcode|"
    r"acct|account|ssn|social|tax|last\s*(?:4|four)|phone|mail)\b|\.\s|\.$|$)",
    re.I,
)
_STRONG_NAME_INTRO_RE = re.compile(
    r"\b(?:last\s*name|lastname|surname|family\s+name|business\s+name|company\s+name|"
    r"name\s+on\s+(?:(?:the\s+)?(?:account|acct|bill)|it)|account\s+name|(?:in|under)\s+the\s+name\s+of|"
    r"account\s+(?:holder|owner))\b",
    re.I,
)
_FILLER_RE = re.compile(
    r"^(?:(?:ok(?:ay)?|sure|yes|yeah|yep|hi|hello|hey|so|well|um+|uh+|alright|fine|sorry|oops|"
    # "100756103011 also Fischer", "también Fischer": the same name as the account before
    r"no|wait|actually|also|tambi[eé]n)[\s,.!:-]+)*"
    r"(?:(?:it'?s|it\s+is|its|that'?s|that\s+is|this\s+is|here\s+it\s+is|i'?m|i\s+am|we\s+are|"
    r"the\s+name\s+is|name\s+is|my\s+name\s+is|my\s+last\s+name\s+is|last\s+name\s+is|last\s+name|"
    r"the\s+last\s+name\s+is|business\s+name\s+is|the\s+business\s+is|business\s+is|business|"
    r"it'?s\s+under|under)\b[\s,:=-]*)?",
    re.I,
)


_KEYWORD_PHRASE_RE = re.compile(
    r"(?:\b(?:my|the|our)\s+)?(?:\b" + _ACCOUNT_WORDS + r"|\b" + _ZIP_WORDS + r"|\b" + _LAST4_WORDS
    + r"|\b" + _EMAIL_WORDS + r")(?![\w'])(?:\s+(?:is|was|=|:))?|#|\bhere\s+it\s+is\b|\bthanks?\b|\bthank\s+you\b|\bplease\b"
    r"|\b(?:(?:mi|la|el|su|nuestra|nuestro)\s+)?(?:n[uú]mero\s+de\s+cuenta|cuenta)(?:\s+(?:es|n[uú]mero|no\.?|#))?\b"
    r"|\bgracias\b|\bpor\s+favor\b",
    re.I,
)


@dataclass
class Parsed:
    """Everything found in one message; ``None`` where the message said nothing."""

    text: str
    account: str | None = None
    bad_account: str | None = None  # digits that look meant as an account but are not 6-12 long
    name: str | None = None
    email: str | None = None
    email_problem: str | None = None  # what looks wrong in an address the member tried to give (its kind)
    email_given_before: bool = False  # ``email`` is the address given earlier ("same as before"): confirmed masked
    # An address said in words whose words were joined by guess ("ruth delacroix at gmail dot com",
    # ``actions.spoken_email``): asked about ("Did you mean ...?"), never taken as it is.
    email_guessed: str | None = None
    # The address is well formed but its domain is a special-use name no mail reaches
    # (``common.normalise.reserved_domain``: "x@member.test"); ``email_problem`` is set too.
    email_reserved: bool = False
    zip_code: str | None = None
    last4: str | None = None
    bad_secret: bool = False  # digits meant as ZIP / last 4 with the wrong length
    # A phone number or a house number in the message (``_numbers_of_no_value``): no value, and no
    # digits of the wrong length meant as one either.
    number_of_no_value: bool = False
    proof_method: str | None = None  # "zip" | "last4": the member says which proof they want to use
    question: int | None = None
    answer: str | None = None  # security answer given together with the question choice
    yes: bool = False
    no: bool = False
    corrections: set[str] = field(default_factory=set)

    @property
    def has_secret(self) -> bool:
        """The message holds a ZIP, an SSN/TIN last 4 or something meant as one."""
        return bool(self.zip_code or self.last4 or self.bad_secret)

    @property
    def has_values(self) -> bool:
        """Anything the form reads: a value, the proof the member wants to use, or a correction."""
        return any((self.account, self.name, self.email, self.email_guessed, self.zip_code, self.last4,
                    self.question, self.answer, self.proof_method, self.corrections))

    @property
    def gives_an_address(self) -> bool:
        """An e-mail address, or what was meant as one (with a problem, or said in words): the
        message answers the address, whatever other step it is sent at."""
        return bool(self.email or self.email_problem or self.email_guessed)

    @property
    def gives_account_data(self) -> bool:
        """An account number, an e-mail address or a proof (a ZIP, a last 4, or digits meant as one):
        what a member types to sign up, never part of a request to change course."""
        return bool(self.account or self.email or self.has_secret)

    @property
    def has_value_by_shape(self) -> bool:
        """A value that answers a question by its shape (a number, an address, a menu choice), not
        a word that only might be a name ("ok then, hon")."""
        return any((self.account, self.bad_account, self.email, self.email_guessed, self.zip_code, self.last4,
                    self.question))

    @property
    def gives_a_value(self) -> bool:
        """A value for one of the questions (a name or a security answer too), or digits meant as
        one (an account number, ZIP or last 4 of the wrong length): the message answers something."""
        return self.has_value_by_shape or bool(self.name or self.bad_secret or self.answer)

    @property
    def flags_a_mistake(self) -> bool:
        """Does the message correct an earlier answer by its words, or try a value that cannot be
        right? A field named as wrong ("wait, wrong email", "me equivoqué de correo"), an address
        with a problem, or digits meant as a ZIP or last 4 of the wrong length. At a yes/no step
        such a message answers nothing else: its "no" and "wrong" are about the old answer, never
        a refusal. The yes/no steps of the form (``actions.form``) and "It sounds like you want
        to ...?" (``actions.change_of_course``) each add the values they count as a correction."""
        return bool(self.corrections or self.email_problem or self.bad_secret)


def normalise_email(value: str) -> str | None:
    """The address as the backend stores it (``common.normalise.email``), once the punctuation
    a sentence puts around an address ("mail me at <pat@example.com>.") is taken off; else None."""
    return normalise.email(value.strip().strip(".,;:!?<>()[]\"'"))


def email_problem(value: str) -> str:
    """What is wrong with an address, as a kind the reply words in the member's language
    (``messages.bad_email``): "no_at", "nothing_before_at", "spaces", "domain_incomplete" or "shape"."""
    value = value.strip()
    if "@" not in value:
        return "no_at"
    local, _, domain = value.partition("@")
    if not local:
        return "nothing_before_at"
    if " " in value:
        return "spaces"
    if "." not in domain:
        return "domain_incomplete"
    return "shape"


# --- names after a Spanish introduction (which words are ever a name: actions.name_words) ------
_SPANISH_NAME_INTRO_RE = re.compile(
    r"\b(?:(?:el|mi|su|nuestro)\s+)?(?:apellido|nombre(?:\s+del?\s+(?:titular|negocio|empresa))?)(?:\s+del?\s+(?:titular|la\s+cuenta))?"
    r"\s+(?:es|era)\s+|\b(?:est[aá]\s+)?a\s+nombre\s+de\s+|\bbajo\s+el\s+nombre\s+(?:de\s+)?"
    # "el titular es Ramírez-Olvera", "la titular de la cuenta es ...", "el dueño de la cuenta es ..."
    r"|\b(?:el|la)\s+(?:titular|due[ñn][oa])(?:\s+de\s+la\s+cuenta)?\s+(?:es|era)\s+"
    # "el negocio se llama Spicewood Veterinary Clinic", "la empresa se llama ..."
    r"|\b(?:el|la|mi|nuestr[oa])\s+(?:negocio|empresa|compa[ñn][ií]a)\s+se\s+llama\s+"
    # "y el apellido Garza", "apellido: Garza": the name follows the word itself
    r"|\b(?:(?:el|mi|su)\s+)?apellido(?:\s+del?\s+(?:titular|la\s+cuenta))?\s*:?\s+"
    r"(?!(?:es|era|de|del|o|y|que|en|a|no|se)\b)",
    re.I,
)


def introduces_a_name(text: str) -> bool:
    """Does the message say that a name follows ("my last name is", "el apellido es", "a nombre de")?"""
    return bool(_NAME_INTRO_RE.search(text) or _SPANISH_NAME_INTRO_RE.search(text))


def name_after_spanish_intro(text: str) -> str | None:
    """The name after a Spanish introduction ("mi apellido es Garza", "está a nombre de Garza Ranch LLC");
    none when only everyday words follow it ("a nombre de mi esposo": whose it is, not a name)."""
    intro = _SPANISH_NAME_INTRO_RE.search(text)
    if not intro:
        return None
    # "a nombre de la familia O'Brien-Smith": the words that say what the name is are no part of it (in lower
    # case: "a nombre de La Familia Café LLC" is a business's printed name)
    rest = re.sub(r"^\s*(?:la\s+familia|el\s+apellido)\s+", "", text[intro.end():])
    candidate = _name_after_cue(rest, _SPANISH_NAME_STOP_RE)
    if not candidate or not is_plausible_name(candidate) or all(is_common(word) for word in candidate.split()):
        return None
    return candidate


_SPANISH_NAME_STOP_RE = re.compile(
    r"\s*(?:[,;!?]|\by\s+(?:mi|el|la|su)\b|\b(?:correo|email|e-mail|c[oó]digo\s+postal|zip|"
    r"cuenta|n[uú]mero|seguro\s+social)\b|\.\s|\.$|$)", re.I)


_SPANISH_CORRECTION_CUE_RE = re.compile(
    r"\b(?:me\s+equivoqu[eé]|equivoqu[eé]|equivocad[oa]|error|perd[oó]n|corrijo|corregir|correcci[oó]n|"
    r"cambiar|cambio|cambia|est[aá]\s+mal|mal\s+escrito|incorrect[oa]|en\s+realidad|m[aá]s\s+bien|"
    r"mejor\s+dicho|espera|no\s+es\s+(?:ese|esa|as[ií]))\b",
    re.I,
)
_SPANISH_FIELD_WORDS = {
    "email": re.compile(r"\b(?:correo|e-?mail|direcci[oó]n\s+de\s+correo)\b", re.I),
    "account_number": re.compile(r"\b(?:n[uú]mero\s+de\s+cuenta|cuenta)\b", re.I),
    "member_name": re.compile(r"\b(?:apellido|nombre)\b", re.I),
    "security_question": re.compile(r"\bpregunta\b", re.I),
    "security_answer": re.compile(r"\brespuesta\b", re.I),
    "identity_proof": re.compile(r"\b(?:c[oó]digo\s+postal|seguro\s+social|[uú]ltimos\s+(?:4|cuatro))\b", re.I),
}


def spanish_corrections(text: str) -> set[str]:
    """The fields a Spanish correction names ("me equivoqué de correo" -> {"email"})."""
    if not _SPANISH_CORRECTION_CUE_RE.search(text):
        return set()
    return {slot for slot, pattern in _SPANISH_FIELD_WORDS.items() if pattern.search(text)}


def clean_name(value: str) -> str:
    """Strip fillers ("its", "my last name is") and punctuation around a name."""
    value = strip_name_filler(_FILLER_RE.sub("", strip_name_filler(value.strip())))
    value = re.sub(r"\s+", " ", without_spelling_remark(without_remark(value))).strip(" ,;:-!")
    value = value.lstrip(" .")  # "Es el 100. 865. 2288. Sánchez": the number's last period
    wrapped = re.fullmatch(r"[(\[]\s*([^()\[\]]+?)\s*[)\]]\.?", value)
    if wrapped:  # "(Lindqvist)": the brackets only set the name off
        value = wrapped.group(1)
    if value.endswith(".") and not re.search(r"\b(?:inc|co|corp|ltd|jr|sr|st)\.$", value, re.I):
        value = value[:-1]
    return value.strip()


_YES_START_RE = re.compile(
    r"^(?:yes+|y|yeah|yea|ya|yep|yup|sure|ok|okay|accept(?:ed)?|i\s+accept|i\s+agree|agree(?:d)?|i\s+do|"
    r"absolutely|of\s+course|definitely|affirmative)\b",
    re.I,
)
_NOT_PLAIN_YES_RE = re.compile(r"\b(?:not?|don'?t|do\s+not|never|but|if|what|why|how|which|later|wait)\b|\?|n't\b", re.I)


def is_yes(text: str) -> bool:
    """An explicit yes: the whole message, or a yes-word followed by a few words without a
    question, a negation or a condition ("yes that's fine", not "yes but what is it?")."""
    text = text.strip()
    if _YES_RE.match(text):
        return True
    return bool(_YES_START_RE.match(text)) and len(text.split()) <= 7 and not _NOT_PLAIN_YES_RE.search(text)


def is_no(text: str) -> bool:
    text = text.strip()
    return bool(_NO_RE.match(text) or _WRONG_RE.match(text)) and not is_yes(text)


# "the ZIP code on the account is 78620": "on the account" says whose ZIP it is; it is no
# label of the number, which stays the ZIP.
_WHOSE_RE = re.compile(r"\s+(?:on|of|for|in|under)\s+(?:the|my|our|this|that|your)\s+(?:account|acct|bill|file|records?)\b"
                       r"|\s+(?:on\s+file|de\s+(?:la|mi)\s+cuenta|en\s+(?:la|mi)\s+cuenta)\b", re.I)


def _context_before(text: str, start: int, width: int = 28) -> str:
    """The words just before a number, lower-case, without the words that say whose it is."""
    return _WHOSE_RE.sub("", text[max(0, start - width - 24):start])[-width:].lower()


# "a member since 1974", "desde 1998", "en el año 2003": a year is no SSN last 4 ("it ends in
# 1974" still is one; at the proof step four digits always are).
_YEAR_RE = re.compile(r"(?:19|20)\d\d")
_YEAR_BEFORE_RE = re.compile(r"\b(?:since|in|from|year|desde|en|año|ano)\s*$")
_ENDS_IN_RE = re.compile(r"\b(?:ends?|ending|termina|terminan?)\s+(?:in|with|en|con)\s*$")


def _is_year(digits: str, before: str) -> bool:
    return bool(_YEAR_RE.fullmatch(digits) and _YEAR_BEFORE_RE.search(before) and not _ENDS_IN_RE.search(before))


def _classify_digits(digits: str, before: str, requested: str | None) -> str:
    """account | zip | last4 | choice | bad_account | bad_secret | ignore."""
    n = len(digits)
    if re.search(_ZIP_WORDS + r"[\s:#=-]*(?:is|code|was)?[\s:#=-]*$", before):
        return "zip" if n == 5 else ("zip9" if n == 9 else "bad_secret")
    last4_label = re.search("(?:" + _LAST4_WORDS + r")(?P<between>[^\d]{0,20})$", before)
    if last4_label and not re.search(_ZIP_WORDS, last4_label.group("between")):
        # "I don't have his social, is the zip ok? 78013": the ZIP named after the SSN labels the number.
        return "last4" if n == 4 else ("ignore" if n == 1 else "bad_secret")
    if re.search(_ACCOUNT_WORDS + r"[\s:#=-]*(?:is|was)?[\s:#=-]*$", before):
        return "account" if ACCOUNT_MIN <= n <= ACCOUNT_MAX else "bad_account"
    if n == 1:
        return "choice" if digits in "123" else "ignore"
    if ACCOUNT_MIN <= n <= ACCOUNT_MAX:
        if requested == "identity_proof" and n == 9:
            return "zip9"
        return "account"
    if requested == "account_number" or n > ACCOUNT_MAX:
        return "bad_account"
    if n == 5:
        return "zip"
    if n == 4:
        return "ignore" if requested != "identity_proof" and _is_year(digits, before) else "last4"
    if requested == "identity_proof":
        return "bad_secret"
    return "ignore"


def _numbers(text: str, requested: str | None) -> list[tuple[str, str, int, int]]:
    """(kind, digits, start, end) for every number in ``text`` (e-mail addresses removed)."""
    found: list[tuple[str, str, int, int]] = []
    for match in _ZIP4_RE.finditer(text):
        found.append(("zip", match.group(1), match.start(), match.end()))
    taken = [(s, e) for _, _, s, e in found]
    for match in _DIGIT_RUN_RE.finditer(text):
        if any(s <= match.start() < e for s, e in taken):
            continue
        run = match.group(0)
        groups = re.findall(r"\d+", run)
        before = _context_before(text, match.start())
        joined = "".join(groups)
        keyword_account = _ACCOUNT_NAMED_RE.search(before)
        if len(groups) > 1:
            lengths = [len(g) for g in groups]
            formatted = ACCOUNT_MIN <= len(joined) <= ACCOUNT_MAX and min(lengths) >= 2 and (
                "-" in run or "." in run or keyword_account or requested == "account_number"
                or (lengths not in ([5, 4], [4, 5]) and not any(x in (4, 5) for x in lengths[:1]) and min(lengths) >= 3)
            )
            if formatted and (requested != "identity_proof" or keyword_account):
                kind = _classify_digits(joined, before, requested)
                if kind in ("account", "bad_account"):
                    found.append((kind, joined, match.start(), match.end()))
                    continue
            # Separate values: classify each group with its own context.
            for group_match in re.finditer(r"\d+", run):
                g_start = match.start() + group_match.start()
                kind = _classify_digits(group_match.group(0), _context_before(text, g_start), requested)
                found.append((kind, group_match.group(0), g_start, g_start + len(group_match.group(0))))
            continue
        kind = _classify_digits(joined, before, requested)
        found.append((kind, joined, match.start(), match.end()))
    return sorted(found, key=lambda item: item[2])


def _question_choice(text: str) -> tuple[int | None, str | None]:
    """Which security question (1-3) the text picks, and an answer given with it."""
    stripped = text.strip()
    match = _ONE_DIGIT_CHOICE_RE.match(stripped)
    if match and _question_number(match.group(1)):
        number = int(match.group(1))
        # "3 and it's Lake Travis High", "la 2 y es Canela": the word joining the answer to the choice is
        # no part of it (nor is "it's" / "es", read off with the answer's fillers).
        rest = _JOINING_WORDS_RE.sub("", match.group(2)).strip()
        phrase = _question_phrase().match(rest)
        if phrase and number in (named for named, pattern in _question_keywords()
                                 if pattern.search(rest[: phrase.start("answer")])):
            rest = phrase.group("answer").strip(" .,!")  # "2 pet name Rusty": the question's own name, then its answer
        # "la 2, vale pues", "2 okie dokie": agreement with the menu, no answer (``only_agreement``)
        return number, (None if only_agreement(rest) else rest or None)
    lowered = stripped.lower().strip(".!")
    words = lowered.replace("the ", "").split()
    if words and words[0] in _ORDINALS and len(words) <= 3 and _question_number(words[0]):
        return _ORDINALS[words[0]], None
    named = question_named_only(stripped)
    if named:
        return named, None  # "school I went to", "my first pet": the choice in other words, no answer
    phrase = _question_phrase().match(stripped)
    if phrase:
        for number, pattern in _question_keywords():
            if pattern.search(stripped[: phrase.start("answer")] or stripped):
                answer = _JOINING_WORDS_RE.sub("", phrase.group("answer")).strip(" .,!") or None
                if answer and not re.sub(r"[\W_]+", "", _question_words().sub(" ", answer.lower())):
                    answer = None
                return number, answer
    rest = _question_words().sub(" ", lowered)
    rest_words = re.sub(r"[^\w]+", " ", rest).split()
    if len(rest_words) == 1 and _question_number(rest_words[0]):
        return _question_number(rest_words[0]), None  # "I'll pick 2", "number two"
    keyword = next((number for number, pattern in _question_keywords() if pattern.search(stripped)), None)
    if keyword is None:
        # "Mi escuela fue la secundaria Benito Juárez", "tenía un perro que se llamaba Firulais": the
        # question named in Spanish and its answer given, read as at the answer step.
        chosen = read_choice(stripped, security_question_words())
        in_sentence = answer_in_sentence(stripped, chosen) if chosen else None
        return (chosen, in_sentence) if in_sentence else (None, None)
    if not re.sub(r"[\W_]+", "", rest) or question_named_only(stripped) == keyword:
        # only words that name a question: "i'll do the high school one", "what high school I went to"
        return keyword, None
    in_sentence = answer_in_sentence(stripped, keyword)
    if in_sentence:
        # "Mi escuela fue la secundaria Benito Juárez", "tenía un perro que se llamaba Firulais": the
        # question named and its answer given, read as at the answer step.
        return keyword, in_sentence
    if keyword == 3 and len(stripped.split()) <= 6:
        return 3, stripped  # "Lehman High", "Westlake High School": the answer to question 3
    return None, None


# A security answer given before its question ("my dog's name is Rufus" at the ZIP step),
# introduced by one of its question's ``answer_intros`` (``common.security_questions``).
_ANSWER_STOP = (r"(?P<answer>[^,;.!?]+?)\s*(?=$|[,;.!?]|\s+and\s+(?:my|the|email|zip|acct|account|ssn|last|i)\b"
                r"|\s+y\s+(?:mi|el|la|su)\b|\s+e\s+(?:meu|minha|ela|ele)\b)")


@functools.cache
def _early_answer_res(questions: tuple[security_questions.SecurityQuestion, ...]) -> tuple[tuple[int, re.Pattern[str]], ...]:
    return tuple((number, re.compile(r"\b" + (intro if "(?P<answer>" in intro else intro + r"\s*" + _ANSWER_STOP), re.I))
                 for number, question in enumerate(questions, start=1) for intro in question.answer_intros)


def _early_answer(text: str) -> tuple[int, str, int, int] | None:
    """(question, answer, start, end) of an answer introduced by its question's words."""
    for number, pattern in _early_answer_res(security_questions.QUESTIONS):
        match = pattern.search(text)
        answer = _answer_read_out(match.group("answer")) if match else None
        if answer:
            return number, answer, match.start(), match.end()
    return None


@functools.cache
def _sentence_answer_res(questions: tuple[security_questions.SecurityQuestion, ...]) -> tuple[tuple[int, re.Pattern[str]], ...]:
    return _early_answer_res(questions) + tuple(
        (number, re.compile(r"\b" + (intro if "(?P<answer>" in intro else intro + r"\s*" + _ANSWER_STOP), re.I))
        for number, question in enumerate(questions, start=1) for intro in question.sentence_intros)


# Where a new clause starts after an answer read out of a sentence ("Villarreal, de una familia de
# Monterrey", "Kowalski and she was from Chicago", "Lanier High in Austin", "Benito Juárez allá en
# Monterrey"). "de la" / "de los" stay: they start surnames ("de la Garza").
_CLAUSE_AFTER_ANSWER_RE = re.compile(
    r"\s+(?:(?:and|y|but|pero|so)\s+(?:she|he|it|they|we|i|her|his|its|my|our|was|is|ella|él|ellos|nosotros|yo|"
    r"era|fue|es|su|sus|mi|mis|se|lo|le|ten[ií]a)|who|which|that|where|when|because|since|from|in|at|que|quien|"
    r"quienes|donde|cuando|porque|desde|en|de\s+(?:una?|mi|su)|all[aá]|aqu[ií]|ac[aá]|there|here"
    # Portuguese: "Rex e ele era ...", "São José em Campinas", "Souza, de uma família ..."
    r"|(?:e|mas)\s+(?:ela|ele|eu|era|foi|tinha|meu|minha|seu|sua)|em|onde|quando)\b.*$", re.I | re.S)


def answer_in_sentence(text: str, question: int) -> str | None:
    """The answer to question ``question`` read out of a sentence that names it ("Mi madre se llamaba
    Guadalupe y su apellido de soltera era Villarreal, de una familia de Monterrey" -> "Villarreal",
    "my pet was a dog called Biscuit" -> "Biscuit"), by its ``answer_intros`` and ``sentence_intros``;
    None when no intro is there or what follows it is too long to be the answer."""
    # "she went to St. Thomas More": the dot of an abbreviation ends no sentence.
    protected = ABBREVIATION_DOT_RE.sub(lambda m: m.group(1) + "\x00", text)
    for number, pattern in _sentence_answer_res(security_questions.QUESTIONS):
        match = pattern.search(protected) if number == question else None
        if not match or (match.groupdict().get("lower_case") and not may_be_a_pet_s_name(match["lower_case"])):
            continue  # "our dog once", "un perro negro": no name after the pet's kind
        answer = _answer_read_out(match.group("answer").replace("\x00", "."))
        if answer:
            return answer
    return None


def _answer_read_out(words: str) -> str | None:
    """What follows an answer's intro, up to the next clause ("Lanier High in Austin" -> "Lanier
    High"), or None: a clause right after the intro ("fui a la prepa en Monterrey", "allá en ..."),
    the question's own words ("I went to high school in Austin" -> "high school") and a text too
    long to be an answer are no answer."""
    answer = _CLAUSE_AFTER_ANSWER_RE.sub("", " " + words).strip(" .,!'\"")
    named = re.search(r"[^\W_]", _question_words().sub(" ", answer))
    return answer if named and len(answer.split()) <= ANSWER_MAX_WORDS else None


def only_a_place_after_the_question(answer: str, question: int) -> bool:
    """ "preparatoria en Monterrey", "high school in Austin": the question's own words and then a
    new clause (a place, "when ...") name no answer, whatever is left once the sentence's intro is
    gone ("fui a la preparatoria en Monterrey"). Never stored unasked: the answer alone is asked."""
    pattern = security_question_words().get(question)
    rest = pattern.sub(" ", plain(answer)).strip() if pattern else ""
    return rest != plain(answer).strip() and bool(_CLAUSE_AFTER_ANSWER_RE.match(" " + rest))


def without_answer_intro(answer: str, question: int) -> str:
    """ "my first car was a Ford" -> "Ford": the words that introduce an answer to question
    ``question`` (its ``answer_intros``) are no part of the answer; the rest is kept whole. A rest
    that starts a new clause ("fui a la preparatoria en Monterrey") holds no answer: the text is
    kept whole, a sentence the member is asked to send the answer alone for."""
    chosen = security_questions.by_number(question)
    for intro in chosen.answer_intros if chosen else ():
        match = None if "(?P<answer>" in intro else re.match(r"\s*(?:" + intro + r")\s*", answer, re.I)
        rest = answer[match.end():].strip() if match else ""
        if rest and not _CLAUSE_AFTER_ANSWER_RE.match(" " + rest):
            return rest
    return answer


def _question_words() -> re.Pattern[str]:
    """Words around a choice that are no answer: fillers, and the words that mention a
    question (each question's ``mentions``)."""
    return _question_words_of(security_questions.QUESTIONS)


@functools.cache
def _question_words_of(questions: tuple[security_questions.SecurityQuestion, ...]) -> re.Pattern[str]:
    mentions = "|".join(mention for question in questions for mention in question.mentions)
    return re.compile(
        r"\b(?:i'?ll|i\s+will|i'?d|i\s+would|like|do|pick|picking|use|take|choose|go\s+with|want|the|my|a|an|one|"
        r"question|option|please|ok|okay|what|which|is|was|did|you|attend|attended|name|names|"
        r"for|me|about|let'?s|lets|with|how|number|no|go|give|get|select|choice|guess|think|#|" + mentions
        + r")\b|'s\b|#",
        re.I,
    )


# "register 6001112223 peterson", "sign me up acct ... garza": the request is no part of the name.
_REQUEST_WORDS_RE = re.compile(
    r"^\s*(?:(?:hi|hello|hey|ok|okay|yes)[\s,!.]+)*(?:(?:please|pls|plz|i\s+want\s+to|i\s+wanna|i'?d\s+like\s+to)\s+)?"
    r"(?:register(?:\s+me)?|sign\s*(?:me\s+)?up|signup|enroll(?:\s+me)?)(?:\s+(?:please|pls|plz|for\s+online\s+access))?"
    r"(?:[\s,.:!-]+|$)",
    re.I,
)


def _name_from(text: str, requested: str | None, leftover: str, account_sentence: str | None = None) -> str | None:
    """A last name or business name introduced by words ("last name garza") or, when the
    member is answering the name question or gave an account number, the plain leftover text;
    in a longer message, the one name a business name, the account number's own sentence or
    the writer's signature gives (``account_sentence``: the sentence that holds the number)."""
    if requested == "member_name":
        # "ya lo encontré 1008437701 hoffmann": the plain name right beside the number first.
        return _name_beside_account(account_sentence) or name_at_name_step(text, leftover)
    introduced = (business_acted_for(text) or titled_self_introduction(text) or name_after_spanish_intro(text)
                  or name_on_the_bill(text) or business_given(text) or name_the_account_is_for(text)
                  or business_named(text) or relative_named(text))
    if introduced:
        return introduced
    intro = _NAME_INTRO_RE.search(text)
    if intro and not re.match(r"\s*(?:is\s+)?(?:on|in)\b", text[intro.end():], re.I):
        # "held under the surname O'Brien-Smith": the words that say a name follows are no part of it
        candidate = _name_after_cue(_without_name_intro(text[intro.end():]))
        if candidate and is_plausible_name(candidate):
            return candidate
    if requested in ("member_name", "account_number", None):
        candidate = clean_name(leftover if requested == "member_name" else _REQUEST_WORDS_RE.sub("", leftover))
        if candidate and is_plausible_name(candidate):
            if requested == "member_name" or (looks_like_bare_name(candidate) and _one_clause(text)
                                              and not _framing_only(candidate)
                                              and not _part_of_the_request(candidate, text, account_sentence)
                                              and not _introduces_one_acting_for_another(leftover, text)):
                return _only_the_name_beside(candidate, account_sentence)
        business = _business_name(text)
        if business:
            return _only_the_name_beside(business, account_sentence)
        return _name_beside_account(account_sentence) or _signed_name(text)
    return None


# "The bill says Ridgeway Community Church, account 8100000131", "el recibo dice Iglesia Bautista
# Emanuel": what the bill says, before the number, is the name printed on it.
_BILL_SAYS_RE = re.compile(
    r"\b(?:(?:the|my|our|on\s+the)\s+)?(?:bill|statement|invoice)\s+(?:it\s+)?(?:says|reads|shows)\s+"
    r"|\b(?:(?:en\s+)?(?:el|mi)\s+recibo|(?:en\s+)?(?:la|mi)\s+factura|(?:en\s+)?el\s+bill)\s+(?:dice|sale|viene|aparece)\s+",
    re.I)


def name_on_the_bill(text: str, asked: bool = False) -> str | None:
    """The name a member reads off the bill ("The bill says Ridgeway Community Church, account ...").
    Only a name that plainly is one: "the bill says past due" or "it says account number ..." names
    nothing, and costs no try. Unasked, it must be written as printed, with a capital; when the name
    was ``asked`` (the name step), members texting in lower case read it off too ("the bill says
    garza", "el recibo dice garza")."""
    said = _BILL_SAYS_RE.search(text)
    if not said:
        return None
    candidate = _name_after_cue(text[said.end():], _NAME_STOP_RE)
    if candidate and (asked or candidate[0].isupper()) and looks_like_bare_name(candidate):
        return candidate
    return None


# "We're a small winery, Blue Heron Vineyards", "our church, Ridgeway Community Church", "somos el rancho
# El Nopal": the writer's own business, named; its kind ("winery", "rancho") must be a business word.
_BUSINESS_GIVEN_RE = re.compile(
    r"\b(?:we'?re|we\s+are|our|somos|nuestr[oa])\s+(?:(?:a|an|the|el|la|un|una|small|little|family|local|old|"
    r"peque[ñn][oa]|familiar)\s+)*(?P<kind>[^\W\d_][\w-]*)(?:\s+(?:familiar|peque[ñn][oa]))?"
    r"(?P<sep>\s*[,:–—-]\s*|\s+(?:called\s+|llamad[oa]\s+)?)",
    re.I)


def business_given(text: str) -> str | None:
    """The name of the writer's business as the message gives it ("We're a small winery, Blue Heron
    Vineyards"; "somos el rancho El Nopal" gives "Rancho El Nopal", the kind right before the name being
    part of it). Only a business's name, written as printed (``looks_like_business_name``): a writer who
    introduces themselves may act for another, so a person's name is never kept this way."""
    for given in _BUSINESS_GIVEN_RE.finditer(text):
        if not has_business_word(given.group("kind")):
            continue
        rest = ABBREVIATION_DOT_RE.sub(lambda m: m.group(1) + "\x00", text[given.end():])  # "St. Mark's Chapel"
        candidate = printed_words(re.split(r"[,;:!?()]|\.(?:\s|$)", rest)[0].replace("\x00", "."))
        if candidate and not has_business_word(candidate) and not re.search(r"[,:–—-]", given.group("sep")):
            candidate = given.group("kind").capitalize() + " " + candidate  # "el rancho El Nopal"
        if candidate and looks_like_business_name(candidate):
            return candidate
    return None


# "Soy el pastor de la Iglesia Bautista Getsemani", "I'm the treasurer of Grace Fellowship Church": the
# writer acts for the business named after "of" / "de" (its role may hold the writer's own name).
_ACTS_FOR_RE = re.compile(
    r"\b(?:i'?m|i\s+am|this\s+is|(?:yo\s+)?soy)\s+(?:(?:the|el|la|a|an|un|una)\s+)?"
    r"(?:[^\W\d_][\w'’.-]*,?\s+){1,5}?(?:of|for|at|de|del)\s+(?:(?:the|el|la|los|las|nuestr[oa])\s+)?",
    re.I)


def business_acted_for(text: str) -> str | None:
    """The business the writer acts for, named after "of" / "de" ("Soy el pastor de la Iglesia
    Bautista Getsemani" gives "Iglesia Bautista Getsemani"): the account's name, checked with the
    number like a name typed. Only a business's name as printed (``looks_like_business_name``): a
    person's name, the writer's own or another's ("I'm the wife of John Smith"), never."""
    for acts in _ACTS_FOR_RE.finditer(text):
        rest = ABBREVIATION_DOT_RE.sub(lambda m: m.group(1) + "\x00", text[acts.end():])
        candidate = printed_words(re.split(r"[,;:!?()]|\.(?:\s|$)", rest)[0].replace("\x00", "."))
        if candidate and looks_like_business_name(candidate):
            return candidate
    return None


# "need to set up online acct for Lone Star Pump & Well, acct 25006812": the account (or the access) is
# for the name printed after "for" / "de" / "para".
_ACCOUNT_FOR_RE = re.compile(
    r"\b(?:acct|account|access|login|registration|cuenta|acceso|registro)\s+(?:for|de|para)\s+(?:(?:the|el|la)\s+)?",
    re.I)


# "la cuenta del negocio, Lone Star Pump & Well Company", "the business is Lone Star Pump & Well Co", "la
# razón social es The Pedernales Vineyard Inc.": words that say the account is a business's, then its name.
_BUSINESS_NAMED_RE = re.compile(
    r"\b(?:(?:la\s+)?cuenta\s+(?:es\s+)?del?\s+(?:la\s+)?(?:negocio|empresa|compa[ñn][ií]a|cl[ií]nica|tienda)"
    r"|(?:el|la|mi|nuestr[oa])\s+(?:negocio|empresa|compa[ñn][ií]a)\s+es"
    r"|(?:la\s+)?raz[oó]n\s+social\s+es"
    r"|(?:the|my|our)\s+(?:business|company)(?:'s)?(?:\s+name)?(?:\s+account)?(?:\s+(?:is|was))?(?=\s*[,:–—-]|\s+[A-Z])"
    r"|(?:the\s+)?account\s+(?:is\s+)?(?:for|of)\s+(?:the|my|our)\s+business)"
    r"\s*(?:is\s+|was\s+)?[,:–—-]?\s*")


def business_named(text: str) -> str | None:
    """The business's name after words that say the account is a business's ("la cuenta del negocio, Lone
    Star Pump & Well Company", "the business is ...", "la razón social es The Pedernales Vineyard Inc."):
    its capitalised words as printed, a leading "The" kept (the backend's name key ignores it, and the
    reply says the name as the member wrote it). Kept for the number like any name said before it."""
    for named in _BUSINESS_NAMED_RE.finditer(text):
        rest = ABBREVIATION_DOT_RE.sub(lambda m: m.group(1) + "\x00", text[named.end():])
        candidate = printed_words(re.split(r"[,;:!?()]|\.(?:\s|$)", rest)[0].replace("\x00", "."))
        if (candidate and is_plausible_name(candidate) and not says_when(candidate)
                and (has_business_word(candidate) or not all(is_common(word) for word in candidate.split()))):
            return candidate
    return None


# "la cuenta de mi mama, she is Krause", "de mi papá, él es Ortiz", "my mom's, her name is Krause": the
# person the account is for, then who that is.
_RELATIVE_NAMED_RE = re.compile(
    r"\b(?:mi|my|su|his|her)\s+(?:mam[aá]|mom|mother|madre|pap[aá]|dad|father|padre|abuel[oa]|grandma|grandpa|"
    r"grandmother|grandfather|espos[oa]|husband|wife|suegr[oa]|t[ií][oa]|aunt|uncle|herman[oa]|brother|sister|"
    r"hij[oa]|son|daughter)(?:'s)?\b[^.;!?\d]{0,40}?[,:]?\s*"
    r"(?:she\s+is|he\s+is|she'?s|he'?s|ella\s+es|[ée]l\s+es|se\s+(?:llama|apellida)|(?:her|his)\s+(?:last\s+)?name\s+is|"
    r"su\s+apellido\s+es)\s+",
    re.I)


def relative_named(text: str) -> str | None:
    """The surname of the relative whose account it is, said before the number ("la cuenta de mi mama, she
    is Krause"): one or two capitalised words that are no everyday words ("she is at work" names no one)."""
    for named in _RELATIVE_NAMED_RE.finditer(text):
        candidate = printed_words(re.split(r"[,;:!?()]|\.(?:\s|$)", text[named.end():])[0])
        words = candidate.split()
        if (0 < len(words) <= 3 and is_plausible_name(candidate) and not says_when(candidate)
                and not any(is_common(word) for word in words)):
            return candidate
    return None


def name_the_account_is_for(text: str) -> str | None:
    """The name the account is said to be for, written as printed with a capital ("online acct for Lone
    Star Pump & Well" gives "Lone Star Pump & Well"); "account for my mom" names no one, nor does "registration
    for March" (a time, ``says_when``), and neither costs a try."""
    for found in _ACCOUNT_FOR_RE.finditer(text):
        rest = ABBREVIATION_DOT_RE.sub(lambda m: m.group(1) + "\x00", text[found.end():])
        candidate = printed_words(re.split(r"[,;:!?()]|\.(?:\s|$)", rest)[0].replace("\x00", "."))
        if (candidate and is_plausible_name(candidate) and not is_common(candidate.split()[0])
                and not says_when(candidate)):
            return candidate
    return None


def _only_the_name_beside(candidate: str, account_sentence: str | None) -> str:
    """The words left around the number hold the name right after it and words of the request
    before it ("hola, registro por favor: cuenta 50010024 Núñez", "la cuenta es del rancho:
    50010035, Hartley Ranch LLC"): only the name beside the number names the member; the words
    before it would be said back as part of the name (the backend forgives given names before a
    last name, so they still match)."""
    beside = _name_beside_account(account_sentence)
    if beside and plain(candidate) != plain(beside) and plain(candidate).endswith(" " + plain(beside)):
        return beside
    return candidate


def _name_after_cue(rest: str, stop_at: re.Pattern[str] | None = None) -> str:
    """The name after the words that introduce it: the first clause ("Garza, and my e-mail
    ..."), or when that is no bare name ("still my husband's, Garza, Ernesto Garza") the
    bare name of the sentence that is a last name alone, else the shortest. One candidate."""
    # "Mr. Bartholomew Fairbanks": a title's (or an initial's) dot ends no clause.
    protected = ABBREVIATION_DOT_RE.sub(lambda m: m.group(1) + "\x00", rest)
    stop = (stop_at or _NAME_STOP_RE).search(protected)
    candidate = clean_name((protected[: stop.start()] if stop else protected).replace("\x00", "."))
    if not candidate or looks_like_bare_name(candidate):
        return candidate
    sentence = _clauses(re.split(r"[.!?;](?:\s|$)", ABBREVIATION_DOT_RE.sub(lambda m: m.group(1) + "\x00", rest))[0]
                        .replace("\x00", "."))
    named = [name for name in (clean_name(clause) for clause in sentence) if name and looks_like_bare_name(name)]
    return min(named, key=lambda name: len(name.split())) if named else candidate


# "I do the books for Garza Ranch LLC": the words before a legal form, back to the first common
# word, are a business name wherever they stand.
_BUSINESS_NAME_RE = re.compile(
    r"((?:[^\W\d_][\w'’.-]*\s+|&\s+){1,6}(?:llc|l\.l\.c\.?|inc\.?|corp\.?|co\.|ltd\.?|lp|llp|pllc))(?![\w])", re.I)


def _business_name(text: str) -> str | None:
    """A business name closed by its legal form ("Garza Ranch LLC"), without the words of the
    sentence before it ("I do the books for")."""
    found = _BUSINESS_NAME_RE.search(text)
    if not found:
        return None
    words = found.group(1).split()
    start = len(words) - 1
    while start > 0:
        before = words[start - 1]
        if before == "&" or not is_common(before):
            start -= 1
        elif before.lower() in NAME_CONNECTORS and start >= 2 and not is_common(words[start - 2]):
            start -= 2  # "Hill Country Feed and Seed Inc": "and" between two words of the name
        else:
            break
    if start > 0 and any(word[:1].isupper() for word in words[start:]):
        # "Administro las cabañas Blanco River Cabins L.L.C.": in a sentence, a name printed with capitals
        # starts at its first capital; sent alone ("blanco River Cabins L.L.C.") it is all name
        while words[start][:1].islower():
            start += 1
    candidate = " ".join(words[start:])
    return candidate if looks_like_bare_name(candidate) else None


def _framing_only(words: str) -> bool:
    """Words that come unasked beside a value and only frame it ("es el", "dale", "ok pues", "here
    you go"): never a name there, even one word that is also a surname ("Dale"), which is a name
    only when sent alone to the name question."""
    return only_filler_words(words) or only_address_or_acknowledgement(words)


def _part_of_the_request(candidate: str, text: str, account_sentence: str | None) -> bool:
    """Are the candidate's words the tail of a sign-up request in its own sentence ("Hello I'd like
    to register for the online account thing. Account ...", "quiero registrar la cuenta nueva.
    Cuenta ...")? The word "account" there labels no number, yet it splits the request so that
    its last words ("thing", "nueva") stand alone like a name: they are the request's, and
    checking them would spend a name try on a message that gave no name. A name in the
    number's own sentence ("I want to register, account ... Garza") is still read."""
    def words(value: str) -> list[str]:
        return re.findall(r"[^\W\d_][\w'’-]*", plain(value))

    def holds(value: str) -> bool:
        """Does ``value`` hold the candidate's words in a row?"""
        held = words(value)
        return any(held[i:i + len(wanted)] == wanted for i in range(len(held)))

    wanted = words(candidate)
    if not wanted or holds(account_sentence or ""):
        return False
    return any(names_a_sign_up(sentence) and holds(sentence)
               for sentence in re.split(r"[.!?;]+(?:\s+|$)", ABBREVIATION_DOT_RE.sub(lambda m: m.group(1), text)))


def _name_beside_account(sentence: str | None) -> str | None:
    """In a message of several sentences, a bare name in the sentence that holds the account
    number ("hi i want to register my account online. 1001234567, Garza")."""
    if not sentence:
        return None
    after = re.search(r"\d[\d -]*\d(?:\s*[,:]\s*|\s+)([^\d,.;:!?]+)", sentence)
    if after:
        # "ya lo encontré 1008437701 hoffmann", "la primera es 3100000101, Pena": the plain name
        # right after the number (a comma or colon between them or not) is the one candidate,
        # whatever words came before it; so is a name the words right after the number introduce
        # ("5201000001 the bill says zamora", "cuenta 5201000001 apellido Cavazos").
        candidate = clean_name(_KEYWORD_PHRASE_RE.sub(" ", _up_to_the_next_field(_without_name_intro(after.group(1)))))
        if candidate and not _framing_only(candidate) and looks_like_bare_name(candidate):
            return candidate
        # "acct 25006812 - Lone Star Pump and Well Co": a business's name as printed right after the
        # number is the name, even with an everyday word in it ("Well").
        printed = printed_words(after.group(1).lstrip(" -–—"))
        if looks_like_business_name(printed):
            return printed
    words = _KEYWORD_PHRASE_RE.sub(" , ", re.sub(r"\d[\d -]*\d|\d", " , ", sentence))
    parts = [clean_name(_REQUEST_WORDS_RE.sub("", part)) for part in _clauses(words)]
    parts = [part for part in parts if part and not _framing_only(part)]
    return parts[0] if len(parts) == 1 and looks_like_bare_name(parts[0]) else None


def _up_to_the_next_field(words: str) -> str:
    """``words`` up to the words that start the next field, in English or Spanish ("Cavazos correo
    ...", "zamora and my email ...", "Garza código postal ..."): the name ends there."""
    stops = [stop.search(words) for stop in (_NAME_STOP_RE, _SPANISH_NAME_STOP_RE)]
    return words[:min(stop.start() for stop in stops if stop)]


def _without_name_intro(words: str) -> str:
    """``words`` without the words at their start that say a name follows ("the bill says", "name",
    "last name is", "a nombre de", "apellido", "el recibo dice"): what follows them is read as the
    name, still only when it plainly is one ("the bill says past due" names nothing)."""
    for intro in (_BILL_SAYS_RE, _SPANISH_NAME_INTRO_RE, _NAME_INTRO_RE, _OF_BEFORE_A_NAME_RE):
        found = intro.match(words.strip())
        if found:
            return words.strip()[found.end():]
    return words


# "la cuenta es 1008437701 de Hoffmann": a "de" written small right after the number says whose the
# account is, so it is no part of the name (the reply says "a nombre de Hoffmann", never "de de
# Hoffmann"); "de la Cruz", "de los Santos" keep their particles.
_OF_BEFORE_A_NAME_RE = re.compile(r"del?\s+(?!(?:la|las|los|el|lo)\b)(?=[^\W\d_])")


# A full name that signs a letter or introduces its writer ("This is Maria Garza.", "Sincerely,
# Maria Garza", "Atentamente, María Garza"): its last word is the one candidate.
_FULL_NAME = r"(?P<name>[^\W\d_][\w'’-]*(?:\s+[^\W\d_][\w'’-]*){1,2})"
_SIGNED_NAME_RES = (
    re.compile(r"\b(?:sincerely|regards|best\s+regards|kind\s+regards|respectfully|yours\s+truly|cordially|"
               r"thank\s+you|thanks|atentamente|saludos(?:\s+cordiales)?|gracias)\s*[,.!-]*\s+" + _FULL_NAME
               + r"\s*[.!]*\s*$", re.I),
    re.compile(r"(?:^|[.!?,]\s*)(?:this\s+is|soy|me\s+llamo)\s+" + _FULL_NAME
               + r"\s*(?:[.!,;]|$)", re.I),
)


# The writer acts for someone else (a church, a business, a parent): the writer's own name is no
# name of the account ("this is Walter Abernathy, the treasurer of Ridgeway Community Church").
_ACTS_FOR_ANOTHER_RE = re.compile(
    r"\b(?:treasurer|bookkeeper|secretary|accountant|office\s+manager|manager|pastor|caregiver|on\s+behalf\s+of|"
    r"for\s+(?:my|our)\s+(?:mom|mother|dad|father|parents?|grandm\w+|grandf\w+|church|business|company|boss|employer)|"
    r"church|ranch|farm|dairy|llc|inc|corp|company|tesorer[oa]|contador[a]?|secretari[oa]|gerente|encargad[oa]|"
    r"administrador[a]?|de\s+parte\s+de|iglesia|rancho|granja|negocio|empresa|"
    r"(?:de|para)\s+mi\s+(?:mam[aá]|madre|pap[aá]|padre|abuel[oa]|jefe))\b", re.I)


_SELF_INTRODUCTION_RE = re.compile(
    r"^\W*(?:(?:hola|hi|hello|hey|buenas(?:\s+tardes|\s+noches)?|buenos\s+d[ií]as)\W+)*"
    r"(?:soy|me\s+llamo|mi\s+nombre\s+es|this\s+is|i'?m|i\s+am|my\s+name\s+is)\b", re.I)


# "Hola, soy la Sra. Hernández", "this is Mrs. Kessler", "me llamo Dr. Ortiz": a title after the words of a
# self-introduction; the name is the words after the title (the backend accepts given names before the surname).
_TITLED_SELF_RE = re.compile(
    r"\b(?:(?:soy|yo\s+soy|i'?m|i\s+am|this\s+is|me\s+llamo|mi\s+nombre\s+es|my\s+name\s+is)\s+(?:(?:el|la)\s+)?"
    r"(?:" + "|".join(sorted(TITLES, key=len, reverse=True)) + r")\b\.?"
    # "me llamo Jose Robles", "my name is Jose Robles": the writer's own full name, no title needed
    r"|(?:me\s+llamo|mi\s+nombre\s+es|my\s+name\s+is))\s+"
    r"(?P<name>[^\W\d_][\w'’-]*\.?(?:\s+[^\W\d_][\w'’-]*\.?){0,3})",
    re.I)


def titled_self_introduction(text: str) -> str | None:
    """The name after a title the writer introduces themselves with ("soy la Sra. Hernández" -> "Hernández"),
    unless the writer acts for another (then it is no account's name). Only the words that are no common
    words ("soy la Sra. Hernández y quiero ..." stops before "y quiero")."""
    found = _TITLED_SELF_RE.search(text)
    if not found or _ACTS_FOR_ANOTHER_RE.search(text):
        return None
    kept: list[str] = []
    for word in found.group("name").split():
        if is_common(word) and word.lower() not in NAME_CONNECTORS | {"de", "del", "la", "las", "los", "van", "von"}:
            break
        if word.endswith(".") and len(word) > 2:  # "Hernández." ends the sentence; "J." is an initial
            kept.append(word[:-1])
            break
        kept.append(word)
    while kept and (is_common(kept[-1])):
        kept.pop()  # "Hernández y" -> "Hernández"
    candidate = " ".join(kept)
    return candidate if candidate and looks_like_bare_name(candidate) else None


# "Hello this is Dorothy Johnson", "my name is Dorothy Johnson", "hola, soy Dorothy Johnson", "me llamo
# Dorothy Johnson": the writer's own name, capitalised as names are written, right after the words of a
# self-introduction (at the start, after a greeting or after a sentence's end).
_INTRODUCED_NAME_RE = re.compile(
    r"(?:^|[.!?,;]\s*|\b(?:hola|hi|hello|hey|buenas(?:\s+tardes|\s+noches)?|buenos\s+d[ií]as|good\s+\w+)\W+)"
    r"(?P<words>this\s+is|(?:yo\s+)?soy|me\s+llamo|mi\s+nombre\s+es|my\s+name\s+is)\s+"
    r"(?P<name>[^\W\d_][\w'’-]*(?:\s+[^\W\d_][\w'’-]*){0,2})", re.I)


def introduced_name(text: str | None) -> str | None:
    """The writer's own name a self-introduction gives ("Hello this is Dorothy Johnson" -> "Dorothy
    Johnson"), or None: names only as written, each word capitalised and no common word ("this is my
    first time", "soy nuevo" are none), a given name and a surname (a given name alone is no account's
    name), and never the name of one who writes for another (a treasurer, a daughter)."""
    text = text or ""
    found = _INTRODUCED_NAME_RE.search(text)
    if not found or _ACTS_FOR_ANOTHER_RE.search(text):
        return None
    words = []
    for word in found.group("name").split():
        if not word[0].isupper() or is_common(word):
            break
        words.append(word)
    if len(words) < 2:
        return None  # "Hi this is Dorothy": a given name alone would be no account's name
    candidate = " ".join(words)
    return candidate if looks_like_bare_name(candidate) else None


def _introduces_one_acting_for_another(words: str, text: str) -> bool:
    """ "soy Walter Abernathy, tesorero de la Iglesia ...": the writer introduces themselves and acts
    for someone else, so the name they give is their own, not the account's."""
    return bool(_SELF_INTRODUCTION_RE.match(words) and _ACTS_FOR_ANOTHER_RE.search(text))


def _signed_name(text: str) -> str | None:
    """The last name of the writer's full name (a signature or "This is <first> <last>"), unless the
    writer acts for someone else (``_ACTS_FOR_ANOTHER_RE``): then only a name the message says is on
    the account or the bill counts."""
    if _ACTS_FOR_ANOTHER_RE.search(text):
        return None
    for pattern in _SIGNED_NAME_RES:
        found = pattern.search(text)
        if found and looks_like_bare_name(found.group("name")):
            return found.group("name").split()[-1]
    return None


# --- names inside a sentence at the name step --------------------------------------------------
# One message buys one guess: the clauses of a message are read for the one that plainly is a
# name (actions.name_words.looks_like_bare_name).
_SUFFIX_COMMA_RE = re.compile(r",\s*(?=(?:llc|l\.l\.c\.|inc|co|corp|ltd|lp|llp|pllc)\b)", re.I)  # "Garza Ranch, LLC"
_CLAUSE_SPLIT_RE = re.compile(r"[.!?;]+(?:\s+|$)|,\s*|\s+(?:or|o)\s+|\s*/\s*", re.I)


def _clauses(text: str) -> list[str]:
    """The clauses of a message, split at sentence punctuation, commas and "or" (abbreviations
    such as "St." or "Inc." and initials keep their dot)."""
    protected = ABBREVIATION_DOT_RE.sub(lambda m: m.group(1) + "\x00", text)
    return [part.replace("\x00", ".").strip() for part in _CLAUSE_SPLIT_RE.split(protected) if part.strip(" \x00")]


def _one_clause(text: str) -> bool:
    """Do the words around the numbers make one clause? Polite clauses ("hi.", "gracias.") and
    the account words do not count; "let me get my glasses. it says account no. ..." is two."""
    rest = _KEYWORD_PHRASE_RE.sub(" ", text)
    protected = ABBREVIATION_DOT_RE.sub(lambda m: m.group(1) + "\x00", rest)
    sentences = [part for part in re.split(r"[.!?;]+(?:\s+|$)", protected) if part.strip(" ,\x00")]
    return sum(not only_filler_words(part.replace("\x00", " ")) for part in sentences) <= 1


# Words that introduce the name at the name step, strongest first: the name's own words, then
# a plain "it is" / "es" / "I said".
_NAME_STEP_STRONG_RE = re.compile(
    r"\b(?:(?:my|the|our|his|her|its)\s+)?(?:last\s*name|lastname|surname|family\s+name|business\s+name|"
    r"company\s+name|account\s+name|name)(?:\s+(?:on|of|for|in|under)\s+(?:(?:the|my|our|this|that)\s+"
    r"(?:account|acct|bill)|it))?\s*(?:is|was|=|:|-)\s*"
    r"|\b(?:last\s*name|lastname|surname|apellidos?)\s+",
    re.I,
)
_NAME_STEP_WEAK_RE = re.compile(
    r"\b(?:it\s+is|it\s+was|it'?s|that'?s|that\s+is|i\s+(?:already\s+|just\s+)?(?:said|told\s+you|wrote|"
    r"sent|gave\s+you|put)|(?:like|as)\s+i\s+(?:said|told\s+you)|es|era|dije|puse|escrib[ií])\s*[:,]?\s+"
    r"(?:(?:that|que)\s+)?",
    re.I,
)
_NEGATED_BEFORE_RE = re.compile(r"\b(?:no|not|isn'?t|wasn'?t|nunca)\s*$", re.I)
# A name said first, then what it is ("Kowalczyk is the last name", "Garza es mi apellido"), in its own clause.
_NAME_THEN_LABEL_RE = re.compile(
    r"(?:^|[.!?;,:]\s*)(?P<name>[^.!?;,:]+?)\s+(?:is|es)\s+(?:the|my|our|el|mi|su|nuestro)\s+"
    r"(?:last\s*name|lastname|surname|family\s+name|business\s+name|apellido)\b",
    re.I,
)


def _introduced_at_name_step(text: str) -> str | None:
    """The first name introduced by words, strongest introduction first; a negated one ("no es
    Garza") or one that starts with a common word ("it is on my bill") is no candidate."""
    titled = titled_self_introduction(text) or name_the_account_is_for(text)
    if titled:
        return titled
    spanish = name_after_spanish_intro(text)
    if spanish and not is_common(spanish.split()[0]):
        return spanish
    on_the_bill = name_on_the_bill(text, asked=True)
    if on_the_bill:
        return on_the_bill
    for then_label in _NAME_THEN_LABEL_RE.finditer(text):
        candidate = then_label["name"].strip()
        if is_plausible_name(candidate) and not is_common(candidate.split()[0]):
            return candidate
    for cue in (_NAME_STEP_STRONG_RE, _NAME_INTRO_RE, _NAME_STEP_WEAK_RE):
        for intro in cue.finditer(text):
            if _NEGATED_BEFORE_RE.search(text[: intro.start()]):
                continue
            candidate = _name_after_cue(text[intro.end():])
            candidate = _clauses(candidate)[0] if _clauses(candidate) else ""
            if (candidate and is_plausible_name(candidate) and not is_common(candidate.split()[0])
                    and not only_address_or_acknowledgement(candidate)):
                return candidate  # not "dear" in "I just told you dear, it is Garza"
    return None


def name_at_name_step(text: str, leftover: str) -> str | None:
    """The one name candidate of a message answering the name question. One message is one
    try, so it is never several guesses: an introduced name ("the last name on the account is
    Fischer", "it is Fischer", "I already said Bauer"), else the first clause that plainly is a
    name ("johnson, mi esposo era gringo"), else a business name in a sentence, else the whole
    text (not a text of only acknowledgements, "ok fine"). A word corrected first and the whole
    name after it ("oops creek. Blanco Creek Goat Dairy LLC") is the whole name (``_the_whole_name``)."""
    introduced = _introduced_at_name_step(text)
    if introduced:
        return _the_whole_name(introduced, text)
    clauses = _clauses(_SUFFIX_COMMA_RE.sub(" ", text))
    if len(clauses) > 1:
        for clause in clauses:
            candidate = clean_name(clause)
            # "ok fine. garza", "mijo, Garza": acknowledgements and terms of address are no candidate
            if candidate and looks_like_bare_name(candidate) and not only_address_or_acknowledgement(clause):
                return _the_whole_name(candidate, text)
    business = _business_name(text)  # "I do the books for Garza Ranch LLC"
    if business:
        return business
    candidate = clean_name(leftover)
    return candidate if candidate and is_plausible_name(candidate) and not acknowledgement_only(text) else None


# What sets talk apart from a name in a message: sentence punctuation, a dot that ends a word ("Hi. Garza"),
# digits and quotes. A name written as printed has none of these (an abbreviation's dot at the end aside).
_LEGAL_FORM_END_RE = re.compile(r"\s+(?:llc|l\.l\.c\.?|inc\.?|corp\.?|co\.?|ltd\.?|lp|llp|pllc)$", re.I)
_NOT_A_PRINTED_NAME_RE = re.compile(r"[,;:!?¿¡()\[\]{}\"@#\d]|\.\s")


def name_as_printed(text: str) -> str | None:
    """The whole message, sent alone to the name question, when it is written as a printed name and
    its reading would only drop its first words: every word capitalised (small words between), nothing
    that sets chatter apart (``_NOT_A_PRINTED_NAME_RE``: "well, it's Garza" is chatter and "Garza"),
    and what the readers leave is a name, with before it only the words a reply opens with
    (``name_words.opens_an_answer``: "Well Written Books", "Sure Shot Pest Control", "Yes Ma'am
    Catering", "Hola Taqueria"), or it is a business name closed by its legal form, whose common
    words before the name would be dropped ("Cabins With A View LLC", never "View LLC"). Cut, such a
    name costs a try with the right name; sent whole, a greeting before a surname ("Hola Garza") still
    matches, as the backend reads a few words before the last name on file as given names. Words that
    present the name ("It's Garza", "Es Garza"), a remark after it ("Kowalski With An I") or lower
    case ("well written books", "hola garza") leave the usual reading."""
    value = " ".join((text or "").split())
    if not re.search(r"\b(?:inc|co|corp|ltd)\.$", value, re.I):
        value = value.rstrip(".!").rstrip()
    words = value.split()
    if (not 2 <= len(words) <= BARE_NAME_MAX_WORDS + 2 or _NOT_A_PRINTED_NAME_RE.search(value)
            or printed_words(value) != value or only_address_or_acknowledgement(value)):  # "Ok Fine": no name
        return None
    read = clean_name(value)
    if not read or not value.endswith(read) or not is_plausible_name(read):
        return None
    opening = value[: len(value) - len(read)]
    if not opening.strip():
        return value if _BUSINESS_NAME_RE.fullmatch(value) else None
    # "Si Acepto": an opening before common words only is an answer to another question, no name. At
    # most BARE_NAME_MAX_WORDS words before a legal form: the backend reads no more than three words
    # before a last name as given names ("Good Morning Maria Elena Garza" is read "Maria Elena Garza").
    named = len(_LEGAL_FORM_END_RE.sub("", value).split())
    return (value if opens_an_answer(opening) and named <= BARE_NAME_MAX_WORDS
            and not all(is_common(word) for word in read.split()) else None)


# Words of correcting a typo ("oops creek", "uy, es creek", "sorry, typo"), the general cues of a correction too.
APOLOGY_PLAIN = frozenset(plain(word) for word in APOLOGY_WORDS)
_FIXES_A_WORD_RE = re.compile(r"\b(?:oops|whoops|typo|misspel\w*|mistyp\w*|i\s+mean|uy|ups|quise\s+decir)\b", re.I)


def _the_whole_name(candidate: str, text: str) -> str:
    """In a correction, the name of ``text`` that holds every word of ``candidate`` and more: a member
    correcting a typo names the word first, then sends the whole name ("oops creek. Blanco Creek Goat
    Dairy LLC", "perdón, es Creek: Blanco Creek Goat Dairy LLC"); the word alone would be one try spent
    on a name that is no one's. Else ``candidate``. Still one candidate: the message buys one try."""
    if not (_FIXES_A_WORD_RE.search(text) or _CORRECTION_CUE_RE.search(text) or _SPANISH_CORRECTION_CUE_RE.search(text)):
        return candidate
    words = set(plain(candidate).split())
    for clause in _clauses(_SUFFIX_COMMA_RE.sub(" ", text.replace(":", ","))):
        whole = clean_name(clause)
        if whole and words < set(plain(whole).split()) and looks_like_bare_name(whole):
            return whole
    return candidate


def name_beside_coming_back(text: str) -> str | None:
    """The name a message that takes a paused sign-up up again also gives ("oops, I didn't mean that,
    hit the wrong thing. Kowalczyk is the last name", "sorry, I didn't mean to stop. Kowalczyk"): an
    introduced name, else a clause that plainly is a name and no word of coming back; None when the
    message only comes back ("sorry, I didn't mean that, continue")."""
    introduced = _introduced_at_name_step(text)
    if introduced:
        return introduced
    for clause in _clauses(_SUFFIX_COMMA_RE.sub(" ", text)):
        candidate = clean_name(clause)
        if (candidate and looks_like_bare_name(candidate) and not only_address_or_acknowledgement(clause)
                and not comes_back(clause) and not steps_away_or_back(clause)):
            return candidate
    return None


# "la 1", "option 2", "#3": a bare menu-like answer, never a last name.
_MENU_ANSWER_RE = re.compile(r"^(?:(?:la|el|lo|the|option|opcion|opción|number|numero|número|no\.?|#)\s*)*\d{1,2}[.)]?$",
                             re.I)


def names_a_security_question_only(text: str) -> bool:
    """Is the message only the words of a security question ("mascota", "la de mi mamá", "the school
    one"), as ``common.security_questions`` names each, with nothing but common words around them?
    At the name step that is an answer to a later step sent early, never a last name."""
    if read_choice(text, security_question_words()) is None:
        return False
    rest = plain(text)
    for words in security_question_words().values():
        rest = words.sub(" ", rest)
    return all(is_common(word) for word in rest.split())


def is_a_name_try(parsed: Parsed) -> bool:
    """At the name step, is the message a name candidate that should cost one of the backend's tries?
    Each real candidate is one try (the attacker rule), but a message that clearly is no name costs
    nothing: a bare menu-like answer ("la 1"), the words of a security question ("mascota", "the school
    one") or a yes / no without a plain name ("si acepto", "yes I accept": answers to later steps sent
    early), a request for time, words of leaving or coming back ("luego sigo", "ya volví") or a question or a sentence of
    ordinary words without a plain name in it ("espéreme tantito, le pregunto a mi mamá"), and the
    words around another field's value ("no espera, me equivoqué, es 1008870134", "mejor
    jh@gmail.com"), unless they introduce a name ("apellido X", "name X") or the name stands
    plainly beside the value ("1001234567, Garza")."""
    text = without_told_already(parsed.text)
    if _MENU_ANSWER_RE.match(text.strip()) or names_a_security_question_only(text):
        return False
    if introduces_a_name(text) or lone_surname(text) or name_as_printed(text):
        return True
    candidate = parsed.name or clean_name(text)
    if not candidate:
        return False
    plain_name = looks_like_bare_name(candidate) and not (asks_for_time(candidate) or steps_away_or_back(candidate))
    if not plain_name and read_yes_no(text) is not None:
        return False  # "si acepto", "yes I accept": the answer to the Terms, sent early
    if parsed.account or parsed.bad_account or parsed.email or parsed.zip_code or parsed.last4:
        return plain_name
    if plain_name:
        return True
    if _sentence_around_a_name(candidate, text):
        return False  # "sorry, autocorrect did that, it is the one with the i": no name to send, ask again
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", text)]
    ordinary = len(words) >= 3 and sum(not is_common(w) for w in words) <= 1
    return not (asks_for_time(text) or steps_away_or_back(text) or "?" in text or ordinary)


def _sentence_around_a_name(candidate: str, text: str) -> bool:
    """Is the candidate talk, not a name ("autocorrect changed it to the one with the e"): several words,
    ordinary ones among them, in a message that apologises or corrects. Such a message cannot be read
    down to one name with confidence, so it is asked again and spends no try; a name of several
    unusual words ("Ngata Whanau Trust") still goes to the backend."""
    words = candidate.split()
    corrects = bool(_FIXES_A_WORD_RE.search(text) or _CORRECTION_CUE_RE.search(text)
                    or _SPANISH_CORRECTION_CUE_RE.search(text)
                    or any(plain(word.strip(".,;:!?")) in APOLOGY_PLAIN for word in text.split()))
    return corrects and len(words) > 1 and any(is_common(word) and word.lower() not in NAME_CONNECTORS
                                               for word in words)


# The steps that ask for a number and nothing else, and how many digits read out one by one are
# read there as that number: the ZIP or last 4, the texted code.
_NUMBER_STEPS = {"identity_proof": (4, 5), CODE_SLOT: (6,)}


def asks_for_a_number(requested: str | None) -> bool:
    return requested in _NUMBER_STEPS


def numbers_as_digits(text: str, requested: str | None) -> str:
    """``text`` with its numbers as the readers take them (``common.digits``): digits of any script
    ("٧٨٦٢٠", full-width "７８６２０") as ASCII digits, and where a number alone is asked (the ZIP /
    last 4, the code) one read out digit by digit ("seven eight six two zero", "4 3 2 1") as its
    digits. The backend then checks it as the number typed plainly: one try, no more."""
    text = ascii_digits(text)
    counts = _NUMBER_STEPS.get(requested)
    return read_out(text, counts) if counts else text


def parse(text: str, requested: str | None = None) -> Parsed:
    """Find every value in one member message; ``requested`` is the step being asked.

    One extractor per field, in this order: each may take its value out of the text
    the next ones read (an e-mail address before the numbers, the numbers before a name)."""
    text = spelled_out_labels(numbers_as_digits((text or "").strip(), requested))
    parsed = Parsed(text=text)
    work = _read_email(parsed, text, requested)
    leftover = _read_numbers(parsed, work, requested)
    # "Mi correo cambió, perdón: nombre@hotmial..com", "yes@gmail.com": the words inside an address (or
    # what was meant as one) are part of it, never a name, a choice, a yes / no or a field corrected.
    text = without_addresses(text)
    _read_proof_method(parsed, text, requested)
    # "..., se llamaba Tito, y sí, acepto los términos": the Terms accepted last are no part of an answer
    choosing = without_accepted_terms(text)
    _read_question(parsed, choosing, requested)
    # "pet. Mochi" in a list: the choice and its answer are no part of a name
    listed = (_read_labelled_choice(parsed, choosing, requested) or _read_fragment_choice(parsed, choosing, requested)
              or _read_choice_beside_values(parsed, choosing, requested))
    text_without_answer = _read_early_answer(parsed, _without_fragments(choosing, listed), requested)
    leftover = _without_fragments(leftover, listed)
    _read_yes_no(parsed, text)
    _read_corrections(parsed, text, requested)
    _read_name(parsed, text, text_without_answer, requested, leftover)
    _drop_a_name_inside_an_answer(parsed, text, requested)
    if requested == "member_name" and (alone := lone_surname(text) or name_as_printed(text)):
        # "Es", "La", "Ya", "De La Cruz", "Yes Ma'am Catering" sent alone to the name question: a name,
        # never its other meaning (a filler, an article, a "yes").
        parsed.name, parsed.yes, parsed.no = alone, False, False
    return parsed


def without_addresses(text: str) -> str:
    """``text`` with every e-mail address, and every word meant as one (anything around an "@":
    "nombre@hotmial..com"), blanked out: what the readers of other values may read."""
    return _EMAILISH_RE.sub(" ", _EMAIL_RE.sub(" ", text))


def _drop_a_name_inside_an_answer(parsed: Parsed, text: str, requested: str | None) -> None:
    """ "my mom's last name before she married was Kowalski" at the security steps: its "last name"
    introduces the answer, never the account holder's name (which would be checked again and fail)."""
    if not parsed.name or requested not in _AFTER_THE_NAME:
        return
    answers = (answer_in_sentence(text, number) for number in range(1, len(security_questions.QUESTIONS) + 1))
    if any(answer and plain(answer) in plain(parsed.name) for answer in answers):
        parsed.name = None


def _read_email(parsed: Parsed, work: str, requested: str | None) -> str:
    """The e-mail address (or what is wrong with one); the text without it for the next readers.

    E-mail addresses first: they may contain digits and name-like words."""
    spoken = spoken_email.read(work) if requested == "email" and "@" not in work else None
    if spoken and spoken.guessed:
        # "ruth delacroix at gmail dot com": joined only by guess, so asked about, never taken.
        parsed.email_guessed = normalise_email(spoken.address)
        return spoken_email.without_join_words(work[: spoken.start] + " " + work[spoken.end:])
    if spoken:
        work = spoken_email.without_join_words(work[: spoken.start] + f" {spoken.address} " + work[spoken.end:])
    # "name@gmail,com": a comma typed for a dot inside an address.
    work = re.sub(r"(@[A-Za-z0-9\-.]+),([A-Za-z]{2,})\b", r"\1.\2", work)
    for match in _EMAIL_RE.finditer(work):
        email = normalise_email(match.group(0))
        if email:
            parsed.email = email  # the last address wins ("not a@x.com, b@y.com")
        elif normalise.reserved_domain(match.group(0).rstrip(".,;:!?<>()[]\"'")):
            parsed.email_reserved = True
    if parsed.email:
        work = _EMAIL_RE.sub(" ", work)
    else:
        attempt = _EMAILISH_RE.search(work)
        if attempt:
            parsed.email_problem = email_problem(attempt.group(0))
            work = work[: attempt.start()] + " " + work[attempt.end():]
        elif requested == "email" and not re.search(r"\d{4,}", work):
            words = work.split()
            if len(words) == 1 and "." in work:
                parsed.email_problem = email_problem(work)
    return work


# A street's kind after a house number and the street's name ("45123 Oak Road", "12 N Main St.",
# "45123 Calle Luna"); the words between are a name's, never "the", "by", "en" ("78620 by the way").
# A digit alone is a menu choice ("3 Camino Real High"), never a house number.
_STREET_KIND = (r"(?:road|rd|street|st|avenue|ave|av|lane|ln|drive|dr|boulevard|blvd|way|highway|hwy|court|ct|"
                r"circle|cir|parkway|pkwy|trail|trl|place|pl|loop|route|rte|calle|avenida|camino|carretera|paseo|"
                r"privada|cerrada|callejon)")
_NOT_A_STREET_NAME = (r"(?:the|by|a|an|no|and|or|is|it|its|my|your|of|to|in|on|at|for|this|that|any|either|same|other|"
                      r"de|del|la|el|los|las|en|y|o|es|mi|su|un|una|por|para|con|que)")
_STREET_AFTER_RE = re.compile(r"(?:\s+(?!" + _NOT_A_STREET_NAME + r"\b)[^\W\d_][\w'.-]*){0,3}?\s+"
                              + _STREET_KIND + r"(?![^\W\d_])", re.I)
# "I live at 45123", "we live on 120", "vivo en 45123": where the member lives, the house number.
_LIVES_AT_RE = re.compile(r"(?<![^\W\d_])(?:(?:i|we)\s+live\s+(?:at|on)|viv(?:o|imos)\s+en)[\s:,]*$")


def _numbers_of_no_value(text: str, requested: str | None) -> list[tuple[int, int]]:
    """Spans of the numbers that are no value of the sign-up, whatever their length: a phone number
    written as one ("call me at 512 555 7811 after 5", "(512) 555-7812"), unless plain 3-3-4 groups
    are the account number asked or named ("account 100 123 4567"); a house number ("I live at 45123
    Oak Road", "vivo en 45123 Calle Luna"). Never a ZIP, a last 4 or another account checked with the
    backend (each check spends one of the account's guesses of the day)."""
    spans = [(start, end) for start, end, unmistakable in written_phone_numbers(text)
             if unmistakable or not (requested in (None, "account_number")
                                     or _ACCOUNT_NAMED_RE.search(_context_before(text, start)))]
    for match in re.finditer(r"(?<![\w@.-])\d{2,%d}(?![\w@]|[.-]\d)" % (ACCOUNT_MIN - 1), text):
        before = _context_before(text, match.start())
        if any(start <= match.start() < end for start, end in spans) or re.search(_ZIP_WORDS, before):
            continue
        if _LIVES_AT_RE.search(before) or _STREET_AFTER_RE.match(text, match.end()):
            spans.append((match.start(), match.end()))
    return spans


def _read_numbers(parsed: Parsed, work: str, requested: str | None) -> str:
    """The account number, ZIP and last 4 (or a number that is none of them); returns the
    words left around the numbers, where a name may be."""
    spans = _numbers_of_no_value(work, requested)
    parsed.number_of_no_value = bool(spans)
    for start, end in spans:
        work = work[:start] + " " * (end - start) + work[end:]
    numbers = _numbers(work, requested)
    if any(kind == "account" for kind, *_ in numbers):
        # With the account number in the same message, 5 and 4 digits are a ZIP and a last 4.
        numbers = [({5: "zip", 4: "last4"}.get(len(d), k) if k == "bad_account" else k, d, a, b)
                   for k, d, a, b in numbers]
    for kind, digits, start, end in numbers:
        if kind == "account":
            parsed.account = digits
        elif kind == "bad_account":
            parsed.bad_account = digits
        elif kind == "zip":
            parsed.zip_code = digits
        elif kind == "zip9":
            parsed.zip_code = digits[:5]
        elif kind == "last4":
            parsed.last4 = digits
        elif kind == "bad_secret":
            parsed.bad_secret = True
        elif kind == "choice":
            continue
        else:
            continue
        spans.append((start, end))
    leftover = work
    for start, end in sorted(spans, reverse=True):
        leftover = leftover[:start] + " " + leftover[end:]
    leftover = _KEYWORD_PHRASE_RE.sub(" , ", leftover)
    leftover = re.sub(r"(?:^|,)\s*(?:and|&)\s+|\s+(?:and|&)\s*(?:,|$)", " , ", leftover, flags=re.I)
    parts = [p.strip(" .;:-") for p in leftover.split(",") if p.strip(" .;:-")]
    # "va, 778120 de la cruz": a part of only acknowledgements ("va", "ok", "sale") is no part of a name.
    return parts[0] if len(parts) == 1 else " ".join(p for p in parts if is_plausible_name(clean_name(p))
                                                     and not only_address_or_acknowledgement(p))[:200]


# Words that choose one proof over the other, also inside a why.
_INSTEAD_RE = re.compile(r"\b(?:instead|rather|prefer\w*|mejor|en\s+vez|en\s+lugar)\b")


def _read_proof_method(parsed: Parsed, text: str, requested: str | None) -> None:
    """Which proof the member wants to give ("use my ssn instead"). A why names the proofs and chooses
    none ("why should I give you my zip or tax ID?", "¿para qué necesitan el código postal o el número
    de seguro social?"): the question asked after its answer is the one asked before, ZIP or last 4,
    unless it says which one instead ("why the zip? I'd rather use my tax id", "mejor el seguro social")."""
    if asks_why(text) and not _INSTEAD_RE.search(_accent_free(text.lower())):
        return
    lowered = text.lower()
    plain_text = _accent_free(lowered)
    if (_USE_LAST4_RE.search(lowered) or _USE_LAST4_ES_RE.search(plain_text)) and not parsed.last4:
        parsed.proof_method = "last4"
    elif (_USE_ZIP_RE.search(lowered) or _USE_ZIP_ES_RE.search(plain_text)) and not parsed.zip_code:
        parsed.proof_method = "zip"
    elif requested == "identity_proof" and not (parsed.zip_code or parsed.last4):
        if re.fullmatch(r"\s*(?:the\s+)?(?:my\s+)?" + _ZIP_WORDS + r"(?:\s+code)?\s*[.!]?\s*", lowered):
            parsed.proof_method = "zip"
        elif re.fullmatch(r"\s*(?:the\s+)?(?:my\s+)?(?:" + _LAST4_WORDS + r")(?:\s+\w+){0,3}\s*[.!]?\s*", lowered):
            parsed.proof_method = "last4"


_NUMBER_WORD_RE = re.compile(r"\b(?:number|n[uú]mero)\b", re.I)


def says_account(text: str) -> bool:
    """Do the words say "account" ("wrong account, it's 20456789", "account 20456789", "me equivoqué de
    cuenta", "número de cuenta"), or correct a number ("sorry, wrong number: 20456789", "perdón, el
    número es ...")? Only then do digits at the security steps name an account number."""
    labelled = spelled_out_labels(text or "")
    if _FIELD_WORDS["account_number"].search(labelled) or _SPANISH_FIELD_WORDS["account_number"].search(labelled):
        return True
    return bool(_NUMBER_WORD_RE.search(labelled)
                and (_CORRECTION_CUE_RE.search(labelled) or _SPANISH_CORRECTION_CUE_RE.search(labelled)))


# "it ends in 4321", "termina en 4321", "mine ends with 4321": four digits told by how they end with
# nothing else named (no "the one", "la que", "account"), the whole message: the last 4 asked.
_BARE_ENDING_RE = re.compile(
    r"(?:(?:it|it'?s|its|mine|that|this|yes|yeah|ok|okay|so|well|si|pues|bueno|este|ese|el|mi|numero|number|"
    r"y|and|and\s+it)\s+){0,3}(?:ends?|ending|termina|terminan|acaba|acaban)\s+(?:in|with|on|by|en|con)\s+\d{4}")


def ending_names_an_account(text: str) -> bool:
    """ "also delete the one ending in 0987", "y la que termina en 0987": digits introduced by how a
    number ends name an account, never the ZIP or the last 4 asked (unless the words say they are the
    SSN's or the ZIP's: "my social ends in 1234", or name nothing else: "it ends in 4321", "termina
    en 4321" at the last-4 question are the last 4)."""
    plain_text = _accent_free(text.lower())
    if _BARE_ENDING_RE.fullmatch(re.sub(r"[^\w']+", " ", plain_text).strip()):
        return False
    return names_an_ending(text) and not re.search(
        _LAST4_WORDS + "|" + _ZIP_WORDS + r"|\b(?:" + _LAST4_WORDS_ES + "|" + _ZIP_WORDS_ES + r"|seguro|social)\b", plain_text)


def _accent_free(text: str) -> str:
    return fold_accents(text)


# While the answer is asked, words that take another question instead ("actually the school
# one", "mejor la de la escuela", "prefiero la de mi mamá").
_OTHER_QUESTION_CUE_RE = re.compile(
    r"\b(?:actually|instead|rather|prefer|change|switch|different|another|better|make\s+it|let'?s\s+do|"
    r"no|nope|wait|go\s+back(?:\s+to)?|back\s+to|i\s+mean(?:t)?|wrong|"
    r"mejor|prefiero|prefiera|cambi\w*|en\s+vez|en\s+lugar|otra|siempre\s+no|espera|esperate|regresa\w*|vuelve|volver)\b",
    re.I)
# The steps where the member's name is verified and a security question's words ("maiden name",
# "apellido de soltera", "pet's name") name that question, never the account's name.
_AFTER_THE_NAME = ("security_question", "security_answer", "terms_accepted")


def other_question(text: str) -> int | None:
    """The security question a member switches to while its answer is asked (or, at the Terms,
    goes back to), else None: the words must both mark a change of mind ("actually", "no", "go
    back", "I mean", "siempre no", "mejor", "otra") and name exactly one option, by number,
    ordinal or its words, as the menu reads them ("that's wrong, I mean number 3 school")."""
    plain_text = _accent_free(text.lower())
    if (not _OTHER_QUESTION_CUE_RE.search(plain_text) or len(plain_text.split()) > 14
            or changes_the_answer_only(text)):
        return None  # "On second thought, I would rather change that answer": the same question
    # "wait my last name is wrong": "last" there is no option's ordinal.
    plain_text = re.sub(r"\b(?:last|first)\s+names?\b", " ", plain_text)
    return read_choice(_OTHER_QUESTION_CUE_RE.sub(" ", plain_text), security_question_words())


def _without_question_words(text: str) -> str:
    """The text without the words that name a security question, with the "name" / "apellido" /
    "nombre" said with them ("mother's maiden name", "apellido de soltera de mi mamá", "pet's
    name", "el nombre de mi perro"): what is left may still name the account's fields."""
    plain_text = _accent_free(text.lower())
    for pattern in security_question_words().values():
        word = pattern.pattern
        plain_text = re.sub(r"(?:(?:last\s+|first\s+)?(?:name|nombre|apellido)(?:\s+de(?:l)?)?(?:\s+(?:soltera|mi|la|el|su|de))*\s+)?"
                            + word + r"(?:\s+(?:maiden|de\s+soltera))?(?:\s+(?:last\s+)?(?:name|names|nombre|apellido))?",
                            " ", plain_text)
    return plain_text


# "la pregunta 2", "pregunta número 3": a security question chosen by its number in Spanish.
_SPANISH_QUESTION_NUMBER_RE = re.compile(r"\bpregunta\s+(?:de\s+seguridad\s+)?(?:n[uú]mero\s+|#\s*)?(\d)\b")


def _read_question(parsed: Parsed, text: str, requested: str | None) -> None:
    """The security question chosen, with an answer given alongside ("2 rex", "pet name is fluffy")."""
    lowered = text.lower()
    if requested in ("security_answer", "terms_accepted"):
        switched = other_question(text)
        if switched is not None:
            parsed.question = switched
            parsed.corrections.add("security_question")
            return
    both = choice_with_answer(text) if requested == "security_question" else None
    if both:
        parsed.question, parsed.answer = both  # "la d mi mascota, se llama firulais"
        return
    if requested == "security_question" or re.search(r"\bquestion\b", lowered):
        parsed.question, parsed.answer = _question_choice(re.sub(r"(?i)\b(?:use|pick|choose|i'?ll\s+take|the)\b", "", text).strip()) \
            if requested == "security_question" else (None, None)
        if requested == "security_question" and (named := choice_named(text)) is not None:
            parsed.question, parsed.answer = named, None  # "Number one, please", "he says high school": no answer
        read = answer_in_sentence(text, parsed.question) if parsed.question else None
        if read:
            # "my dog was called Rex", "my high school was Lanier High in Austin": the answer as the
            # question's own reading gives it (to the end of its clause), not the text after the choice.
            parsed.answer = read
        if parsed.question is None and re.search(r"\bquestion\b", lowered):
            for number, pattern in _question_keywords():
                if pattern.search(lowered):
                    parsed.question = number
            digit = re.search(r"\bquestion\s*#?\s*(\d)\b", lowered)
            if digit and _question_number(digit.group(1)):
                parsed.question = int(digit.group(1))
    elif requested in _BEFORE_THE_SECURITY_QUESTION:
        # "... y escojo la pregunta 2" before the menu is shown: the choice by its number, as "question 2".
        digit = _SPANISH_QUESTION_NUMBER_RE.search(lowered)
        if digit and _question_number(digit.group(1)):
            parsed.question = int(digit.group(1))



# A list of fragments ("Register. 3100000125. Tran. tran.v@example.com. 1125. pet. Mochi. yes"):
# at least this many, split at sentence punctuation.
_FRAGMENT_LIST_MIN = 4
_FRAGMENT_MAX_WORDS = 3
_BEFORE_THE_SECURITY_QUESTION = (None, "account_number", "member_name", "email", "identity_proof", "one_time_code")


def _fragments(text: str) -> list[str]:
    """The fragments of a terse message, split at sentence punctuation (an e-mail address keeps
    its dots: "tran.v@example.com" has no space after them)."""
    return [part.strip() for part in re.split(r"[.!?;]+(?:\s+|$)", text) if part.strip()]


def _read_fragment_choice(parsed: Parsed, text: str, requested: str | None) -> tuple[str, ...]:
    """In a list of short fragments, a fragment that only names a security question ("pet",
    "mascota", "the school one") followed by a short fragment ("Mochi") is that question and its
    answer, the way the member listed them; returns those two fragments (never part of a name).
    Only before the security question is asked: its own steps and the Terms read their answers."""
    if parsed.question or parsed.answer or requested not in _BEFORE_THE_SECURITY_QUESTION:
        return ()
    fragments = _fragments(text)
    if len(fragments) < _FRAGMENT_LIST_MIN:
        return ()
    for choice, answer in zip(fragments, fragments[1:]):
        if (len(choice.split()) > _FRAGMENT_MAX_WORDS or re.search(r"\d", choice)
                or len(answer.split()) > _FRAGMENT_MAX_WORDS or re.search(r"\d|@", answer)):
            continue
        question = read_choice(choice, security_question_words())
        if question and read_choice(answer, security_question_words()) is None and not (is_yes(answer) or is_no(answer)):
            parsed.question, parsed.answer = question, answer
            return choice, answer
    return ()


# A security question labelled as such in a message of several answers ("security q: high school,
# Marble Falls", "pregunta de seguridad: mascota, Chato"): the label, then the choice and its answer,
# to the end of the sentence (what follows, "And yes I agree to the terms", is no part of it).
_LABELLED_QUESTION_RE = re.compile(
    r"\b(?:(?:security|secret)\s+(?:q|qs|question)|pregunta\s+(?:de\s+seguridad|secreta))\b"
    r"\s*(?:is|es|:|-|=)?\s*(?P<choice>[^.;!?]+)", re.I)


def _read_labelled_choice(parsed: Parsed, text: str, requested: str | None) -> tuple[str, ...]:
    """A security question named after its label, with its answer ("security q: high school, Marble
    Falls"), among other values before the question is asked; returns the labelled part, to be kept
    out of a name. The choice is read as at the menu (``choice_with_answer``): by its words, then
    its answer after a pause. Only with both: a question named alone is read as before."""
    if parsed.answer or requested not in _BEFORE_THE_SECURITY_QUESTION:
        return ()
    label = _LABELLED_QUESTION_RE.search(text)
    both = (choice_with_answer(label.group("choice")) or _numbered_choice_with_answer(label.group("choice"))
            if label else None)
    if both is None or parsed.question not in (None, both[0]):
        return ()
    parsed.question, parsed.answer = both
    return (label.group(0).strip(),)


def _numbered_choice_with_answer(text: str) -> tuple[int, str] | None:
    """(question, answer) of a choice by its number with the answer right after it, no pause between
    ("2 pet name Rusty", "la 2 mi perro Chato"), as at the menu (``_question_choice``); else None."""
    if not _ONE_DIGIT_CHOICE_RE.match(text.strip()):
        return None
    question, answer = _question_choice(text)
    return (question, answer) if question and answer else None


# The words joining one value to the next ("78620 and ...", "..., y también ...").
_JOINING_WORDS_RE = re.compile(r"^(?:[\s,;:.&+-]|\b(?:and|also|plus|then|y|tambi[eé]n|adem[aá]s|luego)\b)+", re.I)
# A field's label left at the end of a stretch, before its value ("..., bandit, zip 78620").
_TRAILING_LABEL_RE = re.compile(
    r"[\s,;:.&-]*(?:\b(?:and|y)\s+)?(?:\b(?:my|mi|el|the)\s+)?\b(?:zip(?:\s*code)?|c[oó]digo\s+postal|last\s*(?:4|four)|"
    r"ssn|account(?:\s+number)?|acct|cuenta|e-?mail|correo)\b(?:\s+(?:is|es))?[\s:=#-]*$", re.I)


def _read_choice_beside_values(parsed: Parsed, text: str, requested: str | None) -> tuple[str, ...]:
    """A security question and its answer between other values of the same message, before the
    question is asked ("zip 78620 and i want the pet one, his name is bandit", "código postal 78620 y
    quiero la de la mascota, se llama bandit"): each stretch between the values is read as at the
    menu (``choice_with_answer``), so the choice and its answer are kept with the ZIP; returns the
    stretch read (never part of a name)."""
    if (parsed.answer or requested not in _BEFORE_THE_SECURITY_QUESTION
            or not (parsed.account or parsed.email or parsed.zip_code or parsed.last4)):
        return ()
    for stretch in re.split(r"\S+@\S+|\S*\d\S*", text):
        stretch = _TRAILING_LABEL_RE.sub("", _JOINING_WORDS_RE.sub("", stretch)).strip()
        both = choice_with_answer(stretch) if stretch else None
        # "security question is my pet's name which is Smulan": the question its words named, now with its answer
        if both and parsed.question in (None, both[0]):
            parsed.question, parsed.answer = both
            return (stretch,)
    return ()


def _without_fragments(text: str, fragments: tuple[str, ...]) -> str:
    """``text`` with each of ``fragments`` (whole fragments) taken out, its punctuation kept."""
    for fragment in fragments:
        text = re.sub(r"(?<![\w@.])" + re.escape(fragment) + r"(?![\w@])", " ", text, count=1)
    return text


def _read_early_answer(parsed: Parsed, text: str, requested: str | None) -> str:
    """A security answer said with its question's words, at any step; returns the text
    without it (the answer is never read as a name)."""
    if parsed.answer is None and requested not in ("security_answer",):
        early = _early_answer(text)
        if early and (parsed.question is None or parsed.question == early[0]):
            parsed.question, parsed.answer = early[0], early[1]
            return text[: early[2]] + " , " + text[early[3]:]
    return text


def _read_yes_no(parsed: Parsed, text: str) -> None:
    """Yes / no (only the whole message counts as an answer)."""
    parsed.yes = is_yes(text)
    parsed.no = is_no(text)


def _read_corrections(parsed: Parsed, text: str, requested: str | None = None) -> None:
    """The fields the member corrects ("wait wrong email", "no the account is ...", "me equivoqué de correo").

    From the security question on, the name is verified: a security question's words with their
    "name" ("hmm maiden name instead", "apellido de soltera") name that question, never the
    account's name, so the field words are read on the text without them."""
    lowered = text.lower()
    fields_text = _without_question_words(text) if requested in _AFTER_THE_NAME else text
    if _SPANISH_CORRECTION_CUE_RE.search(text):
        parsed.corrections |= {slot for slot, pattern in _SPANISH_FIELD_WORDS.items() if pattern.search(fields_text)}
    if _CORRECTION_CUE_RE.search(text):
        for slot, pattern in _FIELD_WORDS.items():
            if pattern.search(fields_text):
                parsed.corrections.add(slot)
        if re.search(r"\b(?:" + _ZIP_WORDS + r"|" + _LAST4_WORDS + r")", lowered):
            parsed.corrections.add("identity_proof")
        if "account_number" in parsed.corrections and "member_name" in parsed.corrections:
            # "the name on the account is wrong" names one field, not two.
            if re.search(r"\bname\b", lowered) and not re.search(r"\baccount\s*(?:number|#|no)\b|\bacct\b", lowered):
                parsed.corrections.discard("account_number")
            elif not re.search(r"\b(?:last\s*name|business|surname)\b", lowered) and re.search(r"\baccount\s*(?:number|#|no)?\b", lowered) and not re.search(r"\bname\s+is\b", lowered):
                parsed.corrections.discard("member_name")
    if ("identity_proof" in parsed.corrections and (parsed.zip_code or parsed.last4) and not parsed.account
            and not re.search(r"\b(?:account|acct)\s*(?:number|#|no)\b|\bn[uú]mero\s+de\s+cuenta\b", lowered)):
        # "Perhaps the account is held under the mailing zip code instead. It is 78639.", "perdón, la cuenta
        # tiene el código postal de correo: 78639": the account word names whose ZIP it is, the "correo" where
        # the bill goes; the account found is kept, the ZIP taken.
        parsed.corrections.discard("account_number")
        if not parsed.email and not re.search(r"\b(?:e-?mail|correo)\b",
                                              re.sub(r"\bpostal\s+de\s+correo\b", " ", lowered)):
            parsed.corrections.discard("email")
    if requested == "security_question" and asks_for_another_question(text):
        # "could I use a different question, such as the name of my first teacher?": the "different"
        # and the "name" are about a security question, never the account's verified name.
        parsed.corrections.clear()


def _read_name(parsed: Parsed, text: str, text_without_answer: str, requested: str | None, leftover: str) -> None:
    """A name: introduced by words, or the leftover text where a name is expected (``text``: the
    message without its addresses, ``without_addresses``)."""
    spanish_fix = (requested in ("email", "identity_proof", "terms_accepted") and "member_name" in parsed.corrections
                   and name_after_spanish_intro(text) is not None)
    if requested not in ("email", "identity_proof", "security_question", "security_answer",
                         "terms_accepted", "confirm_unsubscribe") or _STRONG_NAME_INTRO_RE.search(text) or spanish_fix:
        # "ok english. my account 1003345120 name Nguyen": an "ok" before a number or an introduced
        # name is no answer to a yes/no question that would hide the name.
        if not (parsed.yes or parsed.no) or requested == "member_name" or parsed.account or introduces_a_name(text):
            name_text = meter.without_named(text_without_answer)  # "... last name Garza meter AB-12345"
            # "la cuenta está a nombre de ..." with no number yet: kept for the number (``pending_name``)
            if (requested == "member_name" or introduces_a_name(name_text) or parsed.account or spanish_fix
                    or name_on_the_bill(name_text) or business_given(name_text) or business_acted_for(name_text)
                    or business_named(name_text) or relative_named(name_text)):
                parsed.name = _name_from(re.sub(r"\d[\d -]*\d|\d", " ", name_text), requested, leftover,
                                         _sentence_with(name_text, parsed.account))


def _sentence_with(text: str, account: str | None) -> str | None:
    """The sentence of ``text`` that holds the account number (its digits in any grouping). A
    sentence of only the number (and its label) in a list of fragments ("Register. 3100000125.
    Tran. tran.v@example.com. 1125.") runs on to the next fragment, which is where such a
    member puts the name: still one candidate, the one beside the number."""
    if not account:
        return None
    protected = ABBREVIATION_DOT_RE.sub(lambda m: m.group(1) + "\x00", text)
    sentences = [sentence.replace("\x00", ".") for sentence in re.split(r"[.!?;]+(?:\s+|$)", protected)]
    for index, sentence in enumerate(sentences):
        if any(re.sub(r"\D", "", run.group(0)) == account for run in _DIGIT_RUN_RE.finditer(sentence)):
            if _only_the_number(sentence) and index + 1 < len(sentences) and _may_be_the_name(sentences[index + 1]):
                return sentence + " " + sentences[index + 1]
            return sentence
    return None


def _may_be_the_name(fragment: str) -> bool:
    """A fragment after the account number that may be the name: no digits or address, and not
    a security question named ("pet", "mascota"), which would cost a name try for nothing."""
    return not re.search(r"[\d@]", fragment) and read_choice(fragment, security_question_words()) is None


def _only_the_number(sentence: str) -> bool:
    """A fragment of only a number and the words that label it ("3100000125", "acct 3100000125")."""
    return not re.search(r"[^\W\d_]", _DIGIT_RUN_RE.sub(" ", _KEYWORD_PHRASE_RE.sub(" ", sentence)))


# --- secrets recognised by their shape, at any step (docs/security.md) ----------------
# Kept apart from :func:`parse`: the form checks these first, on the whole message,
# because a secret typed where the bot did not expect it must never be read as another
# answer. The shapes themselves are defined once, in common.secret_shapes.
def nine_digit_account(account: str | None) -> bool:
    """An account number of nine digits could as well be an SSN: the bot checks it but never
    repeats it, and the message that held it is kept out of the record (docs/security.md). Not
    one that starts with 000 ("000452318"): no SSN or tax ID does, so it is said back whole, as
    stored, like any other account number (``common.secret_shapes.may_be_tax_id``)."""
    return bool(account) and may_be_tax_id(account)


def shown_account(account_number: str | None) -> str | None:
    """An account number as a reply may show it: nine digits (kept as a reference,
    ``common.account_refs``) only by their last two, never an SSN's last four."""
    tail = account_refs.tail(account_number) if account_refs.is_reference(account_number) else None
    if tail is None and nine_digit_account(account_number):
        tail = account_refs.shown_tail(account_number)
    if tail is not None:
        from actions.messages import account_ending  # the words are the reply's, in its language

        return account_ending(tail)
    return account_number


_CORRECTED_ANSWER_RES = (
    # "change my answer to Rex", "update the security answer: Rex", "fix my answer, it's Rex"
    re.compile(r"\b(?:change|update|correct|fix|make|switch|set)\s+(?:my\s+|the\s+)?(?:security\s+)?answer\s*"
               r"(?:to\s+be|to|is|=|:|,|-)\s*(?:it'?s\s+|it\s+is\s+)?(?P<answer>.+)$", re.I),
    # "my answer is actually Rex", "the answer should be Rex", "new answer: Rex"
    re.compile(r"\b(?:my\s+|the\s+)?(?:new\s+|right\s+|correct\s+|real\s+|security\s+)*answer\s+"
               r"(?:should\s+(?:be|have\s+been)|is\s+actually|was\s+actually|is\s+really)\s+(?P<answer>.+)$", re.I),
    # "sorry, my answer is Rex": a plain "is" only with a correction cue (see corrected_answer)
    re.compile(r"\b(?:my\s+|the\s+)?(?:security\s+)?answer\s+(?:is|was)\s+(?P<answer>.+)$", re.I),
    re.compile(r"\b(?:new|right|correct|real)\s+answer\s*(?::|=|-)\s*(?P<answer>.+)$", re.I),
)
_CORRECTION_WORDS_RE = re.compile(r"^(?:(?:actually|really|in\s+fact|instead|sorry|oops|not\s+\w+\s+but)[\s,:;-]+)+", re.I)


def corrected_answer(text: str) -> str | None:
    """A new security answer inside a correction ("change my answer to Rex")."""
    for pattern in _CORRECTED_ANSWER_RES:
        match = pattern.search(text or "")
        if match and (pattern is not _CORRECTED_ANSWER_RES[-2] or _CORRECTION_CUE_RE.search(text)):
            answer = without_correction_words(match.group("answer")).strip(" .,!'\"")
            # "my answer is yes" answers the question asked (the terms), it is no security answer.
            if re.search(r"\w", answer) and not (is_yes(answer) or is_no(answer)):
                return answer
    return None


def without_correction_words(answer: str) -> str:
    """ "actually Rex" -> "Rex": the words that mark a correction are no part of the answer."""
    return _CORRECTION_WORDS_RE.sub("", answer.strip()).strip()


_ACCOUNT_WORDS_BEFORE_RE = re.compile(_ACCOUNT_WORDS + r"[\s:#=-]*(?:is|was)?[\s:#=-]*$", re.I)


def outstanding_code(text: str) -> tuple[str, str] | None:
    """While a texted code is outstanding, a code-shaped number is that code, whatever was
    asked (never an account number), unless account words introduce it ("account 400777").
    Returns the code and the rest of the message."""
    found = code_in(text)
    if found is None:
        return None
    start = text.find(found[0][:3])
    if _ACCOUNT_WORDS_BEFORE_RE.search(_context_before(text, start)):
        return None
    return found


def without_whole_ssn(text: str) -> str:
    """The message with every whole SSN or tax ID cut out ("account 1004420987, my SSN is 512-44-6677":
    "account 1004420987, my SSN is "): what else it says can still be read, never those digits."""
    for start, end in reversed(list(ssn_spans(text))):
        text = text[:start] + " " + text[end:]
    return text
