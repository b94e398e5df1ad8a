"""What a member's text at the security question and answer steps holds, beyond the choice itself.

A security answer is stored hashed and asked back only when the member forgets the
password, so a wrong one is found too late: text that is no answer must never be stored.
Members pick a question in their own words ("what high school I went to", "la de mi
mamá"), add the answer in the same message ("la de mi mascota, se llama Firulais"), ask
about the question ("does it have to be my mom's?"), or stall ("wait", "no sé"). This
module tells these apart, in English and Spanish, on plain text (``actions.answers.plain``):

- :func:`question_named_only`  the text only names a question (a paraphrase of the choice)
- :func:`choice_with_answer`   a choice, then its answer after a pause ("the pet one, Rex")
- :func:`non_answer`           a question, a "wait" or an "I don't know": never an answer
- :func:`only_yes_or_no`       a yes, a no or the Terms accepted: never an answer
- :func:`may_be_a_pet_s_name`  a word in lower case after a pet's kind that may be its name ("our dog duke")
- :func:`answer_before_a_yes`  the answer, then a yes to the Terms not yet shown ("Duke. Yes, I accept the terms.")
- :func:`asks_about_the_answer` a question about what counts as the answer (the form replies)
- :func:`question_at_the_menu`  a question at the question menu: never a choice
- :func:`asks_which_question`   a question about which option to take (the form replies)
- :func:`asks_for_another_question` a question not on the menu asked for (only these are offered)
- :func:`corrects_the_answer`   a correction of the answer just given (at the Terms)
- :func:`changes_the_answer_only` a request to give the answer again, no other question named
- :func:`new_answer_value`     the new answer such a correction gives ("she says use X")
- :func:`answer_itself`        the answer without the chatter around it ("Rex, I told you")
- :func:`without_remark`       the answer without a remark about it ("Merlot (the vineyard dog)")
- :func:`choice_named`         a choice alone, by its number in words too ("Number one, please", "he says high school")
- :func:`marked_answer`        the answer a marker names anywhere ("... The answer is Westlake.")
- :func:`answers_after_coming_back` what follows "I'm back" says the answer ("ok I'm back, the answer is Rex")
- :func:`too_long_for_an_answer` a sentence, not an answer (the answer alone is asked for)

The words that name each question come from ``common.security_questions`` (through
``actions.answers.security_question_words``), so a question added there is read here too.
"""

from __future__ import annotations

import re

from actions.patterns import ABBREVIATION_DOT_RE, CHOICE_NUMBER
from actions.answers import (
    asks_about_paperless, asks_at_the_terms, asks_to_wait, plain, read_choice, read_explicit_yes_no, read_yes_no,
    security_question_words, takes_time,
)
from actions.name_words import is_common


def _words(*phrases: str) -> re.Pattern[str]:
    """Any of ``phrases`` as whole words; the longest first, so that "go ahead" is taken whole where
    "go" alone would leave "ahead" to pass for an answer."""
    return re.compile(r"(?<![\w'])(?:" + "|".join(sorted(phrases, key=len, reverse=True)) + r")(?![\w'])")


# The most words an answer has ("Escuela Preparatoria Federal Lazaro Cardenas"); more is a sentence.
ANSWER_MAX_WORDS = 6
# Words of a sentence about the answer, not of a name ("we had a dog", "mi mamá era de Monterrey",
# "eu estudei na escola ..."): English, Spanish and the few Portuguese ones members write.
_SENTENCE_WORDS = _words(
    r"i", r"i'?m", r"i'?ve", r"my", r"me", r"we", r"our", r"us", r"she", r"he", r"they", r"was", r"were", r"had",
    r"has", r"have", r"is", r"am", r"are", r"did", r"got", r"went", r"called", r"named",
    r"yo", r"mi", r"mis", r"nosotros", r"ella", r"ellos", r"era", r"fue", r"es", r"son", r"tenia", r"teniamos",
    r"tuve", r"tuvimos", r"se", r"llamaba", r"llama", r"fui", r"estudie",
    r"eu", r"meu", r"minha", r"meus", r"minhas", r"nos", r"ela", r"ele", r"eles", r"foi", r"tinha", r"tinhamos",
    r"tive", r"chama", r"chamava", r"chamado", r"chamada", r"estudei",
)


def too_long_for_an_answer(answer: str | None) -> bool:
    """Is the text a sentence rather than an answer ("It was the one by the river, where my dad
    taught")? More than ``ANSWER_MAX_WORDS`` words, or more than three with words of a sentence
    ("we had a dog"). Such text is never stored unasked: the member is asked for the answer alone."""
    words = plain(answer).replace("?", " ").split()
    return len(words) > ANSWER_MAX_WORDS or (len(words) > 3 and bool(_SENTENCE_WORDS.search(" ".join(words))))


# Agreement and fillers said around a choice, before or after it ("fine, high school", "alright, 3",
# "está bien, la escuela", "ándale pues, la 2", "2, okie dokie", "la 2, vale pues", "number 2 sounds good",
# "la 3, me parece bien"): they agree with the menu and answer nothing, so the choice is taken and its
# answer asked next. The one list of them, for both readers: around a choice named in words
# (``_PARAPHRASE``, ``question_named_only``) and in what follows a choice (``only_agreement``). The
# polite words of ``_NO_ANSWER_WORDS`` ("ok", "sure", "yes", "please") are read beside them.
_AGREEMENT_WORDS = (
    r"ok(?:ay|ey|ie|i)?[\s-]*dok(?:ey|ie|i|y)", r"sounds?\s+(?:good|great|fine|perfect)", r"sounds?",
    r"(?:that\s+)?works(?:\s+for\s+me)?", r"got\s+it", r"go\s+ahead", r"whatever", r"deal",
    r"fine", r"alright", r"all\s+right", r"allright", r"aight", r"good", r"cool", r"great", r"perfect", r"awesome",
    r"well", r"so", r"then", r"oh", r"ah", r"uh+", r"um+", r"yep", r"yup", r"k+",
    r"va", r"que\s+va", r"sale", r"orale", r"andale", r"vale\s+pues", r"pues", r"pos", r"bueno", r"bien",
    r"esta\s+bien", r"(?:asi\s+)?(?:me\s+)?parece\s+bien", r"de\s*acuerdo", r"acuerdo", r"perfecto", r"excelente",
    r"claro", r"listo", r"okey", r"con\s+esa", r"entonces", r"ya", r"eh+", r"mm+", r"si", r"gracias", r"por\s+favor",
)
# Words of agreement that are also names people give themselves and their pets ("Dale", "Vale"), read
# one way by every reader: beside a choice they agree ("la 2, vale", "2, dale", "the pet one, dale"),
# which is far more often meant than a pet called Dale, and costs that member nothing worse than the
# answer asked next, nothing stored; anywhere else they are an answer ("Dale" alone when the answer is
# asked is stored): ``is_an_answer`` never takes them for agreement. "Vale pues" is no name.
_AGREEMENT_OR_A_NAME = (r"dale", r"vale")
# Everything that agrees beside a choice.
_AGREEMENT = _words(*_AGREEMENT_WORDS, *_AGREEMENT_OR_A_NAME)


