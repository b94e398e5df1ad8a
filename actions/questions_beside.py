"""The questions a member asks beside a sign-up request or an answer, answered before the pending question.

"hola quiero registrarme pero no tengo correo electronico, se puede?", "can I get paperless billing
if I register online?", "5101000017 Sandoval. pero no tengo email, que hago?": the request starts the
sign-up, the values are read, and the question asked with them is answered too, then the pending
question; never a "Sure" that answers the question by chance. One place says which questions those
are, for the start of a flow (``actions.flow_actions``) and for a step's answer (``actions.form``):

- no e-mail address ("no tengo email", "I don't have an email"), anywhere in a message sent at the
  e-mail step or before it while no address is held: what an address is and the ways to one (short:
  the other replies of the turn and the pending question fit two SMS segments);
- paperless billing, or the paper bill ("what happens to my paper bill after this?"): the answer said at
  the start of a conversation (at the security question, beside a choice and its answer, in short);
- whether it costs anything ("does it cost anything?", "quiero registrarme pero cuesta algo?"): it is free;
- "is this safe?": what becomes of what it is about (and who asks); beside the ZIP or the last 4 just
  sent ("zip es 78620. is this safe?"), what becomes of that one, in short;
- how the sign-up works (``actions.sign_up_facts``): which e-mail address, which ZIP code, whether
  capitals count in the security answer, how long it takes;
- a why that names a step ("why do you need my account number?"): what that step is for (the proof's
  reason in short, "¿Para qué necesitan el código postal?" beside an address: ``messages.why_proof_beside``);
  a why of all of them ("why do you need all this?", "¿por qué piden tantos datos?"): what the questions
  are for;
- how long the activation link works ("how long is the link good for?", ``actions.sign_up_facts``).
"""

from __future__ import annotations

from actions import messages, sign_up_facts
from actions.answers import (asks_about_cost, asks_about_paperless, asks_about_the_paper_bill, asks_if_safe, asks_why,
                             asks_why_of_everything, doubts_who_asks, has_no_email, paperless_question, safety_topic,
                             why_subject)
from actions.backend_client import CoopConfig

# The steps at which "I have no e-mail" is still to be answered: the address is asked at the last of them.
UP_TO_THE_EMAIL = (None, "account_number", "member_name", "email")


def answers_beside(text: str | None, requested: str | None, config: CoopConfig, *, email_held: bool,
                   proof_given: str | None = None) -> list[str]:
    """The answers to the questions ``text`` asks beside its request or values, in the order said
    (``requested``: the pending step, None at the start of a flow; ``email_held``: an address is
    already given, so "no e-mail" asks nothing; ``proof_given``: "zip" or "last4" sent in the message,
    so "is this safe?" about the proof is about that one, never an offer to send the ZIP instead)."""
    answers = []
    if asks_if_safe(text):
        topic = safety_topic(text, requested)
        if topic == "ssn" and proof_given:
            answers.append(messages.safety_given(proof_given))
        else:
            answers.append(messages.safety(config, topic, doubts_who_asks(text)))
    if not email_held and requested in UP_TO_THE_EMAIL and has_no_email(text):
        answers.append(messages.no_email_help_beside())
    if asks_about_cost(text):
        # At the name step the short answer: the name's check and the next question share the reply.
        answers.append(messages.free_short() if requested == "member_name" else messages.terms_fee())
    if asks_about_paperless(text) or asks_about_the_paper_bill(text):
        kind = paperless_question(text)
        if requested == "security_question" and kind in (None, "keeps", "without"):
            # "la 1, Garcia. ¿y con esto ya no me llega el recibo en papel?": the answer saved and the
            # Terms question share the reply, so paper keeps coming is said in short.
            answers.append(messages.paperless_short())
        else:
            answers.append(messages.paperless_answer(kind, config, in_form=True))
    elif asks_why(text) and not asks_if_safe(text):
        subject = why_subject(text, requested)
        if asks_why_of_everything(text) and requested != "member_name":
            # "1006124578 under Okafor. Why do you need all this though?": a why of no one step, of all of
            # them: what the questions are for, in short. (Beside the name, the name step says why it asks
            # for the name and the number: ``messages.why_name_and_account``.)
            answers.append(messages.about_signing_up(("why",), in_form=True))
        elif subject == "member_name" and requested in (None, "account_number"):
            # "account 1006124578, last name Okafor. why do you need the last name if you have the number?":
            # why both, never "Send the last name ..." beside the name just sent.
            answers.append(messages.why_name_and_account())
        elif subject == "identity_proof":
            answers.append(messages.why_proof_beside())  # short: a value confirmed and a question beside it
        elif subject is not None:
            answers.append(messages.why_step(requested, config, subject))
    return answers + sign_up_facts.answer(text, config)
