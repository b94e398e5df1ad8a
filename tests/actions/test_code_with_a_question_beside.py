"""The texted code sent with a question beside it, as a play-test's member did it in the web chat.

"598495 is the code. can I also go paperless while we're at it?" at the code's question was read as
another account to add (its six digits an account number, its "also" words of adding): "Let's finish
account ending in 23 first", the code not checked, the paperless question dropped, and after the Terms
"You mentioned another account". Six digits standing with "is the code" / "el código es" at the code
step are that code: it is checked, the question beside it answered, no second account held.
"""

from __future__ import annotations

import pytest

from actions import messages
from actions.backend_client import CoopConfig
from actions.tracker_reading import OTHER_ACCOUNT_HELD
from tests.support.action_conversation import at_the_code, joined
from tests.support.one_time_code import add_alvarez, last_code
from tests.support.replies import reply_in

CODE_AND_PAPERLESS = {"en": "{code} is the code. can I also go paperless while we're at it?",
                      "es": "el código es {code}. ¿también puedo tener la factura sin papel de una vez?"}
PAPERLESS_ON_THE_ACCOUNT_PAGE = {"en": "account page", "es": "página de su cuenta"}
ACCEPTED_WITH_A_QUESTION = {"en": "yes I agree. so how long is that link good for?",
                            "es": "sí, acepto. ¿y cuánto dura el enlace?"}
OTHER_ACCOUNT_OFFERED = {"en": "another account", "es": "otra cuenta"}


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_code_with_a_paperless_question_is_checked_and_the_question_answered(backend, language):
    add_alvarez(backend)
    chat = at_the_code(language)
    chat.channel = "web"
    code = last_code(backend)
    said = joined(chat.form_or_side_turn(CODE_AND_PAPERLESS[language].format(code=code)))
    assert chat.slots["one_time_code"] == "verified" and chat.slots["requested_slot"] == "security_question", said
    assert reply_in(language, messages.code_ok) in said and PAPERLESS_ON_THE_ACCOUNT_PAGE[language] in said, said
    assert reply_in(language, messages.finish_this_account_first, "23") not in said and code not in said
    assert not chat.slots[OTHER_ACCOUNT_HELD]
    chat.form_turn("2")
    chat.form_turn("Rex")
    said = joined(chat.form_turn(ACCEPTED_WITH_A_QUESTION[language], "affirm"))
    assert chat.slots["outcome"] == "registered", said
    assert OTHER_ACCOUNT_OFFERED[language] not in said and reply_in(language, messages.side_question_again) not in said
    hours = CoopConfig(activation_ttl_hours=backend.settings.activation_ttl_hours)
    assert reply_in(language, messages.link_lasts, hours, True) in said, said