# Words that may surround a question's own words when a member picks it in a sentence
# ("what high school I went to", "the one about my mother", "la del apellido de mi mamá"):
# none of them is an answer. Names of people, pets or schools are never listed here.
_PARAPHRASE = _words(
    # English
    r"the", r"a", r"an", r"my", r"our", r"her", r"his", r"one", r"ones", r"question", r"questions", r"option",
    r"about", r"for", r"of", r"on", r"in", r"at", r"to", r"from", r"please", r"pls", r"plz", r"thanks?",
    r"thank\s+you", r"i", r"i'?ll", r"i'?d", r"i'?m", r"we", r"we'?ll", r"we'?d", r"would", r"should", r"could", r"will",
    r"do", r"pick", r"choose", r"take",
    r"use", r"want", r"go", r"going", r"went", r"gone", r"with", r"like", r"prefer", r"that", r"this", r"it",
    r"is", r"was", r"what'?s?", r"which", r"where", r"who", r"name", r"names", r"first", r"attended", r"attend",
    r"graduated", r"graduate", r"me", r"let'?s", r"ok(?:ay)?", r"sure", r"yes", r"yeah", r"guess", r"think",
    r"just", r"called", r"named", r"maybe", r"hmm+", r"shall", r"regarding", r"concerning", r"security",
    # Spanish
    r"la", r"el", r"lo", r"los", r"las", r"de", r"del", r"d", r"mi", r"mis", r"su", r"sus", r"un", r"una",
    r"uno", r"pregunta", r"preguntas", r"opcion", r"sobre", r"que", r"al", r"en", r"donde", r"cual",
    r"como", r"se", r"llama", r"llamaba", r"llamo", r"nombre", r"apellido", r"soltera", r"quiero",
    r"quisiera", r"prefiero", r"elijo", r"escojo", r"escogo", r"tomo", r"uso", r"me", r"quedo", r"con",
    r"voy", r"favor", r"porfa", r"fui", r"estudie", r"asisti", r"termine", r"es", r"era",
    r"fue", r"esa", r"ese", r"esta", r"este", r"yo", r"mejor", r"pongo", r"pon", r"ponga", r"primer", r"primera", r"tuve", r"seguridad",
    # the kind of school named with its word ("escuela primaria: Bowie", "elementary school: Travis")
    r"primaria", r"elementary", r"middle",
    # words of choosing ("I suppose the pet one", "agarro la 2", "sería la de la escuela")
    r"suppose", r"lets?", r"vamos", r"agarro", r"eligo", r"ocupo", r"seria", r"sera", r"usemos", r"pongamos",
    # agreement around the choice, the names among it left out (``_AGREEMENT_OR_A_NAME``)
    *_AGREEMENT_WORDS,
)

# Politeness and fillers that are no answer on their own ("the pet one, please", "la de la
# escuela, si me hace el favor", "the school one, if you don't mind"). Whole phrases come first,
# so that none of their words ("hace", "mind", "chance") is left over to pass for an answer.
_NO_ANSWER_WORDS = _words(
    # English
    r"(?:if|when)\s+(?:you\s+)?(?:don'?t|do\s+not)\s+mind", r"if\s+you\s+(?:would|could|will|can|please|may)",
    r"if\s+(?:that'?s|that\s+is|it'?s|it\s+is)\s+(?:ok(?:ay)?|alright|all\s+right|fine|possible)",
    r"if\s+possible", r"if\s+(?:it'?s\s+)?not\s+too\s+much\s+(?:trouble|bother)", r"if\s+you\s+(?:would\s+)?be\s+so\s+kind",
    r"(?:when|whenever)\s+you\s+(?:get|have)\s+a\s+(?:chance|moment|minute|sec(?:ond)?)", r"at\s+your\s+convenience",
    r"thank\s+you(?:\s+(?:kindly|so\s+much|very\s+much|a\s+lot))?", r"thanks?(?:\s+(?:kindly|so\s+much|a\s+lot|a\s+bunch))?",
    r"many\s+thanks", r"much\s+appreciated", r"(?:i\s+)?appreciate\s+(?:it|you)", r"kindly", r"please", r"pls", r"plz",
    r"ok(?:ay)?", r"sure", r"yes", r"yeah", r"i\s+think", r"i\s+guess", r"one", r"question", r"for\s+me",
    # Spanish (accents off)
    r"si\s+(?:me\s+)?(?:hace|haces|hiciera|hicieras)\s+(?:el|un)\s+favor", r"si\s+(?:es|eres|fuera|fueras)\s+tan\s+amable",
    r"si\s+no\s+es\s+(?:mucha\s+)?molestia", r"si\s+no\s+(?:le|te)\s+molesta", r"si\s+se\s+puede", r"si\s+es\s+posible",
    r"cuando\s+(?:pueda|puedas|tenga\s+(?:un\s+)?(?:chance|tiempo)|tengas\s+(?:un\s+)?(?:chance|tiempo))",
    r"(?:muchas|mil)\s+gracias", r"(?:se\s+lo|te\s+lo|le|te)\s+agradezco", r"por\s+favor", r"de\s+favor", r"porfa(?:vor)?",
    r"gracias", r"okey", r"si", r"creo", r"supongo", r"bueno", r"pues", r"esa", r"ese", r"esta", r"pregunta",
)

# Words that take back or change a choice ("actually the pet one", "mejor la de la escuela").
_CHANGE_WORDS = _words(r"actually", r"instead", r"rather", r"no", r"not", r"nope", r"sorry", r"wait", r"better",
                       r"make\s+it", r"mejor", r"perdon", r"en\s+realidad", r"mas\s+bien")

# "I don't know", "no sé", "no me acuerdo": the member has no answer yet.
_UNSURE = _words(
    r"(?:i\s+)?(?:don'?t|do\s+not|dont)\s+(?:know|remember|recall)", r"idk", r"dunno", r"not\s+sure",
    r"no\s+idea", r"i\s+forgot", r"(?:i\s+)?can'?t\s+remember", r"no\s+(?:lo\s+)?se", r"ni\s+idea",
    r"no\s+tengo\s+idea", r"no\s+estoy\s+segur[oa]", r"no\s+me\s+acuerdo", r"no\s+recuerdo",
    r"se\s+me\s+olvido", r"ya\s+no\s+me\s+acuerdo",
)

# A message that only asks for time ("wait", "hold on", "let me think", "un momento").
_WAIT = re.compile(
    r"^(?:(?:ok(?:ay)?|oh|ah|sorry|perdon|please|por\s+favor|porfa|mmm+|hmm+|um+|uh+|eh+|so|a\s+ver)\s*)*"
    r"(?:wait(?:\s+a\s+(?:sec(?:ond)?|minute|moment))?|hold\s+on|hang\s+on|one\s+(?:sec(?:ond)?|moment|minute)|"
    r"(?:just\s+)?a\s+(?:sec(?:ond)?|moment|minute)|give\s+me\s+a\s+(?:sec(?:ond)?|moment|minute)|"
    r"let\s+me\s+(?:think|check|see|look)|(?:i'?m\s+)?thinking|mmm+|hmm+|um+|uh+|"
    r"espera(?:me)?|espere(?:me)?|un\s+(?:momento|segundo|minuto)|momento|deja(?:me)?\s+(?:pensar|ver|checar|revisar)|"
    r"deje(?:me)?\s+(?:pensar|ver|checar|revisar)|a\s+ver|ahorita|estoy\s+pensando)"
    r"(?:\s*(?:please|por\s+favor|porfa|i'?m\s+thinking|let\s+me\s+think|deja(?:me)?\s+pensar|a\s+ver|mmm+|hmm+))*$"
)

