"""Words around the name are no part of it, in English and Spanish, against the real backend API
(tests/actions/conftest.py): in a first message "hola, registro por favor: cuenta 50010024 Nuñez"
or "La cuenta es del rancho: 50010035, Hartley Ranch LLC", the name is the one right after the
number, and it is said back as on file; the request's words before the number ("registro", "del
rancho", "for the barn") never are. The backend forgives given names before a last name, so the
account matched before too: only the reply showed the wrong name.
"""

from __future__ import annotations

import pytest

from tests.support.action_conversation import Conversation, joined, name_attempts
from tests.support.backend_helpers import load_members

MEMBERS = (dict(account="50010024", name="Núñez", zip="78024", last4="2424"),
           dict(account="50010035", name="Hartley Ranch LLC", zip="78035", last4="3535"))
FOUND = {"en": "Thanks, I found account {account} for {name}.",
         "es": "Gracias, encontré la cuenta {account} a nombre de {name}."}


@pytest.mark.parametrize(("language", "message", "account", "said", "not_said"), [
    ("es", "hola, registro por favor: cuenta 50010024 Nuñez", "50010024", "Núñez", "registro"),
    ("es", "Buenas, quiero registrarme. La cuenta es del rancho: 50010035, Hartley Ranch LLC", "50010035",
     "Hartley Ranch LLC", "rancho"),
    ("en", "hi, registration please: acct 50010024 nunez", "50010024", "Núñez", "registration"),
    ("en", "Hello, signing up the barn. The account is for the barn 50010035 Hartley Ranch LLC", "50010035",
     "Hartley Ranch LLC", "barn Hartley"),
])
def test_only_the_name_beside_the_number_is_the_name(backend, language, message, account, said, not_said):
    load_members(backend.session, backend.settings, *MEMBERS)
    chat = Conversation(language=language)
    reply = joined(chat.start(message))
    assert FOUND[language].format(account=account, name=said) in reply, reply
    assert not_said not in reply.split(account, 1)[1], reply
    assert chat.slots["requested_slot"] == "email" and name_attempts(backend) == 1
