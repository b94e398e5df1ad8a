"""The security questions come from one definition (common/security_questions.py): the menu,
its buttons, the "pick one" reply, the words that name a question and the backend's list all
follow it, so adding a question is adding one entry there."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from actions import messages
from actions.backend_client import CoopConfig
from actions.answers import read_choice, security_question_words
from actions.extract import parse
from actions.language import speaking
from backend.privacy.hashing import verify_answer
from backend.storage.models import RegistrationDraft
from common import security_questions
from common.security_questions import SecurityQuestion
from tests.support.action_conversation import Conversation, joined, sign_up_to

CAR = SecurityQuestion(
    key="car", text="What was the make of your first car?", short="Make of your first car",
    words=(r"car'?s?", r"cars", r"truck", r"coche", r"carro", r"auto"), mentions=(r"car", r"cars", r"truck"),
    phrases=(r"(?:first\s+)?car",),
    answer_intros=(r"(?:my\s+)?first\s+car\s+(?:is|was)(?:\s+an?\b)?", r"mi\s+primer\s+(?:coche|carro|auto)\s+fue(?:\s+un\b)?"),
)


@pytest.fixture
def four_questions(monkeypatch):
    """A fourth question, added the way a co-op would add one: one more entry in the definition."""
    monkeypatch.setattr(security_questions, "QUESTIONS", security_questions.QUESTIONS + (CAR,))


def test_three_questions_are_offered_as_one_two_or_three():
    with speaking("en"):
        assert messages.ask_security_question() == (
            "Pick a security question. Reply 1, 2 or 3: "
            "1 Mother's maiden name, 2 Pet's name, 3 High school you attended")
        # The menu that follows the step's help says how to reply; the help does not say it again.
        assert "Reply" not in messages.step_help("security_question", CoopConfig())
    with speaking("es"):
        assert "Responda 1, 2 o 3: 1 Apellido de soltera de su madre, 2 Nombre de su mascota" in \
            messages.ask_security_question()


def test_a_fourth_question_is_offered_named_and_asked(four_questions):
    with speaking("en"):
        assert "Reply 1, 2, 3 or 4: " in messages.ask_security_question()
        assert messages.ask_security_question().endswith("3 High school you attended, 4 Make of your first car")
        assert messages.bad_question(second_time=True).endswith("4 for make of your first car.")
        assert messages.question_buttons()[-1] == {"title": "Make of your first car", "payload": "4"}
        assert messages.ask_security_answer(4).startswith("What was the make of your first car?")
    assert read_choice("the one about my car", security_question_words()) == 4
    assert read_choice("la del coche", security_question_words()) == 4
    assert read_choice("the fourth one", security_question_words()) == 4
    assert parse("4", "security_question").question == 4
    assert parse("change the question to the car one", "security_answer").question == 4


def test_without_the_fourth_question_four_is_no_choice():
    assert read_choice("4", security_question_words()) is None
    assert parse("4", "security_question").question is None


def test_an_answer_introduced_by_its_questions_words_is_read_before_the_question_is_asked():
    for text, step, question, answer in (
        ("78620, my dog's name is Rex", "identity_proof", 2, "Rex"),
        ("my mother's maiden name is Garza", "email", 1, "Garza"),
        ("I went to Lehman High", "identity_proof", 3, "Lehman High"),
        ("78620 y mi perro se llama Firulais", "identity_proof", 2, "Firulais"),
        ("el apellido de soltera de mi mamá es Treviño", "email", 1, "Treviño"),
        ("estudié en la preparatoria Lehman", "identity_proof", 3, "Lehman"),
        # the same verbs and the same end of the answer as at the school question itself
        ("asistí a la preparatoria Benito Juárez en Monterrey", "identity_proof", 3, "Benito Juárez"),
        ("I went to high school at Lanier High in Austin", "email", 3, "Lanier High"),
        ("I went to Westlake Academy", "identity_proof", 3, "Westlake Academy"),
    ):
        parsed = parse(text, step)
        assert (parsed.question, parsed.answer) == (question, answer), text
    assert parse("pet's name: Rex", "security_question").answer == "Rex"
    assert parse("my first car was a Ford", "identity_proof").answer is None  # no fourth question yet
    assert parse("fui a la preparatoria en Monterrey", "identity_proof").answer is None  # a place, no school


def test_a_fourth_questions_answer_is_read_with_its_choice_and_before_it_is_asked(four_questions):
    for text, step in (("my first car was a Ford", "identity_proof"), ("78620 and my first car was a Ford", "identity_proof"),
                       ("mi primer carro fue un Ford", "email"), ("car: Ford", "security_question"),
                       ("4 Ford", "security_question")):
        parsed = parse(text, step)
        assert (parsed.question, parsed.answer) == (4, "Ford"), text
    assert parse("the car one", "security_question").question == 4
    assert parse("the car one", "security_question").answer is None


def test_a_member_picks_and_answers_a_fourth_question(backend, four_questions):
    chat = sign_up_to(Conversation(), "security_question")
    reply = joined(chat.form_turn("the one about my car"))
    assert chat.slots["security_question"] == "4"
    assert "What was the make of your first car?" in reply
    joined(chat.form_turn("Mustang"))
    assert chat.slots["security_answer"] == "stored"
    with backend.session() as session:
        assert session.scalar(select(RegistrationDraft)).security_question == 4


def test_a_fourth_questions_answer_is_stored_without_the_words_that_introduce_it(backend, four_questions):
    chat = sign_up_to(Conversation(), "security_answer", question="4")
    chat.form_turn("my first car was a Ford")
    assert chat.slots["security_answer"] == "stored"
    with backend.session() as session:
        stored = session.scalar(select(RegistrationDraft)).security_answer_hash
    assert verify_answer(stored, "Ford") and not verify_answer(stored, "my first car was a Ford")