# The words a question starts with, English and Spanish (on plain text, accents off). Words
# that may open an answer ("es Firulais", "Will Rogers High", "May") are left out.
_QUESTION_START = re.compile(
    r"^(?:does|do|did|is|are|was|were|can|could|should|would|must|has|have|what|which|who|whose|whom|where|"
    r"when|why|how|que(?!\s+se\s+llama)|cual|cuales|quien|quienes|de\s+quien|donde|cuando|por\s+que|"
    r"tiene\s+que|tengo\s+que|debe|debo|puede|puedo|se\s+puede|hay\s+que)\s+\S"
)

# A question about what counts as the answer ("does it have to be my mom's or the owner's mom?",
# "¿tiene que ser el de mi mamá?"), not a question about something else ("is this safe?").
_ABOUT_THE_ANSWER = _words(
    r"answer", r"respuesta", r"(?:has|have|need|needs)\s+to", r"(?:does|do|can|could|should|must|would)\s+it",
    r"can\s+i\s+(?:use|put|say|give)", r"whose", r"which\s+(?:one|person|name)", r"does\s+(?:that|this)\s+count",
    r"count", r"counts", r"matter", r"nickname", r"real\s+name", r"full\s+name",
    r"tiene\s+que", r"tengo\s+que", r"debe", r"puede\s+ser", r"puedo\s+(?:usar|poner|decir)", r"de\s+quien",
    r"cual\s+(?:de|persona|nombre)", r"sirve", r"vale", r"cuenta", r"importa", r"apodo", r"nombre\s+completo",
)

# "none of these fit", "ninguna aplica": the menu itself is questioned, no option taken.
_NONE_FIT = _words(
    r"none\s+(?:of\s+(?:these|those|them|the\s+\w+)\s+)?(?:really\s+)?(?:fits?|works?|appl(?:y|ies)|makes?\s+sense)",
    r"(?:doesn'?t|does\s+not|don'?t|do\s+not)\s+(?:really\s+)?(?:fit|apply|work)",
    r"ninguna\s+(?:de\s+(?:estas|esas|las\s+\w+)\s+)?(?:me\s+)?(?:aplica|sirve|funciona|queda|tiene\s+sentido)",
    r"no\s+(?:me\s+)?(?:aplica|aplican|sirve|sirven|queda|quedan)",
)
# A question about which option to take ("which one should I use for an LLC?", "¿cuál me conviene
# para mi negocio?"): the form says what any of them needs, then offers the menu again.
_WHICH_QUESTION = _words(
    r"which", r"what\s+(?:question|one)", r"(?:should|do|can|could)\s+i\s+(?:pick|choose|use|take|do)", r"best",
    r"business", r"company", r"llc", r"inc", r"corporation", r"ranch", r"farm", r"church", r"organization",
    r"cual(?:es)?", r"(?:escojo|elijo|uso|pongo|tomo)", r"me\s+conviene", r"mejor", r"negocio", r"empresa",
    r"compania", r"rancho", r"iglesia", r"organizacion", r"sociedad",
)

# "oops, I misspelled it", "typo", "I meant ...", "me equivoqué", "quise decir", "lo escribí mal":
# the answer just given is corrected.
_CORRECTS = _words(
    r"misspel+(?:ed|t)?", r"mis-?typed", r"typo", r"spel+(?:ed|t)\s+(?:it\s+|that\s+)?wrong", r"wrong\s+spelling",
    r"correction", r"i\s+meant", r"meant\s+to\s+(?:say|type|write|put)", r"should\s+(?:be|have\s+been|say)",
    r"me\s+equivoque", r"quise\s+decir", r"(?:lo|la)\s+escribi\s+mal", r"escribi\s+mal", r"mal\s+escrit[oa]",
    r"error\s+de\s+dedo", r"correccion", r"corrijo", r"me\s+falto\s+una\s+letra", r"era\s+con",
)
# "it's Wimberley not Wimberly", "es Wimberley no Wimberly": one spelling put for another.
_RESPELLED = re.compile(r"(?<!\w)(?:it'?s|it\s+is|es)\s+(?P<new>\w+)(?:\s+\w+){0,3}?[\s,]+(?:not|no)\s+(?P<old>\w+)",
                        re.I)

# A remark that points back at what the member said before ("like I said", "as I wrote above", "as
# mentioned", "como le dije", "como ya le escribí arriba"): said around an answer, it is no part of it.
_SAID_BEFORE = (
    r"(?:(?:like|as)\s+(?:i\s+)?(?:already\s+)?(?:said|told\s+you|wrote|mentioned|typed|put|sent|stated)"
    r"|as\s+(?:already\s+)?(?:mentioned|stated|written|said)|like\s+i\s+told\s+you)"
    r"(?:\s+(?:it\s+)?(?:before|already|above|earlier|previously|in\s+my\s+(?:first|last|other)\s+message))*"
    r"|(?:como\s+)?(?:ya\s+)?(?:se\s+lo\s+|te\s+lo\s+|le\s+|te\s+|les\s+|lo\s+)?"
    r"(?:dije|escrib[ií]|puse|mencion[eé]|mand[eé])(?:\s+(?:antes|arriba|ya|hace\s+rato))*"
)
# Chatter before an answer ("wait, it's Rex", "hmm, Garza", "como te dije, Firulais").
_LEADING_CHATTER = re.compile(
    r"^(?:(?:(?:wait|hold\s+on|hang\s+on|let\s+me\s+(?:think|see)|" + _SAID_BEFORE + r"|"
    r"i\s+(?:already\s+)?(?:told\s+you|said)|already\s+said|"
    r"espera|a\s+ver)[\s,.;:!-]+)"
    r"|(?:(?:hmm+|um+|uh+|oh|ah|so|well|fine|alright|all\s+right|ok(?:ay)?|mmm+|este|pues|bueno)\s*[,.;:!-]+\s*))+",
    re.I,
)
# Chatter after an answer ("firulais ya te dije", "Rex, I told you", "Garza like I said").
_TRAILING_CHATTER = re.compile(
    r"(?:[\s,.;:!-]+(?:(?:i\s+)?already\s+(?:told\s+you|said(?:\s+(?:that|it|so))?)|i\s+told\s+you(?:\s+already)?|"
    + _SAID_BEFORE + r"))+[\s.!]*$",
    re.I,
)
# Words that introduce a name right after the choice ("la de mi mascota, se llama Firulais",
# "the pet one, his name is Rex", "the dog one, he's called Rex").
_NAME_INTRO = re.compile(
    r"^(?:(?:and|y)\s+)?(?:(?:which|that|who)\s+(?:was|is)|(?:que|quien|la\s+cual|el\s+cual)\s+(?:era|es|fue)|"
    r"(?:it|she|he)\s+was|(?:que\s+)?se\s+llama(?:ba)?|(?:su\s+nombre|el\s+nombre)\s+(?:es|era)|"
    r"(?:his|her|its|their|the)\s+name\s+(?:is|was)|(?:he|she|it)'?s\s+(?:called|named)|"
    r"(?:he|she|it)\s+(?:is|was)\s+(?:called|named)|called|named|llamad[oa]|(?:it|she|he)(?:'s|\s+is)|es)\s+",
    re.I,
)

