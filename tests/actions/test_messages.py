"""Every reply, in every language, is plain GSM-7 of at most two SMS segments as the SMS channel
sends it, and suggests no opt-out word; the web chat gets it with its accents."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from actions import messages
from common.gsm import MAX_SEPTETS, is_gsm7, plain, reply_safe, septets, sms_safe, texted_septets, to_gsm7
from actions.language import speaking
from tests.support.replies import LONG, REAL, REPLIES, longest_arguments
from webhook.channel_text import as_sent
from webhook.sms.keywords import OPT_OUT

# An opt-out keyword written as one (in capitals, like "reply YES"), in any language.
OPT_OUT_WORDS = re.compile(r"(?<!\w)(" + "|".join(sorted(map(re.escape, OPT_OUT), key=len, reverse=True)) + r")(?!\w)")
LANGUAGES = ["en", "es"]


def _said(text: str) -> str:
    """The reply as the action server says it (``say``), never cut."""
    said = reply_safe(text)
    assert said == plain(text).strip(), f"would be cut: {text!r}"
    return said


def _sent(text: str) -> str:
    """The reply as a member's phone gets it from the SMS channel: only letters GSM-7 lacks lose
    their accent (docs/languages.md)."""
    sent = as_sent("sms", _said(text))
    assert len(sent) == len(text.strip()), f"characters dropped, not folded: {text!r}"
    return sent


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name, function", REPLIES, ids=[n for n, _ in REPLIES])
def test_reply_is_gsm7_and_two_segments_at_most(name, function, language):
    with speaking(language):
        text = function(*longest_arguments(function))
    assert isinstance(text, str) and text, f"{name} gave no reply"
    sent = _sent(text)
    assert is_gsm7(sent), f"{name}: not GSM-7: {sent!r}"
    assert septets(sent) <= MAX_SEPTETS, f"{name}: {septets(sent)} septets"
    assert not OPT_OUT_WORDS.search(text), f"{name} suggests an opt-out word: {text!r}"


# A member's answers at their longest in the play-tests, with a margin: what replies that echo them hold.
EMAIL = "fairbanks.farm.ranch@example.com"
ACCOUNT = "5101000011"
NAME = "Rio Frio Pecans LLC"

# Replies said just before the pending question, in the same turn: a phone may show both as one
# text, so each is measured together with that question, with a co-op's real settings.
WITH_THE_QUESTION = {
    "no_email_help": (messages.no_email_help, lambda config: messages.ask_email()),
    "terms_summary": (lambda config: messages.terms_summary(), messages.ask_terms),
    # questions at the Terms: a fee, paper bills, who may accept, another question
    "terms_fee": (lambda config: messages.terms_fee(), messages.ask_terms),
    "terms_paper": (lambda config: messages.terms_paper(), messages.ask_terms),
    "terms_who_accepts": (messages.terms_who_accepts, messages.ask_terms),
    "terms_question_elsewhere": (messages.terms_question_elsewhere, messages.ask_terms),
    "terms_how_to_accept": (lambda config: messages.terms_how_to_accept(), messages.ask_terms),
    "why_code": (messages.why_code, lambda config: messages.ask_one_time_code()),
    # "can I just give you my zip instead?" at the code step, and when the code unlocks a locked account
    "code_not_replaced": (messages.code_not_replaced, lambda config: messages.ask_one_time_code()),
    "code_not_replaced_unlock": (lambda config: messages.code_not_replaced(config, True),
                                 lambda config: messages.ask_one_time_code()),
    # "what data do you need?" at any step: the list, then the longest pending questions
    "what_is_needed_at_the_menu": (messages.what_is_needed, lambda config: messages.ask_security_question()),
    "what_is_needed_at_the_terms": (messages.what_is_needed, messages.ask_terms),
    "why_phone": (messages.why_phone, lambda config: messages.ask_email()),
    # "Why do you need my phone?" may come at any step: with the longest questions after it too.
    "why_phone_at_the_proof": (messages.why_phone, lambda config: messages.ask_identity_proof(None)),
    "why_phone_at_the_last_4": (messages.why_phone, lambda config: messages.ask_identity_proof("last4")),
    "why_phone_at_the_menu": (messages.why_phone, lambda config: messages.ask_security_question()),
    "why_phone_at_the_terms": (messages.why_phone, messages.ask_terms),
    # "why do you need my zip?" at the proof step
    "why_proof": (lambda config: messages.why_step("identity_proof", config),
                  lambda config: messages.ask_identity_proof(None)),
    # "si acepto. y tambien tengo otra cuenta": registered, then the other account offered
    "registered_and_the_other_account": (lambda config: messages.registered("t***@y***.com", config),
                                         lambda config: messages.offer_the_other_account()),
    # "quisiera registrarme. cuenta 1006330015 Reyes, correo ...": the start, the account and the
    # address confirmed, the proof asked, all in reply to the first message
    "start_account_and_email": (lambda config: "\n".join((messages.switch_started("register"),
                                                            messages.confirm_account(ACCOUNT, NAME),
                                                            messages.confirm_email(EMAIL))),
                                lambda config: messages.ask_identity_proof(None)),
    # "delete that and sign me up again" right after a sign-up: the account kept, the deletion's yes asked
    "delete_then_sign_up_kept": (lambda config: messages.delete_then_sign_up("500123456789"),
                                 lambda config: messages.ask_confirm_unsubscribe()),
    "delete_then_sign_up": (lambda config: messages.delete_then_sign_up(None),
                            lambda config: messages.ask_account_number()),
    # "send the delete link again" in a new conversation: the deletion starts again
    "delete_link_again_needs_proof": (lambda config: messages.delete_link_again_needs_proof(),
                                      lambda config: messages.ask_account_number()),
    # no bill at hand, a look-up by phone, where the number is: then the account question, short
    "bill_not_at_hand": (messages.bill_not_at_hand, lambda config: messages.ask_account_number_short()),
    "no_lookup_by_phone": (messages.no_lookup_by_phone, lambda config: messages.ask_account_number_short()),
    "what_a_person_is": (messages.what_a_person_is, lambda config: messages.ask_account_number()),
    "account_help": (messages.account_help, lambda config: messages.ask_account_number_short()),
    # "sign up again, same account" after its deletion link: the account kept, the e-mail asked
    "sign_up_proven_account_again": (lambda config: messages.sign_up_proven_account_again("99"),
                                     lambda config: messages.ask_email()),
    # "send me the delete link" before the deletion's questions are done
    "delete_link_after_the_steps": (lambda config: messages.delete_link_after_the_steps(),
                                    lambda config: messages.ask_confirm_unsubscribe()),
    # "sign up, account 500123456789 Spicewood Veterinary Clinic PLLC, email ..., zip ...": every answer
    # before the security question confirmed in one reply that thanks once (``form._pack``), then the
    # menu, or with a phone on file the texted code; the start says nothing of its own then
    "all_in_one_then_the_menu": (lambda config: _all_in_one(), lambda config: messages.ask_security_question()),
    "all_in_one_then_the_code": (lambda config: _all_in_one(), lambda config: messages.code_sent("***-***-0177")),
}


def _all_in_one() -> str:
    """The account, the address and the proof confirmed together, at their longest: the account number
    of 12 digits, the longest name of data/demo_members.csv and an address of 40 characters."""
    return " ".join((messages.confirm_account("500123456789", "Spicewood Veterinary Clinic PLLC"),
                     messages.confirm_email("spicewood.veterinary.clinic1@example.com").unthanked,
                     messages.confirm_identity().unthanked))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", list(WITH_THE_QUESTION))
def test_a_reply_and_the_question_after_it_fit_two_segments_together(name, language):
    """ "I don't have e-mail" at the e-mail step, "what do the Terms say?": the answer and the
    question pending, read whole, are GSM-7 of at most two segments."""
    reply, question = WITH_THE_QUESTION[name]
    with speaking(language):
        turn = _sent(reply(REAL) + "\n" + question(REAL))
    assert is_gsm7(turn) and septets(turn) <= MAX_SEPTETS, (septets(turn), turn)


def test_only_a_first_wrong_terms_answer_gets_no_text_of_its_own():
    """The question is asked again with its choices; the second time the reply says how to answer.
    A choice not understood at the security-question menu says so first, every time."""
    assert messages.bad_terms(False, LONG) is None and messages.bad_terms(True, LONG)
    for language, missed in (("en", "I didn't catch which one you chose."), ("es", "No entendí cuál eligió.")):
        with speaking(language):
            assert messages.bad_question(False) == missed
            assert messages.bad_question(True).startswith(missed + " ") and "1 " in messages.bad_question(True)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("slot", ["account_number", "member_name", "email", "identity_proof",
                                  "security_question", "security_answer", "terms_accepted",
                                  "confirm_unsubscribe", None])
def test_step_help_fits(slot, language):
    with speaking(language):
        text = _sent(messages.step_help(slot, LONG))
    assert is_gsm7(text) and septets(text) <= MAX_SEPTETS


@pytest.mark.parametrize("name, function", REPLIES, ids=[n for n, _ in REPLIES])
def test_spanish_reply_is_translated(name, function):
    with speaking("en"):
        english = function(*longest_arguments(function))
    with speaking("es"):
        spanish = function(*longest_arguments(function))
    assert spanish != english, f"{name} is not translated"


def test_spanish_keeps_its_letters_where_gsm7_has_them():
    with speaking("es"):
        said = [messages.ask_account_number(), messages.ask_terms(LONG), messages.step_help("email", LONG)]
    texted = " ".join(_sent(text) for text in said)
    assert "¿Cual es su numero de cuenta?" in texted  # ¿ is GSM-7; ú and á are not
    assert "Términos" in texted  # é is GSM-7
    assert "electronico sera" in texted
    shown = " ".join(_said(text) for text in said)  # what the web chat shows
    assert "¿Cuál es su número de cuenta?" in shown and "electrónico será" in shown


def test_typography_becomes_gsm7():
    assert to_gsm7("It\u2019s \u201cdone\u201d \u2013 ok\u2026 \U0001F600") == 'It\'s "done" - ok... '
    assert is_gsm7(to_gsm7("Müller Zoë Ångström café naïve"))


def test_typography_is_plain_for_every_channel_and_accents_stay():
    assert reply_safe(" It\u2019s \u201cdone\u201d \u2013 número\u2026 ") == 'It\'s "done" - número...'
    assert sms_safe("¿Cuál es su número?") == "¿Cual es su numero?"
    assert sms_safe(sms_safe("¿Cuál es su número?")) == "¿Cual es su numero?"  # folding twice changes nothing


def test_extension_characters_count_twice():
    assert septets("{}") == 4
    assert septets("[a]") == 5


def test_too_long_text_is_cut_to_two_segments():
    text = sms_safe("word " * 200)
    assert septets(text) <= MAX_SEPTETS and text.endswith("...")


def test_a_reply_too_long_is_cut_as_it_would_be_texted_and_keeps_its_accents():
    """An extension-table character takes two septets once texted: the cut counts them."""
    said = reply_safe("número [1] " * 60)
    assert "número" in said and said.endswith("...")
    assert MAX_SEPTETS - 10 < texted_septets(said) <= MAX_SEPTETS
    assert sms_safe("número [1] " * 60) == to_gsm7(said)


@pytest.mark.parametrize("language", LANGUAGES)
def test_buttons_carry_plain_numbers(language):
    with speaking(language):
        assert [b["payload"] for b in messages.question_buttons()] == ["1", "2", "3"]
        assert [b["payload"] for b in messages.yes_no_buttons()] == ["yes", "no"]


def test_spanish_buttons_are_translated():
    with speaking("es"):
        assert [b["title"] for b in messages.yes_no_buttons()] == ["Sí", "No"]
        assert messages.question_buttons()[1]["title"] == "Nombre de su mascota"


@pytest.mark.parametrize("language", LANGUAGES)
def test_step_help_for_every_proof_a_co_op_may_accept_fits(language):
    import dataclasses

    config = dataclasses.replace(LONG, proofs=("meter", "zip", "ssn"))
    with speaking(language):
        text = _sent(messages.step_help("identity_proof", config))
    assert is_gsm7(text) and septets(text) <= MAX_SEPTETS
    assert "meter" in text or "medidor" in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_already_registered_reply_says_what_was_mailed(language):
    """A pending registration's own link went again, or nothing new went: never "a password reset link"."""
    with speaking(language):
        reset = messages.already_registered("m***@e***.com", LONG)
        for link in ("activation", "add_account", "none"):
            reply = messages.already_registered_for(link, "m***@e***.com", LONG)
            assert reply != reset and "m***@e***.com" in reply
            assert messages.reset_sent_for(link, "m***@e***.com", LONG) != messages.reset_sent("m***@e***.com", LONG)
        assert messages.already_registered_for("password_reset", "m***@e***.com", LONG) == reset
    with speaking("en"):
        assert "reset" not in messages.already_registered_for("activation", "m***@e***.com", LONG)
        assert "did not send another" in messages.already_registered_for("none", "m***@e***.com", LONG)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("doubts_who", [True, False])
