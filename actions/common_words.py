"""Common English and Spanish words that are not a member's last name or business name.

A name guessed from words that came with the account number costs the member a try,
and an attacker holding only an account number would gain one: such words become the
name only when they plainly look like one, and a word of everyday speech ("creo",
"says", "paper", "bookkeeper") says they do not. The list keeps to function words,
everyday verbs and the nouns of talk about bills and accounts; words that are also
frequent surnames (Brown, King, Young, Long, Day, Rose, Bueno, Campo ...) stay out.
"""

from __future__ import annotations

_ENGLISH = """
a about above after again against all almost also although always am an and any anyone anything
are around as at away back be because been before being below between both but by can cannot
could did do does doing done down during each either else enough even ever every for from
further had has have having he her here hers herself him himself his how however i if in into
is it its itself just least less let me might mine more most much must my myself neither never
no nobody none nor not nothing now of off on once one only onto or other our ours ourselves out
over own perhaps please quite rather same she should since so some somebody someone something
such than that the their theirs them themselves then there these they this those though through
thus to too toward towards under until up upon us very was we were what whatever when where
whether which while who whom whose why will with within without would yet you your yours
yourself yourselves im i'm i'd i'll i've you're we're they're it's that's there's what's
don't doesn't didn't can't won't isn't wasn't aren't haven't hasn't wouldn't couldn't
shouldn't let's dont doesnt didnt cant wont isnt wasnt arent havent hasnt thats theres whats
yes yeah yep yup nope ok okay sure hi hello hey thanks thank thx pls plz sorry oops um uh hmm
lol well oh ah alright anyway actually really maybe probably already still again also just
say says said saying tell tells told telling see sees saw seen look looks looked looking read
reads reading show shows shown get gets got getting give gives gave given go goes went going
gone come comes came coming make makes made making take takes took taken know knows knew
think thinks thought believe guess mean means meant want wants wanted need needs needed like
likes liked try tries tried use used using find found keep kept put set write wrote written
send sent sending call called ask asked answer answered mention mentioned remember forgot
forget wait waiting hold here's check checked register registering registered sign signing
signed enroll manage manages managed work works worked help helps have has had let lets
get glasses paper bill bills statement invoice letter mail email e-mail address phone text
account acct accounts number numbers no. num digits digit name names last first middle full
surname owner holder customer member members bookkeeper accountant
manager secretary wife husband son daughter mother father mom dad friend
online access portal website site login password code zip social security
card copy top bottom left right side page line front near next above below print printed
confusion afraid mistake sure yet again seriously why both question questions
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
"""

COMMON_WORDS = frozenset((_ENGLISH + _SPANISH).split())


def is_common(word: str) -> bool:
    """Is this word (any case, punctuation around it ignored) a common word rather than a name?"""
    return word.strip(".,;:!?¡¿'\"()").lower() in COMMON_WORDS