# Where the sentence holding an answer ends ("... which was Ekström. And yes, I accept ...").
_SENTENCE_END = re.compile(r"(?<=\w)[.!?;]+\s+(?=\S)")
# The Terms accepted in so many words ("and yes, I accept the Terms", "y sí, acepto los términos").
_ACCEPTS_TERMS = re.compile(
    r"(?<![\w'])(?:i\s+)?(?:accept|agree\s+to)\s+(?:the\s+|your\s+)?terms|(?<![\w'])acepto\s+(?:los\s+|sus\s+)?terminos")
_NEGATED_TERMS = re.compile(r"(?<![\w'])(?:no|not|don'?t|do\s+not|never|nunca)\s+(?:\w+\s+){0,2}?(?:accept|agree|acepto)")
# Words that introduce an answer in a sentence ("which was Ekström", "se llamaba Firulais"): a
# message holding them at the security steps may hold the answer, so it is kept out of the record.
_ANSWER_INTRO_WORDS = _words(r"was", r"is", r"were", r"called", r"named", r"se\s+llama(?:ba)?", r"era", r"es",
                             r"fue", r"llamad[oa]", r"apellidaba")


def accepts_the_terms(text: str | None) -> bool:
    """Does the message accept the Terms in so many words ("And yes, I accept the Terms and
    Conditions", "acepto los términos"), with no negation before it, and not in a question ("Before
    I accept on behalf of the business, may I accept the Terms as an employee?": nothing said yet)?"""
    words = plain(text)
    return (bool(_ACCEPTS_TERMS.search(words)) and not _NEGATED_TERMS.search(words)
            and not asks_at_the_terms(text))


# The Terms accepted at the end of a message ("..., and I accept the terms and conditions.", "..., y sí,
# acepto los términos y condiciones"), with the words that join it to what came before.
_TRAILING_TERMS = re.compile(
    r"[\s,;.!]*(?<![\w'])(?:(?:and|y|also|tambi[eé]n)[\s,]+)?(?:(?:yes|yeah|yep|s[ií]|claro)[\s,!]+)?"
    r"(?:(?:i\s+)?(?:accept|agree\s+to)\s+(?:the\s+|your\s+)?terms(?:\s+(?:and|&)\s+conditions)?"
    r"|(?:acepto|aceptamos)\s+(?:los\s+|sus\s+)?t[eé]rminos(?:\s+y\s+condiciones)?)[\s.!]*$",
    re.I)


def without_accepted_terms(text: str | None) -> str:
    """The text without the Terms accepted at its end ("la 3, Escuela Lanier, y acepto los términos" ->
    "la 3, Escuela Lanier"): that acceptance is never part of a security answer given before it. Whether
    the Terms count as accepted is read on the whole message (``accepts_the_terms``)."""
    text = (text or "").strip()
    if _NEGATED_TERMS.search(plain(text)):
        return text
    cut = _TRAILING_TERMS.sub("", text).strip()
    return cut if re.search(r"\w", cut) else text


def only_yes_or_no(text: str | None) -> bool:
    """Is the message a yes or a no in so many words ("yes", "sí", "nope"), or the Terms accepted
    ("Yes, I accept the terms", "sí, acepto los términos")? Such a message answers the question a
    member expects next, never the security question: stored, it would lock the member out of a
    forgotten password, and its "accept" would take Terms never shown. A name that reads as a yes
    only by guess ("Dale", "Simon", "Vale") is still an answer (``read_explicit_yes_no``)."""
    return read_explicit_yes_no(text) is not None or accepts_the_terms(text)


# Words after a pet's kind that describe it or the sentence, never its name ("un perro negro",
# "un gato chiquito", "we had a dog once", "teníamos un perro antes"), besides everyday words
# (``name_words.COMMON_WORDS``). Spanish puts colours and sizes after the kind; English before it.
_NOT_A_PET_S_NAME = _words(
    r"ago", r"today", r"yesterday", r"anymore", r"forever", r"growing", r"mix", r"mutt", r"rescue", r"tho",
    r"either", r"lol", r"haha\w*", r"jaja\w*", r"jeje\w*", r"plis", r"pliz", r"porfis", r"xfa", r"ty",
    r"negr[oa]", r"blanc[oa]", r"gris", r"cafe", r"cafecit[oa]", r"pint[oa]", r"amarill[oa]", r"atigrad[oa]",
    r"manchad[oa]", r"rubi[oa]", r"grande", r"chic[oa]", r"chiquit[oa]", r"pequen[oa]", r"bonit[oa]", r"viej[oa]",
    r"viejit[oa]", r"callejer[oa]", r"mestiz[oa]", r"hermos[oa]", r"precios[oa]", r"gord[oa]", r"gordit[oa]",
    r"flac[oa]", r"macho", r"hembra", r"cachorr[oa]", r"bebe", r"antes", r"ahora", r"siempre", r"nunca", r"hoy",
    r"ayer", r"entonces", r"alla", r"aca", r"tambien", r"todavia",
)


def may_be_a_pet_s_name(word: str | None) -> bool:
    """Could a word in lower case right after a pet's kind be its name ("our old dog duke",
    "teníamos un gato, michi")? A capitalised word there is read as a name; one in lower case
    only when it is no everyday word ("our dog once", "a dog too"), no word that describes a pet
    ("un perro negro", "un gato chiquito") and an answer at all (no question's own words)."""
    words = plain(word).strip()
    return (len(words) > 1 and not is_common(words) and not _NOT_A_PET_S_NAME.fullmatch(words)
            and is_an_answer(words))


# Words that join a yes to what came before it ("Duke. And yes, I accept", "Michi. Y sí, acepto").
_JOINING_WORDS = _words(r"and", r"also", r"y", r"tambien")


def _only_a_yes(text: str) -> bool:
    """Is the text a yes and nothing else ("Yes, I accept the terms.", "y sí, acepto los términos")?
    ``read_explicit_yes_no`` reads a yes in a longer message too ("Duke. Yes, I accept"): here
    every word must be one of a yes, of the Terms or of politeness."""
    words = plain(text)
    if read_explicit_yes_no(text) is not True or _NEGATED_TERMS.search(words):
        return False
    rest = _PARAPHRASE.sub(" ", _JOINING_WORDS.sub(" ", _TERMS_WORDS.sub(" ", _NO_ANSWER_WORDS.sub(" ", words))))
    return not re.sub(r"[\W_]+", "", rest)


def answer_before_a_yes(text: str | None) -> str | None:
    """The answer a member typed before a yes to the step they expect next ("Duke. Yes, I accept
    the terms." -> "Duke", "Michi. Sí, acepto los términos." -> "Michi"), else None.

    The answer is taken; the yes is not: the Terms were never shown, so they come next and a yes
    counts once they were (``only_yes_or_no`` is why a yes alone is no answer)."""
    text = (text or "").strip()
    for pause in _PAUSE.finditer(text):
        head, tail = text[: pause.start()].strip(), text[pause.end():].strip()
        if head and tail and _only_a_yes(tail) and is_an_answer(head):
            return head
    return None