@pytest.mark.parametrize("topic", ["email", "answer", "ssn", None])
def test_every_safety_answer_fits_and_says_how_to_check(language, topic, doubts_who):
    """Each subject of "is this safe?", who-asks first or answer first, fits in two segments with
    the longest co-op facts, and still names the number to call to check it is the co-op: worth the
    pending question a text of its own (docs/languages.md, "A turn's segments")."""
    with speaking(language):
        text = _sent(messages.safety(LONG, topic, doubts_who))
    assert is_gsm7(text) and septets(text) <= MAX_SEPTETS, (septets(text), text)
    assert LONG.support_phone in text and LONG.coop_name in text, text


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_short_question_fits_the_room_an_answer_leaves_it(language):
    """After an answer to a side question, the pending question in short fits the room that answer left
    (``messages.QUESTION_ROOM``), so the turn texts as one text of two segments, with a real Terms address."""
    with speaking(language):
        short = [messages.ask_account_number_short(), messages.ask_member_name_short(),
                 messages.ask_identity_proof_short(None), messages.ask_security_question_short(),
                 messages.ask_terms_short(REAL), messages.ask_confirm_unsubscribe_short(),
                 *(messages.security_question_text(number) for number in (1, 2, 3))]
    too_long = [(septets(_sent(text)), text) for text in short if septets(_sent(text)) > messages.QUESTION_ROOM]
    assert not too_long


