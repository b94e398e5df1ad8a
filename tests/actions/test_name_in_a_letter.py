"""A formal letter names the account holder, in English and Spanish, against the real backend API
(tests/actions/conftest.py): "el titular es Ramírez-Olvera", "the account holder is ...", "the
account is under ..." give the name, and a signature with a first name alone ("Atentamente, Jorge")
is no name on the account. The proof sent next is then checked at once, never thrown away; the Terms
accepted before their question are said to come at the end (they are accepted with their link).
"""

from __future__ import annotations

import pytest

from tests.support.action_conversation import Conversation, joined, name_attempts, sign_up_start
from tests.support.backend_helpers import load_members

MEMBER = dict(account="50010032", name="Ramírez-Olvera", zip="78032", last4="3434")
LETTERS = {
    "es": ("Estimados señores: Les escribo para registrarme en línea. Mi número de cuenta es 50010032 y el "
           "titular es Ramírez-Olvera. Atentamente, Jorge."),
    "en": ("Dear Sir or Madam, I would like online access. My account number is 50010032 and the account "
           "holder is Ramirez-Olvera. Sincerely, Jorge."),
}
FOUND = {"en": "Thanks, I found account 50010032 for Ramírez-Olvera.",
         "es": "Gracias, encontré la cuenta 50010032 a nombre de Ramírez-Olvera."}
LAST4 = {"en": "The last four digits of my Social Security number are 3434.",
         "es": "Los últimos cuatro dígitos de mi Seguro Social son 3434."}
MATCHES = {"en": "Thanks, that matches our records.", "es": "Gracias, coincide con nuestros registros."}


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_holder_named_in_a_letter_is_the_name_and_the_proof_after_it_is_checked(backend, language):
    load_members(backend.session, backend.settings, MEMBER)
    chat = Conversation(language=language)
    reply = joined(chat.start(LETTERS[language]))
    assert FOUND[language] in reply and "Jorge" not in reply, reply
    assert name_attempts(backend) == 1 and chat.slots["requested_slot"] == "email"
    reply = joined(chat.form_turn(LAST4[language]))
    assert MATCHES[language] in reply and "3434" not in reply, reply
    assert chat.slots["identity_proof"] == "verified"


@pytest.mark.parametrize(("language", "message"), [
    ("en", "My account number is 50010032, the account is under Ramirez-Olvera. Regards, Jorge"),
    ("es", "Buenas tardes. La cuenta 50010032 está a nombre de Ramírez-Olvera. Saludos, Jorge"),
])
def test_the_account_under_a_name_gives_that_name(backend, language, message):
    load_members(backend.session, backend.settings, MEMBER)
    reply = joined(Conversation(language=language).start(message))
    assert FOUND[language] in reply, reply


TERMS_LATER = {"en": "I will ask you to accept the Terms and Conditions at the end, with their link.",
               "es": "Le pediré que acepte los Términos y Condiciones al final, con su enlace."}
STILL_NEED = {"en": "I still need the last name or business name as it is printed on the bill.",
              "es": "Todavía necesito el apellido o el nombre de la empresa tal como aparece en la factura."}


@pytest.mark.parametrize(("language", "accept"), [("en", "I accept the terms and conditions."),
                                                  ("es", "Acepto los términos y condiciones.")])
def test_the_terms_accepted_at_the_name_step_are_said_to_come_at_the_end(backend, language, accept):
    chat = Conversation(language=language)
    chat.start(sign_up_start(language))
    chat.form_turn("1001234567")
    reply = joined(chat.form_turn(accept))
    assert TERMS_LATER[language] in reply and STILL_NEED[language] in reply, reply
    assert name_attempts(backend) == 0 and chat.slots["requested_slot"] == "member_name"