def may_hold_an_answer(text: str | None) -> bool:
    """Could the message hold a security answer in a sentence ("the same as last time, which was
    Ekström")? Then it is redacted even when nothing in it was stored."""
    return bool(_ANSWER_INTRO_WORDS.search(plain(text)))


# A choice by its number alone, before a pause ("oh ok. number 1, Sullivan", "ah ok. la 1, Garza").
_NUMBERED_CHOICE = re.compile(CHOICE_NUMBER + r"[.):]?", re.I)
# Where a choice may end and its answer begin: a punctuation pause, a dash, or the words that
# introduce a name ("my pet's name which is Smulan": they stay in the answer's part, ``_NAME_INTRO``).
_PAUSE = re.compile(r"\s*(?:[,;:.!]+|\s-+|\s–)\s*|\s+(?=(?:which|that)\s+(?:is|was)\s|que\s+(?:era|es|fue)\s)", re.I)


def question_named_only(text: str | None, whole_words: int = 2) -> int | None:
    """The one question the text names when its other words are only the words around a choice
    ("what high school I went to", "la del high school", "my mother's maiden name one"), else None.

    A single word names a question only when ``whole_words`` is 1: at the answer step "Puppy"
    or "Mama" may be the answer itself."""
    words = plain(text).replace("?", " ")
    if len(words.split()) < whole_words or agreement_in_a_printed_name(text):
        return None  # "Colegio Bueno" names a school, not the school question
    options = security_question_words()
    named = {number for number, pattern in options.items() if pattern.search(words)}
    if len(named) != 1:
        return None
    rest = words
    for pattern in options.values():
        rest = pattern.sub(" ", rest)
    # A question is named, so the words of agreement that are names too agree here ("the pet one, dale").
    rest = _AGREEMENT.sub(" ", _PARAPHRASE.sub(" ", _PARAPHRASE.sub(" ", rest))).replace("'s", " ")
    return next(iter(named)) if not re.sub(r"[\W_]+", "", rest) else None


def choice_with_answer(text: str | None) -> tuple[int, str] | None:
    """(question, answer) when the text names a question, then after a pause gives its answer
    ("la d mi mascota, se llama firulais", "the school one: Lanier High", "The same as before,
    please: my mother's maiden name, which was Ekström. And yes, I accept the Terms"); else None.
    A lead-in before the choice is skipped and the answer ends with its sentence, so what the
    next sentence says (the Terms accepted) is no part of it."""
    text = (text or "").strip()
    pauses = list(_PAUSE.finditer(text))
    starts = [0] + [pause.end() for pause in pauses]
    for index, pause in enumerate(pauses):
        question = next((number for start in starts[: index + 1]
                         if (number := choice_named(text[start: pause.start()])) is not None), None)
        if question is None:
            continue
        after = text[pause.end():].strip()
        while ((lead := _PAUSE.search(after)) and lead.start() > 0 and after[lead.end():].strip()
               and only_agreement(after[: lead.start()])):
            after = after[lead.end():]  # "Number one, please: Kowalczyk": the politeness is no part of the answer
        # "... she went to St. Thomas More": the dot of an abbreviation ends no sentence.
        after = ABBREVIATION_DOT_RE.sub(lambda m: m.group(1) + "\x00", after)
        sentences = [sentence.replace("\x00", ".") for sentence in _SENTENCE_END.split(after)]
        while len(sentences) > 1 and _only_politeness(sentences[0]):
            sentences.pop(0)  # "Mother's maiden name, please. It is Vaughn.": the answer is in the next one
        tail = _ACKNOWLEDGED.sub("", sentences[0])
        clauses = tail.split(",")
        while len(clauses) > 1 and only_agreement(clauses[0]):
            clauses.pop(0)  # "2, okie dokie, Rex": the answer is after the agreement
        tail = ",".join(clauses)
        if only_agreement(tail):
            return None  # "la 2, vale pues", "2, okie dokie": the choice only, its answer is asked
        answer = answer_itself(_NAME_INTRO.sub("", tail))
        named_after = {number for number, pattern in security_question_words().items()
                       if pattern.search(plain(answer))}
        if named_after - {question}:
            return None  # "the school one. Actually no, the pet one": no answer, and no sure choice
        if is_an_answer(answer):
            return question, answer
        return None
    return None


# Fillers that open or close the answer after a choice, with no comma to set them off ("2, well Rex",
# "number 2, so Rex", "pet name, it is Rex actually"): no part of the answer.
_ACKNOWLEDGED = re.compile(
    r"^\s*(?:(?:well|so|um+|uh+|hmm+|fine|alright|all\s+right|ok(?:ay)?|OK|Ok|bueno|pues|este)\s+)+(?=\w)"
    r"|[\s,]+(?:actually|really|en\s+realidad)[\s.!]*$",
)  # lower case only: "Well Creek High" is a school


def only_agreement(text: str | None) -> bool:
    """Is the text only agreement and fillers (``_AGREEMENT``, "Dale" and "Vale" among them) and polite
    words (``_NO_ANSWER_WORDS``: "ok", "sure", "thanks")? Said after a choice, it is no answer ("2, dale");
    "Colegio Bueno" is one."""
    words = plain(text).replace("?", " ")
    return (bool(words.strip()) and not re.sub(r"[\W_]+", "", _NO_ANSWER_WORDS.sub(" ", _AGREEMENT.sub(" ", words)))
            and not agreement_in_a_printed_name(text))


# Words of agreement that only carry a choice on ("High School Then", "Escuela Pues"), never a name's word.
_SEQUENCE_WORDS = frozenset({"then", "so", "entonces", "pues"})


def agreement_in_a_printed_name(text: str | None) -> bool:
    """Does the text hold a word of agreement written as a word of a printed name: capitalised, right
    after a capitalised word that is no agreement or polite word itself, nothing between them ("Colegio
    Bueno", "Lake Well")? Then it is a name's word, never agreement ("la 3, bueno", "2, okie dokie", "Ok
    Fine" stay agreement, and so does a word of choosing: "High School Then")."""
    words = (text or "").split()
    for before, word in zip(words, words[1:]):
        if (before[:1].isupper() and word[:1].isupper() and before[-1].isalnum()
                and _AGREEMENT.fullmatch(agreed := plain(word.strip(".!"))) and agreed not in _SEQUENCE_WORDS
                and not _AGREEMENT.fullmatch(plain(before))
                and not _NO_ANSWER_WORDS.fullmatch(plain(before))):
            return True
    return False


def _only_politeness(text: str) -> bool:
    """Is a sentence after a choice only polite words or fillers ("please", "thanks", "por favor")?"""
    return bool(plain(text)) and not is_an_answer(text) and non_answer(text) is None and not only_yes_or_no(text)


