"""Account numbers on file have no one length (6 to 12 digits, zeros at the start kept: the demo file
holds 000452318 beside 305118 and 1001234567), and the lookup pads nothing: "452318" is another number.
So no "it has N digits" hint can be given; a number that matches no name the second time hears to
check every digit, zeros at the start too, whatever the number (so it tells nothing of any account).
English and Spanish, against the real backend API."""

from __future__ import annotations

import pytest

from tests.support.action_conversation import Conversation, joined, sign_up_start
from tests.support.backend_helpers import load_members

ZEROS = {
    "en": "with every digit, zeros at the start too",
    "es": "con todos sus dígitos, también los ceros del principio",
}
STILL = {"en": "still does not match that name", "es": "sigue sin coincidir con ese nombre"}


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("typed", ["452318", "7452318"])  # the zeros left out; a number on file nowhere
def test_a_number_without_its_zeros_hears_to_check_every_digit(backend, language, typed):
    load_members(backend.session, backend.settings, dict(account="00452318", name="Muller", zip="78624", last4="1357"))
    chat = Conversation(language=language)
    chat.start(sign_up_start(language))
    chat.form_turn(typed)
    chat.form_turn("Muller")
    reply = joined(chat.form_turn("Muller"))
    assert STILL[language] in reply and ZEROS[language] in reply, reply
    chat.form_turn("00452318")
    assert chat.slots["member_name"], "the number with its zeros matches"
