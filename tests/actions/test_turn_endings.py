"""No dead ends: every reply that can end a turn asks something or closes clearly.

Walks every reply of actions/messages.py (with the longest co-op facts). A reply
either ends a turn well by itself (a question, an instruction such as "Reply YES",
"send ...", "call ...", or a clear close), or is one that the form always follows
with its next question in the same turn (confirmations, explanations of a wrong
answer); those are listed here, so a new reply must be put in one of the two groups.
The conversation tests (tests/e2e/test_conversations.py) check the same rule on
every turn of every conversation through the real stack.
"""

from __future__ import annotations


import pytest

from actions import messages
from tests.support.conversation_tests import ends_well
from tests.support.replies import PARTS, REPLIES, longest_arguments

# Said before the form's next question in the same turn (actions/form.py, actions/flow_actions.py).
FOLLOWED_BY_A_QUESTION = {
    "confirm_account", "confirm_account_only", "confirm_email", "confirm_identity", "confirm_answer",
    "secret_held_back", "start_over", "switch_started", "verification_lapsed", "terms_declined",
    "bad_secret", "mismatch", "answer_too_short", "bad_name", "bad_question",
    "bad_terms", "verify_first", "offer_person", "code_ok",
    "not_an_answer",  # the form asks for the security answer again
    "answer_first",  # a yes or the Terms at the answer step: the form asks for the security answer again
    "which_question",  # at the question menu: the menu follows
    "only_these_questions",  # "could I use another question?" at the menu: the menu follows
    "answer_again",  # at the Terms: the security answer's question follows
    "full_ssn_refused",  # the form asks its pending question again
    "hello_in_form",  # a greeting during the form: the form asks its pending question again
    "why_name_and_account",  # said with the name read at the name step, before the next question
    "session_expired",  # said before the answer to the member's new message
    "terms_summary", "terms_wait",  # at the Terms: the Terms question (with its link) follows
    "welcome_back",  # only said with a question pending, which the form asks again
    "going_on_after_start",  # likewise, only in a sign-up after START
    "why_code",  # "why another code?" at the code step: the code question follows
    "code_not_replaced",  # "can I give you my zip instead?" at the code step: the code question follows
    "proof_accepted",  # "was that OK?" after the proof: the pending question follows
    "not_understood",  # a yes/no reply not understood: that question follows
    "not_a_name", "name_wait", "terms_at_the_end",  # no name at the name step: the name question follows
    "confirm_same_email",  # "same email as before" taken: the next question follows
    "same_address_unknown",  # "same email as before" with no address known in clear: the e-mail question follows
    "email_again",  # a bare "para" at the e-mail step: the e-mail question follows
    "what_online_access_is",  # before the sign-up it explains: the account number question follows
    "questions_left", "terms_without_accepting",  # answered at a step: its question follows
    "terms_paper",  # "if I accept, will I stop getting paper bills?" at the Terms: the Terms question follows
    "any_email_you_open",  # "can I use my wife's e-mail?": the e-mail question (or the next one) follows
    "email_not_joined",  # NO to an address said in words: the e-mail question follows
    "no_email_help",  # "I don't have e-mail" at the e-mail step: the e-mail question follows
    "no_email_help_beside",  # "no tengo email" beside a request or values: the pending question follows
    "why_proof_beside",  # a why about the proof beside a value: the pending question follows
    "safety_given",  # "zip es 78620. is this safe?": the proof's check, then the next question
    "paperless_short",  # beside a choice and its answer at the menu: the answer saved, then the Terms
    "finish_this_account_first", "stray_number_kept_account",  # a second account held back: the pending question follows
    "what_is_needed",  # the list of what signing up needs: the pending question (or the account number) follows
    "sign_up_started", "change_email_instead",  # a flow starts: the account number question follows
    "delete_proven_account",  # a deletion of the account just proven: its YES / NO question follows
    "delete_link_after_the_steps",  # "send the delete link" during the deletion: its pending question follows
    "sign_up_instead_of_deleting",  # "add another account" during a deletion: the account number question follows
    "finish_before_another_account",  # "the one ending in 0987" at the proof: the proof question follows
    "any_email_works", "which_zip", "answers_ignore_case", "how_long_it_takes",  # how the sign-up works: the pending question follows
    "link_lasts",  # how long the link works, in a sign-up: the pending question follows (once registered it says what to do)
    "free_short",  # a cost question beside the name: the next question follows
    "email_not_for_marketing",  # "will you put me on a marketing list?": the pending question follows
    "no_lookup_by_phone",  # "can't you find it from my phone?": the pending question (or how to sign up) follows
}
TURN_ENDINGS = [(name, function) for name, function in REPLIES
                if name not in FOLLOWED_BY_A_QUESTION and name not in PARTS]


def test_every_reply_that_is_followed_by_a_question_exists():
    assert FOLLOWED_BY_A_QUESTION <= {name for name, _ in REPLIES}


@pytest.mark.parametrize("name, function", TURN_ENDINGS, ids=[n for n, _ in TURN_ENDINGS])
def test_every_other_reply_ends_a_turn_well(name, function):
    text = function(*longest_arguments(function))
    assert isinstance(text, str) and text, f"{name} gave no reply"
    assert ends_well(text), f"{name} can end a turn without a question or a clear close: {text!r}"


@pytest.mark.parametrize("goal", ["unsubscribe", "reset", "start_over", "never_mind"])
def test_a_change_of_course_is_asked_in_plain_words(goal):
    text = messages.confirm_switch(goal)
    assert text.startswith("It sounds like you want to") and text.endswith("Reply YES or NO.")


@pytest.mark.parametrize("pending", [True, False])
def test_saying_no_to_a_change_of_course_says_what_happens_next(pending):
    text = messages.switch_declined(pending)
    assert ends_well(text)
