"""Account numbers on file have no one length (6 to 12 digits, zeros at the start kept: the demo file
holds 000452318 beside 305118 and 1001234567), and the lookup pads nothing: "452318" is another number.
So no "it has N digits" hint can be given; a number that matches no name the second time hears to
check every digit, zeros at the start too, whatever the number (so it tells nothing of any account).
English and Spanish, against the real backend API."""

from __future__ import annotations

import pytest

from actions import messages
from tests.support.action_conversation import Conversation, joined, sign_up_start
from tests.support.backend_helpers import BRANDT, MULLER, load_members
from tests.support.replies import reply_in

ZEROS = {
    "en": "with every digit, zeros at the start too",
    "es": "con todos sus dígitos, también los ceros del principio",
}
STILL = {"en": "still does not match that name", "es": "sigue sin coincidir con ese nombre"}
FOUND = {"en": "I found account {account} for {name}.", "es": "encontré la cuenta {account} a nombre de {name}."}


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


@pytest.mark.parametrize("language", ["en", "es"])
def test_nine_digits_that_start_with_000_are_said_back_whole_as_typed(backend, language):
    """No SSN or tax ID starts with 000 (``common.secret_shapes.may_be_tax_id``): 000452318 is said back
    like every other account number, whole, zeros and all, in the name question and the found-account
    line (never "ending in 18"); nine digits that may be an SSN are still shown by their last two."""
    load_members(backend.session, backend.settings, MULLER, BRANDT)
    chat = Conversation(language=language)
    chat.start(sign_up_start(language))
    asked = joined(chat.form_turn(MULLER["account"]))
    assert reply_in(language, messages.ask_member_name, MULLER["account"]) in asked, asked
    assert chat.slots["account_number"] == MULLER["account"]
    found = joined(chat.form_turn("Muller"))
    assert FOUND[language].format(account=MULLER["account"], name=MULLER["name"]) in found, found
    assert reply_in(language, messages.account_ending, "18") not in asked + found

    other = Conversation(language=language)
    other.start(sign_up_start(language))
    asked = joined(other.form_turn(BRANDT["account"]))
    ending = reply_in(language, messages.account_ending, "18")
    assert reply_in(language, messages.ask_member_name, ending) in asked and BRANDT["account"] not in asked, asked