# A choice passed on from someone else ("he says high school", "the owner says the pet one", "dice que la
# de la escuela", "mi jefe dice la 2"): a bookkeeper or a relative writing for the member.
_PASSED_ON = re.compile(
    r"^(?:(?:he|she|they|the\s+\w+|my\s+\w+|our\s+\w+)\s+(?:says?|said|wants?)|(?:(?:[eé]l|ella|mi|su|la)\s+(?:\w+\s+)?)?"
    r"(?:dice|dijo|quiere)(?:\s+que)?)\s+(?=\S)", re.I)
# A number in words after a choice's label, or alone ("number one", "option two", "la número uno", "la dos").
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
                 "uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5}
_NUMBER_IN_WORDS = re.compile(
    r"(?<![\w'])((?:number|no\.?|option|question|numero|opcion|pregunta|la|el)\s*|#\s*)(" + "|".join(_NUMBER_WORDS)
    + r")(?![\w'])")


def choice_named(text: str) -> int | None:
    """The question a stretch of text before a pause picks, by its number alone ("number 1", "la 1",
    "#2", "Number two please", "la número uno") or in other words only ("the pet one", "la de mi mamá",
    "he says high school"); else None."""
    text = _PASSED_ON.sub("", text.strip())
    numbered = _NUMBERED_CHOICE.fullmatch(text.strip())
    if numbered:
        return int(numbered[1]) if int(numbered[1]) in security_question_words() else None
    # "Number two please", "la número uno por favor": the polite words around the number read off
    words = _NUMBER_IN_WORDS.sub(lambda m: m[1] + str(_NUMBER_WORDS[m[2]]), re.sub(r"[^\w#.]+", " ", plain(text)))
    bare = re.sub(r"\s+", " ", _NO_ANSWER_WORDS.sub(" ", _AGREEMENT.sub(" ", words))).strip(" .")
    in_words = _NUMBERED_CHOICE.fullmatch(bare) or re.fullmatch("(" + "|".join(_NUMBER_WORDS) + ")", bare)
    if in_words:
        number = int(in_words[1]) if in_words[1].isdigit() else _NUMBER_WORDS[in_words[1]]
        return number if number in security_question_words() else None
    return question_named_only(text, whole_words=1) or _ordinal_choice(text)


# A question picked by its place in the menu ("la primera", "the third question", "the last one").
_ORDINAL_WORDS = _words(r"first", r"second", r"third", r"1st", r"2nd", r"3rd", r"primer[oa]?", r"segund[oa]",
                        r"tercer[oa]?", r"last", r"ultim[oa]")


def _ordinal_choice(text: str) -> int | None:
    """The question a stretch picks by one ordinal among only the words around a choice ("la primera",
    "We would prefer the third question"); else None."""
    words = plain(text).replace("?", " ")
    if len(_ORDINAL_WORDS.findall(words)) != 1:
        return None
    rest = _AGREEMENT.sub(" ", _PARAPHRASE.sub(" ", _PARAPHRASE.sub(" ", _ORDINAL_WORDS.sub(" ", words))))
    return None if re.sub(r"[\W_]+", "", rest) else read_choice(text, security_question_words())


def is_an_answer(text: str | None) -> bool:
    """Could the text be an answer at all? Not a question, a "wait" or an "I don't know", and
    not made only of polite words, words that change a choice and the names of questions
    ("please", "actually the pet one"). A word of agreement that is a name too ("Dale",
    ``_AGREEMENT_OR_A_NAME``) may be one."""
    words = plain(text).replace("?", " ")
    for pattern in security_question_words().values():
        words = pattern.sub(" ", words)
    rest = _PARAPHRASE.sub(" ", _PARAPHRASE.sub(" ", _CHANGE_WORDS.sub(" ", _NO_ANSWER_WORDS.sub(" ", words))))
    return ((bool(re.sub(r"[\W_]+", "", rest.replace("'s", " "))) or agreement_in_a_printed_name(text))
            and non_answer(text) is None and not only_yes_or_no(text))


def non_answer(text: str | None) -> str | None:
    """Why the text is no answer: "question" (it asks something), "wait" (it asks for time),
    "unsure" (the member does not know); None when it may be an answer."""
    raw = (text or "").strip()
    words = plain(raw).replace("?", " ").strip()
    if not words:
        return None
    if _UNSURE.search(words):
        return "unsure"
    if _WAIT.match(words) or takes_time(raw):
        return "wait"  # "hold on, I need to ask my partner which school to use, brb"
    if "?" in raw or "¿" in raw or _QUESTION_START.match(words):
        return "question"
    return None


def question_at_the_menu(text: str | None) -> bool:
    """At the question menu, a message that asks something or finds no option fitting ("which one
    should I use for an LLC? the ranch doesn't have a mother"): it chooses nothing, whatever
    question's words it holds. A choice put as a question ("what high school I went to",
    "the pet one?", "2?") is still a choice."""
    words = plain(text).replace("?", " ")
    if non_answer(text) != "question" and not _NONE_FIT.search(words):
        return False
    return question_named_only(text, whole_words=1) is None and not re.fullmatch(r"\W*#?\s*\d+\W*", text or "")


# A question not on the menu asked for ("could I use a different question, such as the name of my
# first teacher?", "¿puedo poner otra pregunta?"): only the menu's questions are offered.
_ANOTHER_QUESTION = _words(
    r"(?:different|another|other|new|custom|own|personal|separate)\s+(?:security\s+)?questions?",
    r"(?:different|another|new|custom|own)\s+one", r"questions?\s+of\s+my\s+own", r"make\s+up\s+(?:my\s+own|a|one)",
    r"write\s+my\s+own", r"not\s+on\s+(?:the|this|your)\s+(?:list|menu)",
    r"otras?\s+preguntas?", r"preguntas?\s+(?:diferentes?|distintas?|propias?|personalizadas?|mias?)",
    r"mi\s+propia\s+pregunta", r"una\s+(?:diferente|distinta)", r"otra\s+(?:diferente|distinta|que\s+no)",
    r"inventar\s+(?:mi|una)",
)


def asks_for_another_question(text: str | None) -> bool:
    """At the menu, a request for a question the menu does not offer ("could I use a different
    question, such as the name of my first teacher?", "¿puedo usar otra pregunta, como el nombre de
    mi primer maestro?"), naming none of the menu's: its "name" / "nombre" is that question's, never
    the account's name (verified by then), and the reply says only these questions are offered."""
    words = plain(text).replace("?", " ")
    return bool(_ANOTHER_QUESTION.search(words)) and not any(
        pattern.search(words) for pattern in security_question_words().values())


# Where a message's sentences end: "2. Our dog is Biscuit. Does signing up switch me ...?", "la 1, Garcia.
# ¿y con esto ...?" (a "¿" opens a sentence of its own).
_SENTENCES = re.compile(r"(?<=[.!?;])\s+|\s*(?=¿)")
# A menu option by its number ("2.", "Number 2", "la 1", "ok 3 - Westlake").
_OPTION_NUMBER = re.compile(r"(?<![\d.,])[1-3](?![\d.,]?\d)")


