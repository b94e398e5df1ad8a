"""The regular expressions the registration form reads answers and requests with.

Kept in one place so that the form's per-slot reading (``actions.form``), the
one-time-code sub-flow (``actions.one_time_code``) and the side-question test
share one definition of each shape.
"""

from __future__ import annotations

import re

# An e-mail address, or a word meant as one: anything around an "@" ("nombre@hotmial..com").
# Its words are the address's, never read as anything else (a name, a choice, a yes / no).
ADDRESS_ATTEMPT_RE = re.compile(r"(?<!\S)\S+@\S*")

# English words around a security answer ("my dog's name is Rex", "I went to Lehman High").
ANSWER_FILLER_RE = re.compile(
    r"^(?:(?:ok(?:ay)?|sure|yes|um+|uh+|well)[\s,.!:-]+)*"
    r"(?:(?:my\s+|the\s+)?answer\s*(?:is|:|=|-)?"
    r"|(?:(?:his|her|its|their|my\s+(?:dog|cat|pet|mom|mother|mum)'?s?|the\s+(?:dog|cat|pet)'?s?)\s+)?"
    r"(?:maiden\s+)?name\s+(?:is|was)"
    r"|(?:he|she|it)\s+(?:is|was)\s+(?:called|named)"
    r"|(?:my\s+|the\s+|our\s+)?(?:dog|cat|pet|puppy|kitty)\s+(?:is|was)\s+(?:called|named)"
    r"|(?:my\s+|the\s+)?(?:high\s*)?school\s+(?:is|was)"
    r"|i\s+(?:went|go)\s+to|i\s+attended|i\s+graduated\s+from"
    r"|it'?s|it\s+is|it\s+was|its)\s+",
    re.I,
)


# Spanish words around a security answer ("mi perro se llama Firulais", "fui a la Lehman High", "asistí a la Lehman High").
ANSWER_FILLER_ES_RE = re.compile(
    r"^(?:(?:pues|bueno|ok|s[ií]|claro)[\s,.!:-]+)*"
    r"(?:(?:mi|la)\s+respuesta\s+es"
    r"|(?:el\s+nombre\s+de\s+)?(?:mi\s+)?(?:perr[oa]|perrit[oa]|gat[oa]|gatit[oa]|mascota)\s+(?:se\s+llama(?:ba)?|es|era)"
    r"|(?:el\s+)?apellido\s+(?:de\s+soltera\s+)?(?:de\s+mi\s+(?:madre|mam[aá])\s+)?(?:es|era)"
    r"|(?:mi\s+|la\s+)?(?:escuela|secundaria|prepa(?:ratoria)?|high\s*school)\s+(?:fue|es|era)(?:\s+(?:en\s+)?la)?"
    r"|se\s+llama(?:ba)?|(?:fui|asist[ií])\s+a(?:\s+la)?|estudi[eé]\s+en(?:\s+la)?|me\s+gradu[eé]\s+de(?:\s+la)?"
    r"|fue(?:\s+(?:en\s+)?la)?|es|era)\s+",
    re.I,
)

# The few Portuguese words around a security answer ("se chamava Rex", "o nome dele era Rex", "é Rex").
ANSWER_FILLER_PT_RE = re.compile(
    r"^(?:(?:bom|bem|ok|sim|claro)[\s,.!:-]+)*"
    r"(?:(?:a\s+)?(?:minha\s+)?resposta\s+(?:é|e)|(?:o\s+)?nome\s+del[ea]\s+(?:é|era)|se\s+chama(?:va)?"
    r"|chama(?:va)?-se|é|foi)\s+",
    re.I,
)

# Politeness after a security answer ("Canelo, gracias", "Rex thanks"): no part of the answer.
ANSWER_TRAIL_RE = re.compile(
    r"(?:[\s,.;!-]+(?:muchas\s+gracias|gracias|por\s+favor|porfa|obrigad[oa]|thank\s+you|thanks|thx|please|pls))+[\s.!]*$",
    re.I,
)

# A security question picked by its number ("1", "#2", "number 1", "la 3", "option two" is read by
# ``answers.read_choice``): group 1 is the number. Anything may follow it (``extract``), or, in a
# choice followed by its answer after a pause ("oh ok. number 1, Sullivan"), nothing.
CHOICE_NUMBER = (r"(?:(?:la|el|the)\s+)?(?:#|no\.?|number|option|question|q|opci[oó]n|n[uú]mero|pregunta)?"
                 r"\s*#?\s*([1-9])")

# The texted six-digit code ("123 456", "123-456"), and a member asking for a new one.
# The dot of an abbreviation ("St. Thomas More", "Garza Ranch Co."), which ends no sentence.
ABBREVIATION_DOT_RE = re.compile(r"\b(st|mr|mrs|ms|mx|dr|dra|jr|sr|sra|srta|inc|co|corp|ltd|no|[a-z])\.(?=\s|$)", re.I)
CODE_RE = re.compile(r"(?<!\d)(\d{3})[\s-]?(\d{3})(?!\d)")
# While the code is asked, also digit by digit as read off a screen ("4 8 9 4 3 3", "4-8-9-4-3-3",
# "489.433"): six digits with single spaces, dashes or dots between, no more digits around them.
CODE_AT_ITS_STEP_RE = re.compile(r"(?<!\d)(?<!\d[\s.-])\d(?:[\s.-]?\d){5}(?![\s.-]?\d)")
NEW_CODE_RE = re.compile(r"\b(?:new|another|resend|again|didn'?t|did\s+not|no)\b.*\bcode\b|\bnew\s+code\b", re.I)

# Requests that are never a short free-text answer (a name or a security answer).
COMMAND_RE = re.compile(
    r"\b(?:help|agent|human|person|someone|representative|operator|start\s*over|restart|never\s*mind|"
    r"nevermind|nvm|forget\s+it|password|resend|unregister|delete|remove|email|e-mail|bill|register)\b|\?",
    re.I,
)

# Explicit requests that are never a security answer ("help", "agent", "start over").
ANSWER_COMMAND_RE = re.compile(
    r"\b(?:help|agent|human|person|someone|somebody|representative|operator|start\s*over|restart|never\s*mind|"
    r"nevermind|nvm|forget\s+it|cancel|quit|password|resend|unregister|unsubscribe|delete|remove|sign\s*up|"
    r"register)\b|\?",
    re.I,
)
