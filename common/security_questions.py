"""The security questions a member picks from when registering: their one definition.

Everything about a question lives in its entry, so adding a question is adding one
entry here:

- the backend's list (``GET /api/config`` serves the texts, ``PUT /security-answer``
  accepts a number from 1 to ``len(QUESTIONS)``; the number is what the database keeps,
  so an entry is never removed or moved, only added at the end);
- the bot's menu ("Reply 1, 2 or 3: 1 Mother's maiden name, ..."), its buttons, the
  reply to an answer that picks none, and the question asked for the answer;
- the words that name the question when a member picks it without its number
  ("the one about my mother", "la de mi mascota");
- the phrases that introduce its answer, so an answer given with the choice ("pet's name
  Rex") or before the question is asked ("my dog's name is Rex", "mi perro se llama
  Firulais") is read as this question's answer.

``text`` and ``short`` are English source texts (gettext msgids): the bot translates
them with its catalog (``make catalogs`` extracts them from this file into
actions/locale). ``words`` are regular expressions read on plain text (lower case, no
accents: ``actions.answers.plain``), English and Spanish; ``mentions`` are the English
words that name the question inside a longer sentence ("question about my pet");
``phrases`` and ``answer_intros`` are regular expressions read on the member's own text
(any case, accents kept). ``answer_intros`` and ``sentence_intros`` also hold the few Portuguese
framings members use ("o nome do meu cachorro era", "eu estudei na escola"), so such a
sentence is read down to its answer as an English or Spanish one is.
"""

from __future__ import annotations

from dataclasses import dataclass

from common.catalogs import N_


# The kinds of pet a member names before its name ("a dog called Rex", "un gato llamado Michi").
_PETS = (r"(?:dog|cat|puppy|kitten|pup|bird|parrot|horse|pony|hamster|rabbit|bunny|fish|turtle|lab|labrador|"
         r"retriever|terrier|poodle|chihuahua)")
_PETS_ES = (r"(?:perr[oa]|perrit[oa]|gat[oa]|gatit[oa]|mascota|cachorr[oa]|perico|loro|caballo|conejo|tortuga|pez)")
# A pet's name right after its kind with no "called" ("our old dog Duke", "un gato, Michi"), closing the
# sentence or clause ("my dog Duke was a beagle" is a sentence about Duke, not an answer): one or two
# words, each capitalised (the mark of a name), or one word in lower case ("our old dog duke",
# "teníamos un gato, michi"), the ``lower_case`` group: the reader takes it only when it is no
# everyday word ("our dog once", "un perro negro" name no one; ``actions.security_answer``).
_NAME_CLOSING = (r"(?:\s*[,:-]\s*|\s+)(?P<answer>(?-i:[A-ZÁÉÍÓÚÑÜ])[\w'-]*(?:\s+(?-i:[A-ZÁÉÍÓÚÑÜ])[\w'-]*)?"
                 r"|(?P<lower_case>[^\W\d_][\w'-]*))(?=\s*(?:[,;.!?]|$))")

# The Portuguese words for a pet in its answer's framing ("meu cachorro se chama", "o nome da minha gata").
_PT_PETS = r"(?:cachorr[oa]|cachorrinh[oa]|c[aã]o|gat[oa]|gatinh[oa]|bichinho|mascote|pet)"


@dataclass(frozen=True)
class SecurityQuestion:
    key: str  # a stable name for code and tests; the member sees its number
    text: str  # the question asked for the answer (msgid)
    short: str  # its name in the menu and on its button (msgid)
    words: tuple[str, ...]  # what names it when picked without its number (English and Spanish)
    mentions: tuple[str, ...]  # English words that name it inside a longer sentence
    # English phrases that name it at the start of a choice, its answer may follow: "pet's name: Rex"
    phrases: tuple[str, ...]
    # What comes before its answer anywhere in a message, English and Spanish ("my dog's name is",
    # "mi perro se llama"); the answer runs to the end of the clause. A pattern with its own
    # ``answer`` group is used whole, for an answer whose own words name the question
    # ("I went to Lehman High").
    answer_intros: tuple[str, ...]
    # What introduces its answer inside a longer sentence, read only while this question's answer
    # is asked ("su apellido de soltera era", "a dog called", "se llamaba"): words that elsewhere
    # would introduce anything ("named", "se llama"). As in ``answer_intros``, a pattern with its own
    # ``answer`` group is used whole ("our old dog Duke": the name is what closes the clause).
    sentence_intros: tuple[str, ...] = ()
    # Its names as members spell them right, plain (lower case, no accents), English and Spanish: what
    # a name typed with a typo ("hi school", "mothr maiden") is measured against
    # (``actions.question_typos``).
    names: tuple[str, ...] = ()