def choice_beside_a_question(text: str | None) -> str | None:
    """At the menu, the sentences that choose an option by its number (and give its answer) in a message
    that also asks something ("la 1, Garcia. ¿y con esto ya no me llega el recibo en papel?", "what is
    the security question used for? ok 3 - Westlake") -> "la 1, Garcia.", "ok 3 - Westlake"; else None.
    The choice and its answer are read as if sent alone, and the question is answered beside them
    (``actions.questions_beside``): never the menu again with the choice lost. Only a number chooses
    here: a question's words in a question ("which one for a ranch with no mother?") choose nothing."""
    sentences = [part for part in _SENTENCES.split((text or "").strip()) if part.strip()]
    asking = [non_answer(part) == "question" for part in sentences]
    if not any(asking):
        return None
    runs, run = [], []
    for part, asks in zip(sentences, asking):
        if asks:
            runs, run = runs + [run], []
        else:
            run.append(part)
    for values in (" ".join(run) for run in runs + [run] if run):
        if _OPTION_NUMBER.search(values) and not _NONE_FIT.search(plain(values)):
            return values
    return None


def asks_which_question(text: str | None) -> bool:
    """A question at the menu about which option to take ("which of these is best for a business
    account?", "none of these fit", "¿cuál escojo?"): the form answers it, whatever the model read."""
    words = plain(text).replace("?", " ")
    if asks_about_paperless(text):
        return False  # "can we switch the ranch to paperless billing?": about the bills, answered as such
    if asks_for_another_question(text):
        return False  # "can I use a different question?": answered as such (``messages.only_these_questions``)
    return question_at_the_menu(text) and bool(_NONE_FIT.search(words) or _WHICH_QUESTION.search(words))


# A new value for the answer just given, said at the Terms ("ok she says use San Marcos High",
# "it's Lanier High actually", "use Travis High", "dice mi socia que mejor pongas San Marcos",
# "en realidad es Firulais"): the ``value`` group is the new answer. Never a yes to the Terms.
_NEW_VALUE = [re.compile(pattern, re.I) for pattern in (
    r"(?:^|\b(?:says?|said|told\s+me|wants?|thinks?)\s+(?:to\s+|we\s+should\s+|i\s+should\s+)?)"
    r"(?:(?:ok(?:ay)?|so|then)[\s,]+)*(?:let'?s\s+)?(?:use|put)\s+(?!it\b|that\b|this\b|them\b|the\s+terms\b)"
    r"(?P<value>[^.,;!?]+?)(?:\s+(?:instead|then|please))?\s*[.!]*$",
    r"^(?:(?:ok(?:ay)?|so|no|oh|wait|sorry)[\s,]+)*(?:it'?s|it\s+is|its)\s+(?P<value>[^.,;!?]+?)\s+(?:actually|instead)\s*[.!]*$",
    r"^(?:(?:ok(?:ay)?|so|no|oh|wait|sorry)[\s,]+)*actually,?\s+(?:it'?s|it\s+is|its)\s+(?P<value>[^.,;!?]+?)\s*[.!]*$",
    r"(?:^|\b(?:dice|dijo|quiere)\s+(?:mi\s+\w+\s+)?(?:que\s+)?)(?:(?:ok|bueno|pues|entonces)[\s,]+)*(?:mejor\s+)?"
    r"(?:usa|use|uses|usen|pon|ponle|ponga|pongas|pongan|pongamos|usemos)\s+(?!eso\b|esa\b|ese\b|los\s+t[eé]rminos\b)"
    r"(?P<value>[^.,;!?]+?)\s*[.!]*$",
    r"^(?:(?:no|oh|perd[oó]n|espera)[\s,]+)*en\s+realidad\s+(?:es|era)\s+(?P<value>[^.,;!?]+?)\s*[.!]*$",
    r"^(?:(?:no|oh|perd[oó]n|espera)[\s,]+)*(?:es|era)\s+(?P<value>[^.,;!?]+?)\s+en\s+realidad\s*[.!]*$",
)]
# Words of the Terms themselves: "yes, use my e-mail for the terms" is about them, not the answer.
_TERMS_WORDS = _words(r"terms?", r"conditions", r"t[eé]rminos", r"condiciones", r"accept\w*", r"acepto", r"aceptamos")


def new_answer_value(text: str | None) -> str | None:
    """The new value a message gives for the answer just saved ("ok she says use San Marcos High"
    -> "San Marcos High"), else None. Said at the Terms it corrects the answer: never a yes."""
    raw = (text or "").strip()
    if not raw or _TERMS_WORDS.search(plain(raw)):
        return None
    for pattern in _NEW_VALUE:  # first: "it's Lanier High actually" is marked too, its "actually" no part of it
        match = pattern.search(raw)
        if match and is_an_answer(match["value"]) and read_yes_no(match["value"]) is None:
            return match["value"].strip()
    marked = marked_answer(raw)  # "It's Burek with two r's: Burrek"
    if marked and read_yes_no(marked) is None:
        return marked
    return None


def corrects_the_answer(text: str | None, intent: str | None = None, confidence: float = 0.0) -> bool:
    """The message corrects the answer just given ("oops, I misspelled it", "it's Wimberley not
    Wimberly", "quise decir ...", or the model's ``correct`` intent on words that are neither yes
    nor no): at the Terms it reopens the answer's step and is never a refusal. A clear yes stays a
    yes, and a bare "that's wrong" stays the no it reads as.

    Not ``Parsed.flags_a_mistake`` (``actions.extract``): that reads fields named as wrong and values
    of the wrong shape, and a security answer has no shape and is rarely named ("oops, I misspelled
    it"). This reads the words of a correction, a respelling and the model's intent instead, only
    right after the answer was given, where the thing corrected can be nothing else."""
    words = plain(text).replace("?", " ")
    if new_answer_value(text):
        return True  # "ok she says use San Marcos High": its "ok" accepts nothing
    if not words or read_yes_no(text, intent, confidence) is True:
        return False
    if _CORRECTS.search(words):
        return True
    respelled = _RESPELLED.search(plain(text))
    if respelled and respelled["new"] != respelled["old"] and respelled["new"][:3] == respelled["old"][:3]:
        return True
    if intent == "correct" and confidence >= 0.8 and not asks_to_wait(text):
        return read_yes_no(text) is None
    return False


# Words asking to give the answer again ("I would rather change that answer", "let me change my answer",
# "can I redo the answer", "quiero cambiar la respuesta", "me equivoqué en la respuesta").
_REDO_THE_ANSWER = _words(
    r"(?:change|changing|redo|fix|correct|edit|update|retype|re-?enter)\s+(?:that|the|my|this|it'?s?)\s+answer",
    r"answer\s+(?:again|over)", r"(?:wrong|different|new)\s+answer", r"answer\s+(?:is|was)\s+wrong",
    r"cambi\w*\s+(?:la|mi|esa|esta|su)\s+respuesta", r"(?:corregir|corrijo|arreglar|repetir)\s+(?:la|mi|esa)\s+respuesta",
    r"equivoqu\w*\s+(?:en|con|de)\s+(?:la|mi)\s+respuesta", r"respuesta\s+(?:esta\s+mal|equivocada|incorrecta)",
    r"otra\s+respuesta", r"(?:la|mi)\s+respuesta\s+(?:otra\s+vez|de\s+nuevo)",
)


