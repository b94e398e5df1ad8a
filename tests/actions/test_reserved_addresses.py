"""An address on a special-use domain ("x@member.test", ".local", ".invalid") is refused where it
is typed, in words, and a refusal by the backend brings the e-mail question back with every other
answer kept (docs/security.md, "Addresses no mail reaches")."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from backend.storage.models import Registration
from tests.support.action_conversation import at_the_email_step, joined

REFUSED = {"en": "No mail can reach that address", "es": "No puede llegar correo a esa direcci"}  # GSM-7 folds accents
DOWN = {"en": "cannot reach our sign-up system", "es": "no puedo conectar"}


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("address", ["hotel@member.test", "x@printer.local", "a@b.invalid"])
def test_a_reserved_domain_is_refused_at_the_email_step_even_when_the_model_reads_it_off_topic(
        backend, language, address):
    chat = at_the_email_step(language)
    # What Rasa does with it: the model says out_of_scope, the ``email`` entity mapping fills the slot.
    chat.user(address, "out_of_scope", 0.99)
    chat.set(email=address)
    reply = joined(chat._form())
    assert REFUSED[language] in reply
    assert chat.slots["email"] is None
    assert chat.slots["requested_slot"] == "email"
    chat.form_turn("garza@example.com")
    assert chat.slots["email"] == "garza@example.com"
    assert chat.slots["requested_slot"] == "identity_proof"


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_refusal_by_the_backend_asks_for_the_address_again_and_keeps_the_answers(backend, language):
    chat = at_the_email_step(language)
    chat.form_turn("g@example.com")
    chat.form_turn("78620")
    chat.form_turn("2")
    chat.form_turn("Rex")
    assert chat.slots["requested_slot"] == "terms_accepted"
    chat.set(email="hotel@member.test")  # an address the backend refuses reached the last step
    reply = joined(chat.form_turn("yes", intent="affirm"))  # the form completes; the sign-up is asked for
    assert REFUSED[language] in reply and DOWN[language] not in reply
    assert chat.slots["email"] is None and chat.slots["goal"] == "register"
    assert chat.slots["identity_proof"] == "verified" and chat.slots["security_answer"] == "stored"
    chat.follow_up_form()
    assert chat.slots["requested_slot"] == "email"
    chat.form_turn("garza@example.com")  # the Terms stay accepted: the sign-up is made at once
    assert chat.slots["outcome"] == "registered"
    with backend.session() as session:
        assert session.scalar(select(Registration)).email == "garza@example.com"