# Preterites (third person, "usted") that SMS folding turns into a first-person present or a noun:
# "mencionó" -> "menciono" ("I mention"), "preguntó" -> "pregunto", "olvidó" -> "olvido". After "se"
# the verb stays readable ("se envió", "se quedó": no first person takes "se").
_FOLDS_INTO_ANOTHER_WORD = re.compile(
    r"(?<!\bse )\b(?:mencionó|envió|registró|pidió|preguntó|llegó|canceló|inició|pasó|olvidó|quedó|cambió|"
    r"mandó|activó|pagó|terminó|confirmó|contestó|escogió|dejó)\b", re.IGNORECASE)


def test_no_spanish_catalog_text_changes_meaning_once_its_accents_are_folded():
    """docs/languages.md: SMS drops á í ó ú, so a Spanish reply never rests on an accented preterite
    ("Mencionó otra cuenta" would read "I mention another account")."""
    from babel.messages.pofile import read_po

    with (Path(__file__).resolve().parents[2] / "actions/locale/es/LC_MESSAGES/messages.po").open("rb") as catalog:
        texts = [text for message in read_po(catalog) if message.id
                 for text in (message.string if isinstance(message.string, tuple) else (message.string,))]
    folded = [text for text in texts if _FOLDS_INTO_ANOTHER_WORD.search(text)]
    assert not folded, folded


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_name_on_file_ending_in_a_full_stop_ends_the_sentence_once(language):
    with speaking(language):
        for said in (messages.confirm_account("22015590", "Pedernales Vineyard Inc."),
                     messages.confirm_account("22015590", "Pedernales Vineyard Inc.").unthanked):
            assert "Inc.." not in said and said.rstrip().endswith("Inc."), said


@pytest.mark.parametrize("name, function", REPLIES, ids=[n for n, _ in REPLIES])
def test_spanish_replies_name_the_tax_id_and_the_school_in_spanish(name, function):
    """A play-test's Spanish members read "Tax ID" and "(high school)" in English: the Spanish
    replies say "ID fiscal" and "escuela secundaria (preparatoria)"."""
    with speaking("es"):
        text = function(*longest_arguments(function))
    assert "Tax ID" not in text and "high school" not in text.lower(), f"{name}: {text!r}"