# Words that mark what follows as the answer, in any message ("I shall select the question concerning the
# secondary school I attended. The answer is Westlake.", "la respuesta es Colegio Americano", "la d mi
# mascota se yama firulais", "its name is Burek", "that name is Pemberton", "el nombre es Castellanos", "it's Rex"
# or "es Garcia" opening a clause), and a respelling's last form ("It's Burek with two
# r's: Burrek"). The last one in the message wins: a member who respells says the right form last.
_ANSWER_MARKER = re.compile(
    r"(?<![\w'])(?:(?:the|my)\s+answer\s+(?:is|was|would\s+be|will\s+be)|answer\s*[:=]|"
    r"(?:la|mi)\s+respuesta\s+(?:es|era|ser[ií]a|va\s+a\s+ser)|respuesta\s*[:=]|"
    r"se\s+(?:ll|y|i)ama(?:ba)?|(?:its|it'?s|his|her|that|the|this)\s+name\s+(?:is|was)|"
    r"(?:el|ese|este|su)\s+nombre\s+(?:es|era)|(?:(?<=^)|(?<=[.;:]\s))(?:it'?s|it\s+is|it\s+was|es|era)\s+"
    r"(?!(?:a|an|the|my|our|his|her|that|this|not|un|una|el|la|los|las|mi|su|nuestr[oa]|eso|esa|ese|no|"
    r"correct[oa]?|right|true|fine|ok(?:ay)?|good|all|cierto|verdad|todo|bien|asi)\b)(?=\S)|"
    r"with\s+(?:two|double|2|three|3)\s+[a-z]'?s?\s*[:=]|con\s+(?:dos|doble|2)\s+[a-z]'?s?\s*[:=])\s*:?\s*",
    re.I)


# Where a marked answer's clause ends ("se llama Firulais y mi correo es ...", "Westlake, in Austin").
_MARKED_ANSWER_END = re.compile(r"\s*[,;]\s*|\s+(?:and|y|but|pero)\s+(?:my|mi|the|el|la|i|yo|she|he|ella|[eé]l)\s", re.I)


def marked_answer(text: str | None) -> str | None:
    """The answer after the last word that marks it ("The answer is Westlake." -> "Westlake", "It's Burek
    with two r's: Burrek" -> "Burrek"), to the end of its sentence; else None. What a member calls the
    answer is the answer, whatever the rest of the message chose or said."""
    protected = ABBREVIATION_DOT_RE.sub(lambda m: m.group(1) + "\x00", (text or "").strip())
    markers = list(_ANSWER_MARKER.finditer(protected))
    if not markers:
        return None
    tail = _SENTENCE_END.split(protected[markers[-1].end():].strip(), maxsplit=1)[0]
    tail = _MARKED_ANSWER_END.split(tail, maxsplit=1)[0].replace("\x00", ".")
    answer = answer_itself(tail).strip(" .!?,;:\"'")
    return answer if answer and is_an_answer(answer) and len(answer.split()) <= ANSWER_MAX_WORDS else None


def changes_the_answer_only(text: str | None) -> bool:
    """Does the message ask to give the answer again, naming no question by its words ("On second
    thought, I would rather change that answer", "mejor cambio mi respuesta")? Then the question
    stays and its answer is asked again: an ordinal in it ("second thought") picks no question; only
    a question named ("I'd rather use the pet one") switches."""
    words = plain(text).replace("?", " ")
    return bool(_REDO_THE_ANSWER.search(words)) and not any(
        pattern.search(words) for pattern in security_question_words().values())


def asks_about_the_answer(text: str | None) -> bool:
    """A question about what counts as the answer ("does it have to be my mom's or the owner's
    mom?", "¿puede ser un apodo?"): the form answers it, whatever the model read."""
    if non_answer(text) != "question":
        return False
    words = plain(text).replace("?", " ")
    return bool(_ABOUT_THE_ANSWER.search(words)
                or any(pattern.search(words) for pattern in security_question_words().values()))


# A remark in brackets ("Merlot (the vineyard dog)", "Canela (la perrita del rancho)"), or one set off
# by a dash or comma that starts like a description ("Merlot - the vineyard dog", "Canela, la perrita del
# rancho", "Lanier, it was in Austin"): said about the answer, no part of it.
_BRACKETED_REMARK = re.compile(r"\s*[(\[][^()\[\]]*[)\]]")
_TRAILING_REMARK = re.compile(
    r"(?:\s*,|\s+[-–]+)\s+(?:the|a|an|our|my|his|her|he|she|it|he'?s|she'?s|it'?s|who|that|which|"
    r"el|la|los|las|un|una|mi|nuestr[oa]|su|es|era|que|quien)\s+\S.*$", re.I)


def without_remark(answer: str) -> str:
    """The answer without a remark about it ("Merlot (the vineyard dog)" -> "Merlot", "Canela, la perrita
    del rancho" -> "Canela"); the whole text when what is left could be no answer."""
    trimmed = _BRACKETED_REMARK.sub("", answer).strip()
    trimmed = _TRAILING_REMARK.sub("", trimmed).strip(" ,;:-")
    return trimmed if trimmed != answer.strip() and is_an_answer(trimmed) else answer.strip()


def answer_itself(answer: str) -> str:
    """The answer without the chatter or the remark said around it ("firulais ya te dije" -> "firulais",
    "wait, it's Rex" -> "it's Rex", "Merlot (the vineyard dog)" -> "Merlot"); the whole text when
    nothing else would be left."""
    trimmed = without_remark(_TRAILING_CHATTER.sub("", _LEADING_CHATTER.sub("", answer.strip())).strip(" ,;:-"))
    return trimmed if re.search(r"\w", trimmed) else answer.strip()


# "it's Rex", "es Bowie", "era Villarreal": words that say an answer follows, after "I'm back".
_SAID_AS_AN_ANSWER = re.compile(r"^(?:(?:it|she|he)'?s|(?:it|she|he)\s+(?:is|was)|es|era|fue)\s+(?=\S)", re.I)
# Words said on coming back that are no answer ("sorry about that", "perdón por la tardanza", "ready").
_RETURN_CHATTER = _words(r"sorry", r"perdon\w*", r"disculp\w*", r"about\s+that", r"tardanza", r"the\s+wait",
                         r"ready", r"list[oa]s?", r"here", r"aqui", r"again", r"otra\s+vez", r"now", r"ahora",
                         r"ya", r"thanks?", r"gracias", r"ok(?:ay)?", r"go", r"sigue\w*", r"seguimos")


def answers_after_coming_back(rest: str | None) -> bool:
    """Is what follows the words of coming back at the answer step ("ok I'm back, the answer is Rex",
    "ya regresé, es Bowie", "I'm back. Rex") the answer? Only when it says so (a marker, or "it's",
    "es" before it) or is a short answer alone, never the chatter of a return ("ok I'm back, sorry
    about that"): what is no answer must never be stored, so a doubt asks the question again."""
    rest = (rest or "").strip()
    if not rest or non_answer(rest) or only_yes_or_no(rest):
        return False
    if marked_answer(rest):
        return True
    said = _SAID_AS_AN_ANSWER.sub("", rest)
    if said != rest:
        return is_an_answer(said) and len(said.split()) <= ANSWER_MAX_WORDS
    return is_an_answer(rest) and len(rest.split()) <= 3 and not _RETURN_CHATTER.search(plain(rest))