# The school question's verbs of going, in both languages: "I went to / attended / graduated from",
# "fui a / asistí a(l) / estudié en / me gradué de(l)" (accents optional: members text without them).
_I_WENT_TO = r"i\s+(?:went\s+to|attended|graduated\s+from)"
_FUI_A = r"(?:fui|asist[ií]|estudi[eé]|me\s+gradu[eé])\s+(?:al?|en|del?)"

# "fui a la prepa de Blanco": the school is named by its town, which is the answer a member types
# when asked for it ("Blanco"); "de" before an article or a possessive ("de mi pueblo", "de la
# Garza") stays, as the start of a clause or of a name.
_OF_ITS_TOWN = r"(?:\s+de(?!\s+(?:la|las|los|el|una?|mi|mis|su|sus|tu|nuestr[oa])\b)(?=\s+\w))?"

QUESTIONS: tuple[SecurityQuestion, ...] = (
    SecurityQuestion(
        key="mother",
        text=N_("What is your mother's maiden name?"),
        short=N_("Mother's maiden name"),
        words=(r"mother'?s?", r"mothers", r"mom'?s?", r"moms", r"mum'?s?", r"mama'?s?", r"maiden", r"madre",
               r"mami", r"soltera", r"apellido\s+de\s+(?:mi\s+)?(?:mama|madre)"),
        mentions=(r"mother", r"mothers", r"mother's", r"mom", r"moms", r"mom's", r"mum", r"mama", r"maiden"),
        phrases=(r"mother'?s?\s+maiden\s+name", r"mom'?s?\s+maiden\s+name", r"maiden\s+name"),
        answer_intros=(r"(?:my\s+)?(?:mother|mom|mum|mama)(?:'?s)?\s+maiden\s+name\s*(?:is|was|=|:|-)",
                       r"maiden\s+name\s*(?:is|was|=|:|-)",
                       r"(?:el\s+)?apellido\s+de\s+soltera\s+de\s+mi\s+(?:madre|mam[aá])\s+(?:es|era)",
                       r"mi\s+(?:madre|mam[aá])\s+se\s+apellid(?:aba|a)\b",
                       r"(?:o\s+)?(?:sobre)?nome\s+de\s+solteira\s+da\s+minha\s+m[aã]e\s+(?:é|era|foi)"),
        sentence_intros=(r"(?:su|el|mi)\s+apellido\s+de\s+(?:soltera|familia)\s+(?:es|era|fue)",
                         r"de\s+soltera\s+(?:es|era|fue|se\s+apellidaba)",
                         r"(?:her|my\s+(?:mother|mom|mum)'?s?)\s+(?:last\s+name|surname|family\s+name)"
                         r"(?:\s+before\s+(?:she\s+)?(?:got\s+)?married)?\s+(?:is|was)",
                         r"(?:last\s+name|surname|family\s+name)\s+before\s+(?:she\s+)?(?:got\s+)?married\s+(?:is|was)",
                         r"(?:o\s+)?(?:sobre)?nome\s+de\s+solteira(?:\s+dela)?\s+(?:é|era|foi)",
                         r"minha\s+m[aã]e\s+se\s+chama(?:va)?"),
        names=("mother's maiden name", "mothers maiden name", "mother maiden", "maiden name", "mother", "maiden",
               "madre", "soltera", "apellido de soltera"),
    ),
    SecurityQuestion(
        key="pet",
        text=N_("What is your pet's name?"),
        short=N_("Pet's name"),
        words=(r"pet'?s?", r"pets", r"dog'?s?", r"dogs", r"cat'?s?", r"cats", r"puppy", r"animal", r"mascota",
               r"mascotas", r"perro", r"perrito", r"gato", r"gatito"),
        mentions=(r"pet", r"pets", r"pet's", r"dog", r"dogs", r"dog's", r"cat", r"cats", r"cat's", r"puppy",
                  r"animal"),
        phrases=(r"(?:my\s+)?(?:pet|dog|cat)'?s?\s+name", r"pet", r"dog", r"cat"),
        answer_intros=(r"(?:my\s+|our\s+)?(?:pet|dog|cat|puppy|kitty)(?:'?s)?\s+(?:name\s*(?:is|was|=|:|-)|(?:is|was)\s+(?:called|named))",
                       r"(?:el\s+nombre\s+de\s+)?mi\s+(?:perr[oa]|perrit[oa]|gat[oa]|gatit[oa]|mascota)\s+se\s+llama(?:ba)?",
                       r"el\s+nombre\s+de\s+mi\s+(?:perr[oa]|perrit[oa]|gat[oa]|gatit[oa]|mascota)\s+(?:es|era)",
                       r"(?:o\s+)?nome\s+d[oa]\s+(?:meu|minha)\s+" + _PT_PETS + r"\s+(?:é|era|foi)",
                       r"(?:meu|minha)\s+" + _PT_PETS + r"\s+se\s+chama(?:va)?"),
        sentence_intros=(r"(?:a|an|my|our|the)\s+(?:[\w-]+\s+){0,3}?" + _PETS + r"\s+(?:called|named)",
                         # "our old dog Duke", "teníamos un gato, Michi": a capitalised name closing its sentence
                         r"(?:a|an|my|our|the)\s+(?:[\w-]+\s+){0,3}?" + _PETS + _NAME_CLOSING,
                         r"(?:un|una|mi|nuestro|nuestra|el|la)\s+(?:[\w-]+\s+){0,3}?" + _PETS_ES + _NAME_CLOSING,
                         r"(?:we|i|they)\s+(?:called|named)(?:\s+(?:him|her|it))?", r"(?:called|named)\s+(?:him|her|it)",
                         r"(?:his|her|its)\s+name\s+(?:is|was)",
                         # "my pet is Rex", "our dog is Biscuit" (not "my dog was a beagle")
                         r"(?:my|our)\s+(?:pet|dog|cat|puppy)\s+(?:is|was)(?!\s+(?:a|an|the|called|named|my)\b)",
                         r"(?:un|una|mi|nuestro|nuestra|el|la)\s+(?:[\w-]+\s+){0,3}?" + _PETS_ES
                         + r"\s+(?:que\s+se\s+llama(?:ba)?|llamad[oa]|de\s+nombre)",
                         r"se\s+llama(?:ba)?", r"le\s+pus(?:e|imos|ieron)(?:\s+de\s+nombre)?",
                         # "mi mascota es Firulais", "mi perro era Canelo" (not "mi perro es un labrador")
                         r"mi\s+(?:mascota|perr[oa]|perrit[oa]|gat[oa]|gatit[oa])\s+(?:es|era|fue)"
                         r"(?!\s+(?:un|una|el|la|muy|de|mi|su)\b)",
                         r"(?:um|uma|meu|minha|nosso|nossa|o|a)\s+(?:[\w-]+\s+){0,3}?" + _PT_PETS
                         + r"\s+(?:que\s+se\s+chama(?:va)?|chamad[oa])",
                         r"se\s+chama(?:va)?", r"o\s+nome\s+del[ea]\s+(?:é|era)"),
        names=("pet's name", "pets name", "pet name", "mascota", "perrito"),
    ),
    SecurityQuestion(
        key="school",
        text=N_("Which high school did you attend?"),
        short=N_("High school you attended"),
        # "escuela superior": the high school's name in Puerto Rico, "superior" no answer beside it
        words=(r"school", r"high\s*school", r"highschool", r"hs", r"academy", r"escuela\s+superior", r"escuela", r"colegio",
               r"secundaria", r"preparatoria", r"prepa", r"instituto", r"liceo", r"bachillerato"),
        mentions=(r"school", r"high", r"highschool", r"hs", r"academy"),
        phrases=(r"(?:which\s+)?high\s*school(?:\s+i\s+attended)?", r"school"),
        answer_intros=(r"(?:my\s+)?high\s*school\s*(?:is|was|=|:|-)",
                       _I_WENT_TO + r"\s+(?:high\s+school\s+(?:at|in)\s+)?"
                       r"(?P<answer>[^,;.!?]+?\s+(?:high(?:\s+school)?|hs|academy))\b",
                       r"mi\s+(?:escuela\s+)?(?:preparatoria|secundaria|prepa)\s+(?:fue|era|es)",
                       _FUI_A + r"\s+la\s+(?:escuela\s+)?(?:preparatoria|secundaria|prepa)" + _OF_ITS_TOWN,
                       # "fui a la Dripping Springs High", "fui al Wimberley High": as "I went to Lehman High"
                       _FUI_A + r"\s+(?:(?:la|el)\s+)?(?P<answer>[^,;.!?]+?\s+(?:high(?:\s+school)?|hs|academy))\b",
                       r"(?:eu\s+)?(?:estudei|me\s+formei)\s+n[oa]\s+(?:escola|col[eé]gio)",
                       r"minha\s+escola\s+(?:é|era|foi)"),
        sentence_intros=(_I_WENT_TO + r"(?:\s+high\s+school\s+at)?",
                         # "high school i guess, she went to St. Thomas More" (the one who will remember it)
                         # "the owner attended Dripping Springs High School", "we went to ...": whoever will say it
                         r"(?:she|he|they|we|(?:the|my|our)\s+[^\W\d_]+)\s+(?:went\s+to|attended|graduated\s+from)"
                         r"(?:\s+high\s+school\s+at)?",
                         r"(?:ella|[eé]l|ellos)\s+(?:fue|asisti[oó]|estudi[oó])\s+(?:al?|en)(?:\s+(?:la|el))?"
                         r"(?:\s+(?:escuela|prepa|preparatoria|secundaria|colegio))?",
                         r"(?:the\s+|my\s+)?(?:high\s*)?school\s+(?:i\s+(?:went\s+to|attended)\s+)?(?:is|was)(?:\s+called)?",
                         _FUI_A + r"\s+(?:la\s+|el\s+)?"
                         r"(?:escuela(?:\s+(?:preparatoria|secundaria|prepa))?|preparatoria|secundaria|prepa|"
                         r"high\s*school|colegio|instituto)" + _OF_ITS_TOWN,
                         # "mi escuela fue la secundaria Benito Juárez": the school's kind is no part of its name
                         r"(?:la\s+|mi\s+)?(?:escuela|prepa|preparatoria|secundaria)\s+(?:se\s+llamaba|se\s+llama|era|fue|es)"
                         r"(?:\s+(?:la|el)\s+(?:escuela\s+)?(?:preparatoria|secundaria|prepa|colegio|instituto)\b)?",
                         r"(?:a\s+|minha\s+)?(?:escola|col[eé]gio)\s+(?:se\s+chamava|se\s+chama|era|foi|é)"),
        names=("high school", "highschool", "school", "escuela", "escuela superior", "colegio", "secundaria", "preparatoria",
               "bachillerato"),
    ),
)


def texts() -> tuple[str, ...]:
    """The questions' texts in their order (question ``n`` is ``texts()[n - 1]``)."""
    return tuple(question.text for question in QUESTIONS)


def numbered() -> tuple[tuple[int, SecurityQuestion], ...]:
    """Each question with the number a member picks it by (1 to ``len(QUESTIONS)``)."""
    return tuple(enumerate(QUESTIONS, start=1))


def by_number(number: int) -> SecurityQuestion | None:
    """Question ``number`` (counted from 1), or None when there is no such question."""
    return QUESTIONS[number - 1] if 1 <= number <= len(QUESTIONS) else None
