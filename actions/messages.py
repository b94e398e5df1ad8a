"""Every sentence the assistant sends, in one place, in every language it speaks.

Each reply's source text is the English here; its translations live in the
gettext catalogs ``actions/locale/<lang>/LC_MESSAGES/messages.po`` (read
directly by ``common.catalogs``, no build step). A reply is made in the
language of the turn (``actions.language``: the web app decides it, the
action server binds it for each action call). Placeholders are named
(``{account}``) so a translation may move them; tests check that every
translation exists and keeps its placeholders.

Replies keep their accents (the web chat shows them) and fit two SMS segments
once the SMS channel folds them to GSM-7 (``common.gsm``, docs/languages.md);
tests/actions/test_messages.py checks each one as SMS sends it, in every
language, with the longest co-op facts it may contain. Co-op facts (phone, hours, URLs, sender
address) come from ``GET /api/config``, never from this file. No reply ever
contains a ZIP code, SSN/TIN digits or a security answer: none of these
functions takes one.

Choices are numbered in the text and offered as buttons whose payload is the
number (or YES / NO), so SMS members and the web widget answer the same way.
No reply suggests an SMS opt-out keyword (webhook/sms/keywords.py, in any language): "reply
START OVER", never "reply STOP".
"""

from __future__ import annotations

from pathlib import Path

from actions.backend_client import CoopConfig
from actions.channel import in_web_chat
from actions.language import current_language
from common import normalise, security_questions
from common.catalogs import translations
from common.gsm import MAX_SEPTETS, fits, texted_septets
from common.page_links import with_language

LOCALE_DIR = Path(__file__).resolve().parent / "locale"


def _(message: str) -> str:
    """``message`` in the language of the turn."""
    return translations(LOCALE_DIR, current_language()).gettext(message)


def _marked(message: str) -> str:
    """A text marked with ``N_`` (or from the backend's config), in the language of the turn."""
    return translations(LOCALE_DIR, current_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(LOCALE_DIR, current_language()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a text for the catalog that is translated later (by ``_``)."""
    return message


def _account_length() -> dict[str, int]:
    """The account-number length as the normaliser defines it, for the replies that state it."""
    return {"min_digits": normalise.ACCOUNT_MIN_DIGITS, "max_digits": normalise.ACCOUNT_MAX_DIGITS}


def question_buttons() -> list[dict[str, str]]:
    """One button per security question (``common.security_questions``), titled with its short name."""
    return [{"title": _marked(question.short), "payload": str(number)}
            for number, question in security_questions.numbered()]


def _either(numbers: list[str]) -> str:
    """ "1, 2 or 3": the numbers a member may reply, in the language of the turn."""
    if len(numbers) < 2:
        return "".join(numbers)
    return _("{numbers} or {last}").format(numbers=", ".join(numbers[:-1]), last=numbers[-1])


def _question_numbers() -> str:
    return _either([str(number) for number, _question in security_questions.numbered()])


def yes_no_buttons() -> list[dict[str, str]]:
    return [{"title": _("Yes"), "payload": "yes"}, {"title": _("No"), "payload": "no"}]


def _how_to_answer(by_sms: str, in_the_chat: str = "") -> str:
    """How to answer, as the member's channel shows it (``actions.channel``): an SMS member replies in
    words ("Reply YES or NO."); the web chat offers buttons, so its text says to choose them ("Choose
    Yes or No."), or nothing ("") where no button comes with the question."""
    return in_the_chat if in_web_chat() else by_sms


def _then(sentence: str, how: str) -> str:
    """``sentence`` followed by how to answer it, when there is anything to say."""
    return f"{sentence} {how}" if how else sentence


def _login(config: CoopConfig) -> str:
    """The sign-in page, opening in the language of the reply it is in."""
    return with_language(config.login_url, current_language())


def _call(config: CoopConfig) -> str:
    hours = config.hours_in(current_language())
    if hours:
        return _("member services at {phone} ({hours})").format(phone=config.support_phone, hours=hours)
    return _("member services at {phone}").format(phone=config.support_phone)


def _ending(phone_masked: str | None) -> str:
    return _(" ending in {last4}").format(last4=phone_masked[-4:]) if phone_masked else ""


def _tries_left(attempts_left: int | None) -> str:
    if attempts_left is None:
        return ""
    return " " + ngettext("{n} try left.", "{n} tries left.", attempts_left).format(n=attempts_left)


def _sender(config: CoopConfig) -> str:
    return _(" from {sender}").format(sender=config.mail_from) if config.mail_from else ""


# --- questions ---------------------------------------------------------------
def ask_account_number() -> str:
    return _("What is your account number? It has {min_digits} to {max_digits} digits and is printed on "
             "your bill.").format(**_account_length())


def ask_member_name(account_number: str | None) -> str:
    if account_number:
        return _("What is the last name or business name on account {account}?").format(account=account_number)
    return _("What is the last name or business name on the account?")


def ask_member_name_introduced(account_number: str, name: str) -> str:
    """The name question after the member introduced themselves before the sign-up ("Hello this is
    Dorothy Johnson"): that name offered, tried only on a yes."""
    return _how_to_answer(
        _("You said you are {name}. Is account {account} in that name? Reply YES, or send the last name "
          "or business name on it."),
        _("You said you are {name}. Is account {account} in that name? If so, say yes; if not, send the last "
          "name or business name on it.")).format(name=name.rstrip("."), account=account_number)


def ask_email() -> str:
    return _("What e-mail address should we use for your online account?")


def ask_new_email() -> str:
    return _("What is the new e-mail address for your online login?")


# Where each proof is printed or found, as the bot says it (COOPBOT_PROOFS picks them).
_PROOF_PHRASES = {
    "meter": N_("the meter number printed on your bill next to the meter readings"),
    "zip": N_("the mailing ZIP code on the account"),
    "ssn": N_("the last 4 digits of the SSN or Tax ID on it"),
}
DEFAULT_PROOFS = ("zip", "ssn")


def _proofs_phrase(proofs: tuple[str, ...]) -> str:
    """"the meter number printed on your bill ..., or the mailing ZIP code ...": what the co-op accepts."""
    return _(", or ").join(_(_PROOF_PHRASES[proof]) for proof in proofs if proof in _PROOF_PHRASES)


def ask_identity_proof(method: str | None, proofs: tuple[str, ...] = DEFAULT_PROOFS) -> str:
    if tuple(proofs) != DEFAULT_PROOFS and method not in ("zip", "last4"):
        return _("To protect your account, send {proofs}.").format(proofs=_proofs_phrase(proofs))
    if method == "zip":
        return _("What is the mailing ZIP code on the account?")
    if method == "last4":
        return _("What are the last 4 digits of the SSN or Tax ID on the account?")
    return _("To protect your account, send the mailing ZIP code on the account, "
             "or the last 4 digits of the SSN or Tax ID on it.")


# --- the same questions in short, asked after an explanation in the same turn ----------------
# (``flow_actions._ask``: where the short form saves the turn an SMS segment; the explanation said
# what the question is for, so the short form only asks.)
def ask_account_number_short() -> str:
    return _("What is your account number?")


def ask_member_name_short() -> str:
    return _("Last name or business name on the bill?")


def ask_identity_proof_short(method: str | None, proofs: tuple[str, ...] = DEFAULT_PROOFS) -> str:
    if tuple(proofs) == DEFAULT_PROOFS and method not in ("zip", "last4"):
        return _("Please send the mailing ZIP code, or the last 4 of the SSN or Tax ID.")
    return ask_identity_proof(method, proofs)


def ask_security_question_short() -> str:
    menu = ", ".join(f"{number} {_marked(question.short)}" for number, question in security_questions.numbered())
    return _how_to_answer(_("Reply {numbers}: {menu}"), _("Pick one: {menu}")).format(
        numbers=_question_numbers(), menu=menu)


def ask_terms_short(config: CoopConfig) -> str:
    return _how_to_answer(_("Do you accept the Terms and Conditions at {terms_url} ? Reply YES or NO."),
                          _("Do you accept the Terms and Conditions at {terms_url} ? Choose Yes or No.")).format(
        terms_url=with_language(config.terms_url, current_language()))


def ask_confirm_unsubscribe_short() -> str:
    return _how_to_answer(_("Delete your online account registration? Reply YES or NO."),
                          _("Delete your online account registration? Choose Yes or No."))


def ask_security_question() -> str:
    menu = ", ".join(f"{number} {_marked(question.short)}" for number, question in security_questions.numbered())
    return _how_to_answer(_("Pick a security question. Reply {numbers}: {menu}"),
                          _("Pick a security question: {menu}")).format(numbers=_question_numbers(), menu=menu)


def security_question_text(question: int) -> str:
    """Question ``question`` as the member reads it ("What is your pet's name?"), in the turn's language."""
    chosen = security_questions.by_number(question)
    return _marked(chosen.text) if chosen else ""


def ask_security_answer(question: int) -> str:
    return _("{question} Send your answer; you may need it if you forget your password.").format(
        question=security_question_text(question))


def ask_terms(config: CoopConfig) -> str:
    """The Terms' link carries the conversation's language: the page opens in it, whatever the
    browser's own languages (a Spanish chat in an English browser gets the Spanish Terms)."""
    return _how_to_answer(
        _("Last step: do you accept the Terms and Conditions at {terms_url} ? Reply YES to accept or NO."),
        _("Last step: do you accept the Terms and Conditions at {terms_url} ? Choose Yes or No."),
    ).format(terms_url=with_language(config.terms_url, current_language()))


def ask_terms_said_accepted(config: CoopConfig) -> str:
    """The Terms question when the member's message already said they accept them: a yes counts
    only once the Terms were shown (docs/dialogue.md), so the member confirms, told their words
    were heard."""
    return _how_to_answer(
        _("You said you accept the Terms and Conditions: here they are, at {terms_url} . Reply YES to confirm, or NO."),
        _("You said you accept the Terms and Conditions: here they are, at {terms_url} . Choose Yes to confirm, "
          "or No."),
    ).format(terms_url=with_language(config.terms_url, current_language()))


def ask_terms_after_no(config: CoopConfig) -> str:
    """The Terms question right after a "no" (``messages.terms_declined`` said nothing is registered):
    how to accept if the member changes their mind, not the question again as if unsaid."""
    return _how_to_answer(
        _("If you change your mind, reply YES to accept the Terms and Conditions at {terms_url} ."),
        _("If you change your mind, choose Yes to accept the Terms and Conditions at {terms_url} ."),
    ).format(terms_url=with_language(config.terms_url, current_language()))


def ask_confirm_unsubscribe() -> str:
    return _how_to_answer(
        _("Delete your online account registration? Your bills will come by mail and you can "
          "register again any time. Reply YES to delete or NO to keep it."),
        _("Delete your online account registration? Your bills will come by mail and you can "
          "register again any time. Choose Yes to delete or No to keep it."))


def ask_one_time_code(code_pending: object = True) -> str:
    if code_pending == "opted_out":
        return _("Once the phone on file has texted START, reply NEW CODE here and I will text the code.")
    if code_pending == "retry":
        return _("Reply NEW CODE to try again, or ask for a person.")
    return _("Please send the 6-digit code I sent to the phone on file.")


# --- the one-time code to the phone on file --------------------------------------
def code_sent(phone_masked: str | None) -> str:
    return _("To protect your account, I texted a 6-digit code to the phone on file{ending}. "
             "Send it here; it expires in 10 minutes.").format(ending=_ending(phone_masked))


def code_unavailable(config: CoopConfig) -> str:
    return _("I could not send a code to the phone on file just now. Please reply NEW CODE in a few minutes, "
             "or call {call}.").format(call=_call(config))


def code_called(phone_masked: str | None) -> str:
    return _("One more step to protect your account: the phone on file{ending} cannot get texts, so I am "
             "calling it now to read you a 6-digit code. Please send it here. It expires in 10 minutes."
             ).format(ending=_ending(phone_masked))


def code_phone_opted_out(phone_masked: str | None, config: CoopConfig) -> str:
    number = config.sms_number or _("our texting number")
    return _("The phone on file{ending} has opted out of our texts, so I cannot text it a code. "
             "From that phone, text START to {number}: then sign up by text from it (texting from the "
             "phone on file proves it is yours), or reply NEW CODE here.").format(ending=_ending(phone_masked),
                                                                                  number=number)


def code_no_channel(config: CoopConfig) -> str:
    return _("I cannot send a code to the phone on file: it takes neither texts nor calls. Nothing was "
             "registered. To finish, call {call}: they will check who you are.").format(call=_call(config))


def phone_not_theirs(config: CoopConfig) -> str:
    """The phone on file is no longer the member's: only member services can change it; the
    sign-up's answers are kept for when the member writes again (worded for SMS and the web chat alike)."""
    return _("Only the co-op can change the phone on file: call {call} to update it. Then write to me here "
             "again and reply NEW CODE; your answers so far are kept.").format(call=_call(config))


def code_no_texts(config: CoopConfig) -> str:
    """The phone on file may take no texts ("that's my old landline", "es un teléfono fijo"): a text
    that cannot reach it makes the next code a voice call (NEW CODE), and a phone that is no longer
    the member's is for member services to change."""
    return _("If the phone on file is a landline, reply NEW CODE: when a text can't reach it, I call it and "
             "read the code. Not your phone anymore? Call {call} to update it. Your answers are kept."
             ).format(call=_call(config))


def code_not_arrived(config: CoopConfig) -> str:
    """The code was sent once more and still did not come: member services can check the phone on
    file (the same advice as for a phone that is no longer the member's); a late code still works."""
    return _("Still no code? I will not send more for now. Please call {call}: they can check the phone "
             "on file. Your answers so far are kept; if the code comes, send it here.").format(call=_call(config))


def too_many_codes(config: CoopConfig) -> str:
    return _("I have already sent several codes to the phone on file. Please try again in an hour, "
             "or call {call}.").format(call=_call(config))


def bad_code(second_time: bool) -> str:
    if second_time:
        return _("Please send just the 6 digits of the code from the text message. No text? Reply NEW CODE, "
                 "or ask for a person.")
    return _("The code has 6 digits. Please send the code from the text message.")


def code_wait() -> str:
    """The member asks for a moment at the code step (the phone may be someone else's)."""
    return _("No rush: the code works for 10 minutes; send it here when you have it.")


def code_mismatch(attempts_left: int | None) -> str:
    return _("That code does not match.{tries_left} Please check the text message and try again.").format(
        tries_left=_tries_left(attempts_left))


def code_expired_resent(phone_masked: str | None) -> str:
    return _("That code is no longer valid, so I texted a new one to the phone on file{ending}. "
             "Please send it.").format(ending=_ending(phone_masked))


def code_just_sent(phone_masked: str | None) -> str:
    """NEW CODE within seconds of the last code: no new one was sent (``possession.RESEND_AFTER``)."""
    return _("A code went to the phone on file{ending} a moment ago, and it can take a minute to arrive. "
             "Please send the 6 digits here when you have it.").format(ending=_ending(phone_masked))


def code_asked_again(phone_masked: str | None) -> str:
    return _("I texted a code to the phone on file{ending}. Texts can take a minute to arrive. "
             "Please send the 6 digits here when it does.").format(ending=_ending(phone_masked))


def locked_code_sent(phone_masked: str | None) -> str:
    return _("For your security, online sign-up for this account is paused after too many wrong answers. "
             "To unlock it, send the 6-digit code I just texted to the phone on file{ending}.").format(
        ending=_ending(phone_masked))


def code_ok() -> str:
    return _thanked(_("Thanks, the code is right."), _("The code is right."))


def account_locked(config: CoopConfig) -> str:
    return _("For your security, online sign-up for this account is paused after too many wrong answers. "
             "To unlock it, call {call}.").format(call=_call(config))


# --- confirmations (never echo ZIP, last 4 or the security answer) ----------
class Thanked(str):
    """A confirmation that opens with thanks (or "Got it"). ``unthanked`` says the same without it:
    several values in one message are confirmed in one reply (``form._pack``), and that reply thanks
    once ("Thanks, I found account ... I will use ... That matches our records.": short enough that a
    first message with every answer, and the question after it, fit two SMS segments)."""

    unthanked: str


def _thanked(text: str, unthanked: str) -> Thanked:
    note = Thanked(text)
    note.unthanked = unthanked
    return note


def confirm_account(account_number: str, name: str) -> str:
    """The account found, with the name as it is on file; a name ending in a full stop ("Pedernales
    Vineyard Inc.") ends the sentence with it, never with a second one."""
    name = name.rstrip(".")
    return _thanked(_("Thanks, I found account {account} for {name}.").format(account=account_number, name=name),
                    _("I found account {account} for {name}.").format(account=account_number, name=name))


def why_name_and_account() -> str:
    return _("I ask for both so that an account number alone is not enough: the name must match "
             "the one on the account.")


def confirm_account_only(account_number: str) -> str:
    return _("Got it, account {account}.").format(account=account_number)


def full_ssn_refused() -> str:
    return _("Please do not send your whole Social Security or Tax ID number: I never need it, and "
             "I did not keep it. I only ever ask for its last 4 digits.")


def account_ending(digits: str) -> str:
    """An account number that may be a mistyped SSN, shown by its last two digits only
    (its last four would be the SSN's, the proof members give)."""
    return _("ending in {digits}").format(digits=digits)


def finish_this_account_first(ending: str) -> str:
    """Another account number brought with words of adding while the first account is proven:
    the first is finished, never dropped for the other (which can be added right after)."""
    return _("Let's finish account ending in {digits} first; you can add the other right after.").format(digits=ending)


def finish_before_another_account(ending: str) -> str:
    """Another account named by its last digits at the ZIP / last 4 ("also delete the one ending in
    0987"): those digits are no proof; the account held is finished first, the other asked about after."""
    return _("Let's finish account ending in {digits} first; you can ask about the other one right after.").format(
        digits=ending)


def any_email_you_open() -> str:
    """ "can I use my granddaughter's e-mail?": yes, the address only has to be one the member can open."""
    return _("Yes: any e-mail address you can open works, yours or a family member's. It is where your "
             "activation and password links go.")


def no_email_help(config: CoopConfig) -> str:
    """At the e-mail question, "I don't have e-mail", "is that my phone number?", "¿qué es un correo?":
    what an address is, why it is needed, and the ways to one. Short, since the pending question
    follows and both are read as one text (within two SMS segments with the longest hours)."""
    return _("An e-mail address looks like name@example.com (not a phone number); your link goes there. "
             "Yours, a family member's or a free one works. Or call {call}.").format(call=_call(config))


def no_email_help_beside() -> str:
    """ "no tengo email" beside a sign-up request or other answers ("5101000017 Sandoval. pero no tengo
    email, que hago?"): what an address is and the ways to one, without the phone number, so the
    other replies of the turn and the pending question still fit two SMS segments (the e-mail
    question answered with "no tengo correo" alone says the whole ``no_email_help``)."""
    return _("An e-mail address looks like name@example.com (not a phone number); your link goes there. "
             "Yours, a family member's or a free one works.")


def confirm_email(email: str) -> str:
    return _thanked(_("Got it, I will use {email}.").format(email=email), _("I will use {email}.").format(email=email))


def email_did_you_mean(suggested: str, typed: str) -> str:
    """A near-miss of a common mail domain (``actions.email_typos``): the suggestion first, then
    the address typed (the next turn reads both back from this reply)."""
    return _how_to_answer(_("Did you mean {suggested}? Reply YES to use it, or NO to keep {typed}."),
                          _("Did you mean {suggested}? Say yes to use it, or no to keep {typed}.")).format(
        suggested=suggested, typed=typed)


def email_did_you_mean_joined(suggested: str) -> str:
    """An address said in words whose words were joined by guess ("ruth delacroix at gmail dot com",
    ``actions.spoken_email``): asked, never taken (the next turn reads it back from this reply)."""
    return _how_to_answer(
        _("Did you mean {suggested}? Reply YES to use it, or type the address as it is written."),
        _("Did you mean {suggested}? Say yes to use it, or type the address as it is written."),
    ).format(suggested=suggested)


def email_not_joined() -> str:
    """NO to "Did you mean ...?" about an address said in words: nothing is used, it is asked again."""
    return _("OK, I will not use it. You can type the address itself, like name@example.com.")


def confirm_same_email(email_masked: str | None) -> str:
    """The address given earlier in the conversation ("same as before"), shown masked: not typed now."""
    return _("Got it, I will use the same address as before: {email}.").format(email=email_masked)


def same_address_unknown(email_masked: str | None) -> str:
    """ "Same as before" when the conversation knows no earlier address in clear."""
    if email_masked:
        return _("I only have that address partly hidden ({email}), so I cannot use it from here. "
                 "Please type it in full.").format(email=email_masked)
    return _("I do not have an e-mail address from earlier in this conversation. Please type it in full.")


def confirm_identity() -> str:
    return _thanked(_("Thanks, that matches our records."), _("That matches our records."))


def proof_accepted(method: str | None) -> str:
    """ "was that OK?" about the proof just accepted: yes, what it was (never its digits); the
    pending question follows."""
    if method == "zip":
        return _("Yes, that's fine: the mailing ZIP code on the account is accepted as proof, and it matched.")
    if method == "meter":
        return _("Yes, that's fine: the meter number is accepted as proof, and it matched.")
    return _("Yes, that's fine: the last 4 digits of the SSN or Tax ID on the account are accepted as proof, "
             "and they matched.")


def confirm_answer(question: int) -> str:
    """Names the question the answer was saved for (never the answer), so a member who meant
    another one notices, and says how to redo it (``CHANGE ANSWER`` is read as a correction)."""
    chosen = security_questions.by_number(question)
    question_text = _marked(chosen.text) if chosen else ""
    return _thanked(
        _how_to_answer(_("Thanks, I saved your answer to: {question} (Reply CHANGE ANSWER to redo it.)"),
                       _("Thanks, I saved your answer to: {question} (Type CHANGE ANSWER to redo it.)")
                       ).format(question=question_text),
        _how_to_answer(_("I saved your answer to: {question} (Reply CHANGE ANSWER to redo it.)"),
                       _("I saved your answer to: {question} (Type CHANGE ANSWER to redo it.)")
                       ).format(question=question_text))


def six_digits_at_the_proof(digits: int = 6) -> str:
    """Six digits alone at the ZIP / last-4 question: neither taken (no try spent), never echoed.
    The count is a placeholder: a digit count beside "account number" reads as its limit."""
    return _("That number has {digits} digits: a ZIP code has 5, and of the SSN or Tax ID I need only the last "
             "4. If it is another account number, send it with the word account before it.").format(digits=digits)


def secret_held_back() -> str:
    return _("I can check a ZIP code or last 4 digits only after your account number and name, "
             "so I will ask for it again then.")


# --- problems with an answer ---------------------------------------------------
def bad_account(digits: str | None, second_time: bool) -> str:
    if digits:
        text = _("That has {count} digits, but an account number has {min_digits} to {max_digits}.").format(
            count=len(digits), **_account_length())
    else:
        text = _("An account number has {min_digits} to {max_digits} digits.").format(**_account_length())
    if second_time:
        return text + " " + _("It is printed near the top of your bill as Account Number; the meter number "
                              "is a different number. What is your account number? No bill yet? Ask for a person.")
    return text + " " + _("You will find it on your bill. What is your account number?")


def bad_name(second_time: bool, account_number: str | None = None) -> str:
    """A text that cannot be read as a name: what to send, with an example of each kind of name, so
    the question is never a bare repeat that leaves the member guessing why; the first time with the
    question as it was asked (with the account it is for), the second time the example alone."""
    example = _("Please send just the last name, like Garza, or the business name as printed on the "
                "bill, like Garza Ranch LLC.")
    return example if second_time else example + " " + ask_member_name(account_number)


def name_wait() -> str:
    """The member asks for a moment at the name step: no try is spent, the question stays open."""
    return _("No rush: send the last name or business name as it is printed on the bill when you have it.")


def offer_the_other_account() -> str:
    """After the first registration of a member who said there are several accounts ("my house
    and also my barn"): how to add the other one in this conversation."""
    return _("You mentioned another account: send its number to add it too.")


def terms_at_the_end() -> str:
    """The Terms accepted before their question ("Acepto los términos y condiciones" at the name
    step): not kept, since they are accepted with their link in front of the member; said so, so
    the member is not surprised when they are asked."""
    return _("Thanks. I will ask you to accept the Terms and Conditions at the end, with their link.")


def code_already_confirmed() -> str:
    """The texted code sent again after it was confirmed: nothing to do with it (never said back)."""
    return _("That code is already confirmed; there is no need to send it again.")


def not_a_name() -> str:
    """A message at the name step that clearly is no name ("la 1", a question): no try is spent."""
    return _("I still need the last name or business name as it is printed on the bill.")


def no_match(account_number: str, second_time: bool, attempts_left: int | None) -> str:
    warn = _tries_left(attempts_left) if attempts_left is not None and attempts_left <= 2 else ""
    if second_time:
        # "452318" for 000452318: account numbers have no one length, so every digit is asked for, the
        # zeros at the start too (said whatever the number, so it tells nothing of any account).
        return _("Account {account} still does not match that name.{tries_left} Check both on your bill: "
                 "the account number with every digit, zeros at the start too (not the meter number), and "
                 "the last name or business name. Send the name, or a corrected account number.").format(
            account=account_number, tries_left=warn)
    return _("I could not match account {account} with that name.{tries_left} Please send the last name "
             "or business name as it appears on your bill, or a corrected account number.").format(
        account=account_number, tries_left=warn)


def stray_number_kept_account(ending: str, at_email: bool) -> str:
    """A bare 6-digit number (a code typed at the wrong time) where no account number is asked:
    the matched account is kept, and said so; at the e-mail step, that it is no address."""
    kept = _("I kept account ending in {digits}.").format(digits=ending)
    if at_email:
        return _("That number is not an e-mail address.") + " " + kept
    return _("That number is not an answer to my question.") + " " + kept


def email_again() -> str:
    """A bare "para" at the e-mail question: not understood, no question; what an address looks like
    (the e-mail question follows)."""
    return not_understood() + " " + _("An e-mail address looks like name@example.com.")


def _email_problem(kind: str) -> str:
    """What is wrong with an address (``extract.email_problem``'s kind), in the language of the turn."""
    problems = {
        "no_at": N_("It needs an @ between the name and the domain, like name@example.com."),
        "nothing_before_at": N_("Something is missing before the @, like name@example.com."),
        "spaces": N_("E-mail addresses cannot contain spaces."),
        "domain_incomplete": N_("The part after the @ looks incomplete; it should end like example.com."),
    }
    return _marked(problems.get(kind, N_("It should look like name@example.com.")))


def bad_email(problem: str | None, second_time: bool) -> str:
    """An address that cannot be right: every sentence in the member's language, the problem's own too."""
    text = _("That does not look like an e-mail address.")
    if problem:
        text = _("That e-mail address does not look right. {problem}").format(problem=_email_problem(problem))
    if second_time:
        text += " " + _("If you have no e-mail address, you can talk to a person instead.")
    return text + " " + _("Please send it again.")


def proof_not_accepted(proofs: tuple[str, ...]) -> str:
    """A ZIP or last 4 where the co-op checks other facts: nothing was checked."""
    return _("This co-op does not check that one. Please send {proofs}.").format(proofs=_proofs_phrase(proofs))


def bad_secret(method: str | None, second_time: bool, proofs: tuple[str, ...] = DEFAULT_PROOFS) -> str:
    if "meter" in proofs and method not in ("zip", "last4"):
        text = _("A meter number has 1 to 12 letters or digits.") + " " + _("Please send {proofs}.").format(
            proofs=_proofs_phrase(proofs))
        if second_time:
            text += " " + _("It is in the meter readings part of your bill, next to the readings.")
        return text
    if method == "zip":
        text = _("A ZIP code has 5 digits.")
    elif method == "last4":
        text = _("Please send exactly 4 digits: the last 4 of the SSN or Tax ID.")
    else:
        text = _("Please send the 5-digit mailing ZIP code, or the last 4 digits of the SSN or Tax ID.")
    if second_time:
        text += " " + _("It is the ZIP where your bill is mailed.")
    return text


def no_ssn_send_zip() -> str:
    """No SSN on the account (a business): what to send instead, the proof question itself, so that
    question is not asked again after it (``ActionAskIdentityProof``)."""
    return _("No SSN is needed: send the mailing ZIP code on the account instead, or the last 4 digits "
             "of the business's Tax ID (EIN).")


def zip_again(proofs: tuple[str, ...] = DEFAULT_PROOFS) -> str:
    """The end of a wrong ZIP's reply: what to send now. It asks the proof question itself, so that
    question is not asked again after it (``ActionAskIdentityProof``), also when the ZIP came at
    another step with other answers ("pecans@riofriopecans.com zip 78897")."""
    if "ssn" in proofs:
        return _("Please send it again, or the last 4 digits of the SSN or Tax ID instead.")
    return _("Please send it again.")


def mismatch(method: str, attempts_left: int | None, second_time: bool,
             proofs: tuple[str, ...] = DEFAULT_PROOFS) -> str:
    if method == "meter":
        text = _("That meter number does not match our records.") + _tries_left(attempts_left)
        if second_time:
            text += " " + _("Use the meter number printed on your bill next to the meter readings.")
        return text + " " + _("Please send it again.")
    if method == "zip":
        # Members often send the ZIP of the house the power goes to; the records hold the mailing
        # address's, and the last 4 are another way in.
        text = _("That ZIP code does not match our records.") + _tries_left(attempts_left) + " " + _(
            "Use the ZIP your bill is mailed to, which may differ from the service address.")
        return text + " " + zip_again(proofs)
    text = _("Those last 4 digits do not match our records.") + _tries_left(attempts_left)
    if second_time:
        text += " " + _("Use the SSN or Tax ID of the account owner.")
    if "zip" in proofs:
        # The ZIP offered to every account alike, as a wrong ZIP offers the last 4: never a hint
        # whether an SSN or Tax ID is on file.
        return text + " " + _("Please send it again, or the mailing ZIP code instead.")
    return text + " " + _("Please send it again.")


def bad_question(second_time: bool) -> str:
    """No option was understood: said first, so the menu that follows is no word-for-word repeat;
    the second time also how to answer."""
    missed = _("I didn't catch which one you chose.")
    if second_time:
        choices = ", ".join(_("{number} for {question}").format(number=number, question=_lower_first(_marked(question.short)))
                            for number, question in security_questions.numbered())
        return missed + " " + _("Reply with just the number: {choices}.").format(choices=choices)
    return missed  # the question is asked again with its choices


def _lower_first(text: str) -> str:
    """ "Pet's name" -> "pet's name", inside a sentence."""
    return text[:1].lower() + text[1:]


def take_your_time() -> str:
    """A request for time at the answer step ("hold on, let me ask my partner, brb"): nothing is
    stored and the answer's question stays pending."""
    return _("Sure, take your time: send the answer when you have it.")


def not_understood() -> str:
    """Said first when a yes/no question is asked again because nothing in the reply was
    understood, so the repeat is no word-for-word echo (as ``bad_question`` at the menu)."""
    return _("Sorry, I didn't catch that.")


def not_an_answer(kind: str) -> str:
    """Said before the answer is asked again, when the text was no answer (nothing is stored):
    ``kind`` is "wait" (the member asks for time), "unsure" (does not know) or "question"."""
    if kind == "wait":
        return take_your_time()
    if kind == "unsure":
        return _("Pick an answer you are sure to remember, or reply CHANGE QUESTION to pick another question.")
    return _("Any answer works, as long as you will remember it. It is only asked if you forget your password.")


def answer_first() -> str:
    """A yes, a no or the Terms accepted while the security answer is asked ("Yes, I accept the
    terms", "sí"): no answer, nothing stored or counted; said before the question is asked again,
    so the member sees why the Terms have not come yet."""
    return _("I still need your answer to the security question first.")


def which_question() -> str:
    """A question at the menu about which option to take ("which one for an LLC?"): any works,
    as long as whoever manages the account remembers the answer; the menu follows again."""
    return _("Any of them works: pick one whose answer the person who manages the account will remember. "
             "For a business, that can be the owner's mother's maiden name or the high school of whoever "
             "handles the account. It is only asked if the password is forgotten.")


def only_these_questions() -> str:
    """A question not on the menu asked for ("could I use a different question, such as my first
    teacher's name?"): one short sentence, then the menu again; nothing chosen or counted."""
    return _("Sorry, only these security questions can be used.")


def answer_again() -> str:
    """A correction of the security answer at the Terms ("oops, I misspelled it"): the answer's
    step opens again and its question follows, so the new answer is taken as typed."""
    return _("Sure, send the answer again, exactly as you want it saved.")


def answer_only(question: int) -> str:
    """A long security answer from which no answer could be read ("My mother was from a big family
    in Monterrey ..."): nothing is stored and the answer itself is asked for, never echoed. The
    question is named, since this reply takes the place of asking it again."""
    return _("Please send only the answer, in a few words, with no sentence around it: it must be "
             "typed the same way if you forget your password. {question}").format(
        question=security_question_text(question))


def answer_too_short(config: CoopConfig) -> str:
    """The backend's rule (``min_answer_length`` of ``GET /api/config``), never restated here."""
    n = config.min_answer_length
    return ngettext("That answer is too short. Please use at least {n} letter or digit.",
                    "That answer is too short. Please use at least {n} letters or digits.", n).format(n=n)


def bad_terms(second_time: bool, config: CoopConfig) -> str | None:
    if second_time:
        return _how_to_answer(
            _("I can only register you if you accept the Terms and Conditions. Reply YES to accept, "
              "or NEVER MIND to stop here."),
            _("I can only register you if you accept the Terms and Conditions. Choose Yes to accept, "
              "or type NEVER MIND to stop here."))
    return None  # the question is asked again with the link


def bad_yes_no() -> str:
    return _how_to_answer(_("Please reply YES or NO."), _("Please choose Yes or No."))


# What ``verify_first`` is called with.
_VERIFY_FIRST_WHAT = (N_("ZIP code or last 4 digits"), N_("code"))


def verify_first(what: str) -> str:
    return _("I need your account number and name before the {what}.").format(what=_marked(what))


def lockout(config: CoopConfig, minutes: int | None) -> str:
    """The conversation (never an account) made too many tries: for how long this conversation is
    locked (None: its end could not be read), and whom to call for help sooner. Only what is true
    of this conversation: no "try again in an hour" (the lock is no account's, so the member need
    not wait for it elsewhere), and no word of where else to go on nor of any account, locked or
    not (docs/security.md: no oracle)."""
    if minutes is None:
        return _("For your security, this conversation is locked for now after too many tries. "
                 "If you need help sooner, call {call}.").format(call=_call(config))
    return ngettext("For your security, this conversation is locked for {n} minute after too many tries. "
                    "If you need help sooner, call {call}.",
                    "For your security, this conversation is locked for {n} minutes after too many tries. "
                    "If you need help sooner, call {call}.", minutes).format(n=minutes, call=_call(config))


def sign_in_help_while_locked(config: CoopConfig) -> str:
    """How to sign in and whom to ask for a password reset, asked in a conversation a lock paused: the
    same words whatever the lock and whatever account was tried (nothing of any login, no reset
    link offered, no other way around the lock)."""
    return _("To sign in, open {login} with your e-mail address and password. Forgot your password? "
             "Call {call}: I cannot send a reset link in this conversation now.").format(
        login=_login(config), call=_call(config))


def network_wait() -> str:
    """A check from a network that many wrong answers came from waits a few minutes (never a day)."""
    return _("Many wrong answers came from your network, so I need to slow down. "
             "Please wait a few minutes, then send that again.")


def network_paused(config: CoopConfig) -> str:
    return _("Too many wrong answers for this account came from your network today. "
             "Please try again tomorrow, or call {call}.").format(call=_call(config))


def offer_person(config: CoopConfig) -> str:
    return _("If you prefer, talk to a person: call {call}.").format(call=_call(config))


# --- outcomes --------------------------------------------------------------------
# The ``link`` the backend answers (RegistrationResult): what it mailed to the address on file, for
# an account already registered, or for a new account added to the login this conversation signed up.
ADD_ACCOUNT_LINK = "add_account"
PENDING_LINKS = ("activation", ADD_ACCOUNT_LINK)
NO_LINK = "none"
# The ``link`` of an answer whose mail the day's link-mail budget held back: nothing went out.
LINKS_STOPPED = "daily_limit"


def registered(email_masked: str | None, config: CoopConfig) -> str:
    """True whatever was mailed: a new login's activation link, or, for an address that already has
    a login, the link that adds this account to it; which one is never said (no oracle,
    docs/security.md). So the new member's words come first and plain, and the other case is put as
    what the member knows of themselves ("if you already sign in with that address")."""
    where = email_masked or _("your e-mail address")
    return _("You are registered! Open the link I sent to {where}{sender} to set your password. (If you "
             "already sign in with that address, it adds this account instead.) Check your spam folder "
             "too.").format(where=where, sender=_sender(config))


def addition_sent(email_masked: str | None, config: CoopConfig) -> str:
    """Another account for the login this conversation signed up: the mail asks to confirm the
    addition (``link`` "add_account"), it sets no password."""
    where = email_masked or _("your e-mail address")
    return _("Done! I sent a link to {where}{sender} to add this account to your online login: open it "
             "to confirm the addition. Check your spam folder too.").format(where=where, sender=_sender(config))


def registered_for(link: str | None, email_masked: str | None, config: CoopConfig) -> str:
    """The reply to a new registration that says what was mailed (``link``): the addition link to
    the login's address, else the activation link; none when the day's link mails were spent."""
    if link == LINKS_STOPPED:
        return links_stopped(email_masked, config)
    if link == ADD_ACCOUNT_LINK:
        return addition_sent(email_masked, config)
    return registered(email_masked, config)


def already_registered(email_masked: str | None, config: CoopConfig) -> str:
    where = _(" at {email}").format(email=email_masked) if email_masked else _(" on file")
    return _("This account already has an online registration, so I did not make a second one. "
             "I sent a password reset link to the e-mail address{where}{sender}. "
             "Check your spam folder too.").format(where=where, sender=_sender(config))


def already_registered_pending(email_masked: str | None, config: CoopConfig) -> str:
    """Its sign-up is not activated yet: its own link went out again (never a reset link)."""
    where = _(" at {email}").format(email=email_masked) if email_masked else _(" on file")
    return _("This account already has an online registration that is not activated yet, so I did not "
             "make a second one. I sent its link again to the e-mail address{where}{sender}. "
             "Check your spam folder too.").format(where=where, sender=_sender(config))


def already_registered_recent(email_masked: str | None) -> str:
    """A link went to the address on file minutes ago: nothing new was mailed, and the reply says so."""
    where = _(" at {email}").format(email=email_masked) if email_masked else _(" on file")
    return _("This account already has an online registration, so I did not make a second one. "
             "A link went to the e-mail address{where} a few minutes ago, so I did not send another. "
             "Check your spam folder too.").format(where=where)


def links_stopped(email_masked: str | None, config: CoopConfig, registered: bool = False) -> str:
    """The day's link mails to this login are spent: nothing was mailed (never "a few minutes ago"),
    and member services can help today. ``registered``: the answer to a sign-up of a registered account."""
    where = _(" at {email}").format(email=email_masked) if email_masked else _(" on file")
    said = _("No more links go to the e-mail address{where} today, so I did not send one. "
             "Please call {call}.").format(where=where, call=_call(config))
    if registered:
        return _("This account already has an online registration, so I did not make a second one.") + " " + said
    return said


def already_registered_for(link: str | None, email_masked: str | None, config: CoopConfig) -> str:
    """The reply that says what was mailed for an account already registered (``link``)."""
    if link == LINKS_STOPPED:
        return links_stopped(email_masked, config, registered=True)
    if link in PENDING_LINKS:
        return already_registered_pending(email_masked, config)
    if link == NO_LINK:
        return already_registered_recent(email_masked)
    return already_registered(email_masked, config)


def pending_link_resent(email_masked: str | None, config: CoopConfig) -> str:
    """A password reset asked for a sign-up never activated: there is no password; its link went again."""
    where = _(" at {email}").format(email=email_masked) if email_masked else _(" on file")
    return _("Your online registration is not activated yet, so there is no password to reset. I sent its "
             "link again to the e-mail address{where}{sender}. Check your spam folder too.").format(
        where=where, sender=_sender(config))


def link_sent_recently(email_masked: str | None) -> str:
    where = _(" at {email}").format(email=email_masked) if email_masked else _(" on file")
    return _("A link went to the e-mail address{where} a few minutes ago, so I did not send another. "
             "It may take a few minutes; check your spam or junk folder too.").format(where=where)


def reset_sent_for(link: str | None, email_masked: str | None, config: CoopConfig,
                   through_the_lock: bool = False) -> str:
    """The reply to a password reset that says what was mailed (``link``, see ``already_registered_for``).

    ``through_the_lock``: asked while the account is locked, where the link went only if the proof
    matched and none was held back, which the lock never tells: one reply whatever ``link`` says
    (``reset_through_the_lock``)."""
    if through_the_lock:
        return reset_through_the_lock(email_masked, config)
    if link == LINKS_STOPPED:
        return links_stopped(email_masked, config)
    if link in PENDING_LINKS:
        return pending_link_resent(email_masked, config)
    if link == NO_LINK:
        return link_sent_recently(email_masked)
    return reset_sent(email_masked, config)


def email_in_use() -> str:
    return _("That e-mail address is already used by another online account. "
             "Please send a different e-mail address.")


def email_cannot_receive_mail() -> str:
    """An address the backend refuses although it looks right: its domain is a special-use name
    (``.test``, ``.local``, ``.invalid`` ...) that no mail reaches (``common.normalise.reserved_domain``)."""
    return _("No mail can reach that address: the part after the @ is a reserved name, not a real "
             "mail domain. Please send another e-mail address.")


def email_not_supported() -> str:
    return _("Our mail system cannot send to an address with accented or non-Latin letters before "
             "the @. Please send another e-mail address, for example one using only a-z and 0-9.")


def reset_sent(email_masked: str | None, config: CoopConfig) -> str:
    where = _(" at {email}").format(email=email_masked) if email_masked else _(" on file")
    return _("I sent a password reset link to the e-mail address{where}{sender}. "
             "It may take a few minutes; check your spam or junk folder too.").format(
        where=where, sender=_sender(config))


def not_registered_reset(config: CoopConfig) -> str:
    return _("This account has no online registration yet, so there is no password to reset. "
             "Reply REGISTER to sign up now.")


def unsubscribed() -> str:
    return _("Done: your online registration is deleted. Your bills will come by mail. "
             "You can register again any time.")


def reset_if_registered(config: CoopConfig) -> str:
    """A reset asked before the phone on file was proven: nothing said of the account's login."""
    return _("If this account has an online login, I sent a link to its e-mail address on file{sender}: a "
             "password link, or its activation link if it was never activated. Check your spam folder too."
             ).format(sender=_sender(config))


def delete_if_registered(config: CoopConfig) -> str:
    """A deletion asked before the phone on file was proven: nothing said of the account's login."""
    return _("If this account has an online login, I sent a link to confirm deleting it to its e-mail "
             "address on file. Nothing is deleted until it is opened and Delete is pressed.")


def reset_through_the_lock(email_masked: str | None, config: CoopConfig) -> str:
    """A reset asked while the account is locked for this conversation: the link goes to the address
    on file only if the proof matched and no link is held back (one minutes ago, the day's links spent),
    and the lock must give no guess at any of that, so the reply is one for every case and claims no
    mail. Without ``email_masked`` (the phone on file still to be proven) it says nothing of the
    account's login either."""
    if email_masked is None:
        return _("If this account has an online login and what you sent matches it, a link goes to its "
                 "e-mail address on file{sender}, unless one went out in the last few minutes or today's "
                 "links are used up. Check your spam folder too.").format(sender=_sender(config))
    return _("If what you sent matches the account, a link goes to {email}{sender}, unless one went out "
             "in the last few minutes or today's links are used up. Check your spam folder too.").format(
        email=email_masked, sender=_sender(config))


def delete_through_the_lock(email_masked: str | None) -> str:
    """The "confirm deleting" link asked while the account is locked: as ``reset_through_the_lock``."""
    if email_masked is None:
        return _("If this account has an online login and what you sent matches it, a link to confirm "
                 "deleting it goes to its e-mail address on file, unless one went out in the last few "
                 "minutes or today's links are used up. Nothing is deleted until Delete is pressed.")
    return _("If what you sent matches the account, a link to confirm the deletion goes to {email}, "
             "unless one went out in the last few minutes or today's links are used up. Nothing is "
             "deleted until it is opened and Delete is pressed.").format(email=email_masked)


def no_login_while_locked(goal: str, config: CoopConfig) -> str:
    """A reset or deletion asked while the account is locked, for an account with no online login:
    the same whatever the proof. "Reply REGISTER" would lead to the lock's refusal: it says whom to call.
    """
    said = (_("This account has no online registration yet, so there is no password to reset.") if goal == "reset"
            else _("This account has no online registration, so there is nothing to delete."))
    return said + " " + _("For online access, please call {call}.").format(call=_call(config))


def delete_link_sent(email_masked: str | None, config: CoopConfig) -> str:
    if email_masked:
        return _("To protect your account, I sent a link to confirm the deletion to {email}. Open it and "
                 "press Delete: nothing is deleted until then. Signed in? You can also delete it on your "
                 "account page at {login_url} .").format(email=email_masked, login_url=_login(config))
    return _("To protect your account, I sent a link to confirm the deletion to the e-mail address on file. "
             "Open it and press Delete: nothing is deleted until then. Signed in? You can also delete it on "
             "your account page at {login_url} .").format(login_url=_login(config))


def delete_link_resent(email_masked: str | None, config: CoopConfig) -> str:
    """ "send the delete link again" after the link to confirm a deletion went: a new one went now."""
    sender = " " + _("It comes from {sender}.").format(sender=config.mail_from) if config.mail_from else ""
    if email_masked:
        return _("I sent a new link to confirm the deletion to {email}.{sender} Open it and press Delete; "
                 "check your spam or junk folder too.").format(email=email_masked, sender=sender)
    return _("I sent a new link to confirm the deletion to the e-mail address on file.{sender} Open it and "
             "press Delete; check your spam or junk folder too.").format(sender=sender)


def delete_link_again_needs_proof() -> str:
    """ "send the delete link again" with no deletion of this conversation to go by (a new one)."""
    return _("I can send a new link to confirm the deletion. First I need to confirm the account is yours.")


def delete_link_after_the_steps() -> str:
    """ "send the delete link" while the deletion's questions are still being answered."""
    return _("The link to confirm the deletion goes to the e-mail address on file as soon as these "
             "questions are answered.")


def delete_then_sign_up(account: str | None) -> str:
    """ "delete that and sign me up again": the deletion starts, and the member hears what comes after
    it. ``account``: the account this conversation already proved (no proof asked again)."""
    if account:
        return _("I can delete the online registration of account {account} (you already confirmed it is "
                 "yours). Once it is deleted, send REGISTER to sign up again.").format(account=account)
    return _("I can delete your online registration; once it is deleted, send REGISTER to sign up again. "
             "First I need to confirm the account is yours.")


def email_change_sent(email_masked: str | None, config: CoopConfig) -> str:
    where = email_masked or _("the new address")
    return _("I sent a link to {where}{sender}. Your login moves to that address only when you open it and "
             "press Confirm; your old address is then told and can undo it. Check your spam folder too.").format(
        where=where, sender=_sender(config))


def email_change_approval_sent(current_masked: str | None, config: CoopConfig) -> str:
    """Bill data alone moves no active login: its current address approves first (docs/security.md)."""
    where = current_masked or _("the current address")
    return _("I sent a link to approve this to the login's current address, {where}. The new address gets "
             "its link once approved. Lost that mailbox? Call {call}.").format(where=where, call=_call(config))


def email_change_same_address() -> str:
    return _("That is already the address of your online login. Please send the new e-mail address.")


def no_login_to_change() -> str:
    return _then(_("This account has no online login yet, so there is no e-mail address to change. "
                   "Would you like to sign up for online access?"), _how_to_answer(_("Reply YES or NO.")))


def unsubscribe_kept() -> str:
    return _("OK, your online registration stays as it is.")


def not_registered_unsubscribe(resume: bool = False) -> str:
    if resume:
        return _("This account has no online registration, so there is nothing to delete. "
                 "Let's continue with your sign-up.")
    return _("This account has no online registration, so there is nothing to delete. "
             "Reply REGISTER to sign up for online access.")


def not_registered_reset_resume() -> str:
    return _("This account has no online registration yet, so there is no password to reset. "
             "Let's continue with your sign-up.")


def terms_declined() -> str:
    return _("OK, I have not registered you: online access needs your acceptance of the Terms and "
             "Conditions. Your answers so far are kept.")


def resent(email_masked: str | None, config: CoopConfig) -> str:
    where = _(" to {email}").format(email=email_masked) if email_masked else ""
    sender = " " + _("It comes from {sender}.").format(sender=config.mail_from) if config.mail_from else ""
    return _("I sent the activation e-mail again{where}.{sender} Please check your spam or junk "
             "folder too.").format(where=where, sender=sender)


def already_resent(config: CoopConfig) -> str:
    return _("I already sent the e-mail again once. Please look for a message{sender} in your spam "
             "or junk folder. Still nothing? Call {call}.").format(sender=_sender(config), call=_call(config))


def already_active(config: CoopConfig) -> str:
    return _("Your online account is already active, so you can sign in at {login_url} . "
             "Forgot your password? Just ask me to reset it.").format(login_url=_login(config))


def nothing_to_resend(config: CoopConfig) -> str:
    return _("I have no sign-up from this conversation to resend. Mail comes{sender}; check your spam "
             "folder. To get a new link, reply RESET PASSWORD, or REGISTER to sign up.").format(
        sender=_sender(config))


def human(config: CoopConfig) -> str:
    """A person asked for outside a sign-up: the number, and that the member can go on here (a play-test's
    web chat member then said "let's just do it here": ``answers.continues_here``)."""
    return _("To talk to a person, call {call}. Or we can continue here.").format(call=_call(config))


def human_in_form(config: CoopConfig) -> str:
    return _("To talk to a person, call {call}. Or keep going here.").format(call=_call(config))


WEEKDAYS = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"), N_("Saturday"),
            N_("Sunday"))


def _back_when(weekday: int | None, clock: str | None) -> str:
    """ "Monday at 07:00" (the co-op's own time) in the member's language."""
    if weekday is None or not clock or not 0 <= weekday < 7:
        return _("soon")
    return _("{weekday} at {time}").format(weekday=_marked(WEEKDAYS[weekday]), time=clock)


def handoff_queued(config: CoopConfig) -> str:
    return _("A person from member services will answer you here shortly. If you would rather call: "
             "{call}.").format(call=_call(config))


def handoff_queued_after_hours(config: CoopConfig, weekday: int | None, clock: str | None) -> str:
    return _("Our staff are back {when}: a person will answer you here then. Or call {call}.").format(
        when=_back_when(weekday, clock), call=_call(config))


def handoff_after_hours(config: CoopConfig, weekday: int | None, clock: str | None) -> str:
    return _("Our staff are back {when}. You can call {call}, or keep going here.").format(
        when=_back_when(weekday, clock), call=_call(config))


def backend_down(config: CoopConfig) -> str:
    return _("Sorry, I cannot reach our sign-up system right now. Please try again in a few "
             "minutes, or call {call}.").format(call=_call(config))


def start_over() -> str:
    return _("OK, let's start over.")


def never_mind() -> str:
    """The sign-up stopped; in the web chat (``actions.channel``) the member does not text."""
    if in_web_chat():
        return _("OK, I stopped. Nothing was registered. Write to me here any time to start again.")
    return _("OK, I stopped. Nothing was registered. Text REGISTER any time to start again.")


def stopped_kept() -> str:
    """A stop word (STOP, PARAR) typed in the web chat, where there is no number to opt out: the
    sign-up stops and keeps its place, since the word is often a mistake; the way back is said."""
    return _("OK, I stopped the sign-up here and kept your answers; nothing is registered yet. To go on "
             "where you left off, write CONTINUE.")


def paused() -> str:
    """A sign-up left for later: the answers so far are kept (the backend keeps what was proven).
    Worded for either channel: the web chat's member does not text."""
    return _("OK, I'll keep your answers so far. Write to me when you want to go on, and we'll continue "
             "where you left off.")


def paused_at_the_code() -> str:
    """A sign-up left for later while a texted code waits: the answers are kept, and the member hears
    what a bare moment at the code hears too (``code_wait``): the code works for 10 minutes. One that
    has run out by the time it is sent gets a new one (``one_time_code.read_code``)."""
    return _("OK, I'll keep your answers so far. The code works for 10 minutes: send it here when you are "
             "back; if it has run out by then, I'll send a new one.")


def never_mind_idle() -> str:
    """A "no" or "never mind" with nothing under way; in the web chat (``actions.channel``) the member does not text."""
    if in_web_chat():
        return _("OK. Write to me here any time to sign up for online account access.")
    return _("OK. Text REGISTER any time to sign up for online account access.")


# --- help and small talk ---------------------------------------------------------
def intro(config: CoopConfig) -> str:
    return _("Hi! I am the {coop_name} sign-up assistant. I can register you for online "
             "account access, resend the activation e-mail, reset your password or give you our "
             "phone number. To sign up, send your account number.").format(coop_name=config.coop_name)


def what_i_do(config: CoopConfig, in_form: bool = False, signed_up: bool = False) -> str:
    """``in_form``: a sign-up is under way (or paused, its answers kept): its pending question follows,
    never "To sign up, send your account number". ``signed_up``: this conversation finished one, so
    nothing more is asked of the member (``_then_sign_up``)."""
    return _then_sign_up(_("I can register you for online account access, resend the activation e-mail, "
                           "send a password reset link, delete your online registration, or give you the "
                           "member services number."), in_form, signed_up)


def off_topic(config: CoopConfig, in_form: bool = False, signed_up: bool = False) -> str:
    """``in_form``, ``signed_up``: as for ``what_i_do``."""
    return _then_sign_up(_("Sorry, I can only help with online account access: signing up, resending the "
                           "activation e-mail, password resets and deleting a registration."), in_form, signed_up)


def off_topic_twice(config: CoopConfig, in_form: bool = False, signed_up: bool = False) -> str:
    """``in_form``, ``signed_up``: as for ``what_i_do``."""
    text = _("Sorry, I can't help with that here. For anything else, please call {call}.").format(call=_call(config))
    if in_form:
        return text
    return text + " " + (nothing_more_to_send() if signed_up
                         else _("To sign up for online access, send your account number."))


def account_help(config: CoopConfig) -> str:
    """Where the number is printed, and what to do without the bill: call member services (by number,
    never "ask for a person", which a member without the bill may not understand)."""
    return _("Your account number has {min_digits} to {max_digits} digits and is printed on your bill, "
             "usually near the top, labeled Account Number. It is not the meter number. No bill at hand? "
             "Call {phone}.").format(phone=config.support_phone, **_account_length())


def no_bill(config: CoopConfig) -> str:
    return _("No bill yet? Call {call} and they will give you your account number. Then "
             "text it here to sign up.").format(call=_call(config))


def beyond_this_assistant(config: CoopConfig, in_form: bool = False, signed_up: bool = False) -> str:
    """A follow-up to a side answer already given, which the assistant cannot answer further
    (billing, payments, fees): who can, instead of the same paragraph again. ``signed_up``: as for
    ``what_i_do``."""
    if in_form or signed_up:
        return _("I can't answer more on that here: for billing, payment or fee questions, please call "
                 "{call}.").format(call=_call(config))
    return _("I can't answer more on that here: for billing, payment or fee questions, please call "
             "{call}. To sign up for online access, send your account number.").format(call=_call(config))


def bill_not_at_hand(config: CoopConfig) -> str:
    """A bill the member has but not at hand ("I'm at work", "I don't have the bill here"): what to do,
    said once and plainly (member services looks the number up by phone, or an old bill or bill e-mail
    has it); the place is kept (a sign-up going on keeps its answers)."""
    return _("No problem, I will keep your place. Call {call} and they can look up your account number, "
             "or find it on an old bill or bill e-mail. Then text it here.").format(call=_call(config))


def no_lookup_by_phone(config: CoopConfig) -> str:
    """"Can't you find it from my phone number?": the truth (this assistant cannot look an account up by
    phone), and who can."""
    return _("I can't look up an account by phone number here. Your account number is on your bill, and "
             "{call} can look it up by your phone number.").format(call=_call(config))


def what_a_person_is(config: CoopConfig) -> str:
    """"I'm not sure what a person means": who is meant, and how to reach them."""
    return _("By a person I mean the co-op's member services staff: call {call}. They can also look up "
             "your account number.").format(call=_call(config))


def to_sign_up() -> str:
    """What starts a sign-up, after an answer given outside one."""
    return _("To sign up, send your account number.")


def nothing_more_to_send() -> str:
    """What ends an answer outside a flow once this conversation finished a sign-up: nothing more is
    asked of the member (never "To sign up, send your account number", which they just did). True
    whatever was mailed, the day's link mails held back included."""
    return _("Nothing more to send for your sign-up.")


def _then_sign_up(text: str, in_form: bool, signed_up: bool = False) -> str:
    """``text``, then (outside a sign-up) what starts one, or once this conversation finished one
    (``signed_up``) that nothing more is needed; in a sign-up its pending question follows instead.
    One sentence of its own, so that each answer has one text in and out of a sign-up."""
    if in_form:
        return text
    return text + " " + (nothing_more_to_send() if signed_up else to_sign_up())


def paperless(config: CoopConfig, registered: bool = False, in_form: bool = False) -> str:
    """Paper bills and paperless billing. It opens with what members ask most ("will I still get my
    paper bill?"): paper keeps coming, signing up stops nothing; only the member's own choice on the
    account page does."""
    if registered:
        return _("Your paper bills keep coming by mail unless you turn on paperless billing yourself: sign "
                 "in at {login} and turn it on on your account page.").format(login=_login(config))
    return _then_sign_up(_("Your paper bills keep coming by mail, also after you sign up, unless you turn on "
                           "paperless billing yourself. It needs online access: once you are signed up, turn it "
                           "on on your account page."), in_form)


def paperless_what(config: CoopConfig, registered: bool = False, in_form: bool = False) -> str:
    """ "What is paperless billing?": what it is (the bill by e-mail and online instead of by mail),
    then where it is turned on (online access needed)."""
    if registered:
        return _("Paperless billing means your bill comes by e-mail and you see it online, instead of a "
                 "paper bill by mail. Sign in at {login} and turn it on on your account page.").format(
            login=_login(config))
    return _then_sign_up(_("Paperless billing means your bill comes by e-mail and you see it online, instead "
                           "of a paper bill by mail. It needs online access: once you are signed up, turn it "
                           "on on your account page."), in_form)


def paperless_without(config: CoopConfig, registered: bool = False, in_form: bool = False) -> str:
    """ "If I don't turn on paperless, do I keep getting paper bills?": a yes, said as one."""
    if registered:
        return _("Yes: your paper bills keep coming by mail unless you turn on paperless billing: sign in at "
                 "{login} and turn it on on your account page.").format(login=_login(config))
    return _then_sign_up(_("Yes: your paper bills keep coming by mail unless you turn on paperless billing on "
                           "your account page once you are signed up."), in_form)


_ABOUT_SIGNING_UP = {
    "what": N_("Online access is your account on the co-op's website, to view and pay bills and see your "
               "energy use."),
    "free": N_("Yes, it is free to sign up and to use."),
    "why": N_("The questions only prove the account is yours, so no one else can sign up for it."),
}


def about_signing_up(topics: tuple[str, ...], in_form: bool = False) -> str:
    """What online access is, that it is free, why it asks so many questions
    (``answers.questions_about_signing_up``): each asked one answered, in the order asked."""
    return _then_sign_up(" ".join(_marked(_ABOUT_SIGNING_UP[topic]) for topic in topics), in_form)


def what_online_access_is() -> str:
    """ "quiero registrarme pero no sé qué es todo esto": what it is, before the sign-up starts."""
    return _marked(_ABOUT_SIGNING_UP["what"])


def paperless_signup(config: CoopConfig, registered: bool = False, in_form: bool = False) -> str:
    """ "Is this where I sign up for paperless?": yes, it is turned on from the online account, so
    online access comes first (outside a sign-up, how to start one follows)."""
    if registered:
        return _("Yes: sign in at {login} and turn on paperless billing on your account page.").format(
            login=_login(config))
    return _then_sign_up(_("Yes: paperless billing is turned on from your online account, so first sign up "
                           "for online access here, then turn it on on your account page."), in_form)



def paperless_short() -> str:
    """Will paper bills stop?, said beside a choice and its answer at the security question: paper keeps
    coming, short, since the saved answer and the Terms question share the reply (two SMS segments)."""
    return _("Paper bills keep coming unless you turn on paperless billing on your account page.")


def paperless_answer(kind: str | None, config: CoopConfig, registered: bool = False, in_form: bool = False) -> str:
    """The answer to a question about paperless billing of ``kind`` (``answers.paperless_question``:
    "what", "without", "signup", or the usual answer), wherever it is asked."""
    reply = {"what": paperless_what, "without": paperless_without, "signup": paperless_signup}.get(kind, paperless)
    return reply(config, registered=registered, in_form=in_form)

def benefits(config: CoopConfig, in_form: bool = False, signed_up: bool = False) -> str:
    """``in_form``, ``signed_up``: as for ``what_i_do``."""
    return _then_sign_up(_("With online access you can view and pay your bills, see your energy use, turn on "
                           "paperless billing and manage your account any time."), in_form, signed_up)


# What becomes of what an "is this safe?" question is about (``answers.safety_topic``).
_SAFETY_FACTS = {
    "email": N_("Your e-mail address is used only for your activation link, password links and notices "
                "about your online account: never sold, never used for marketing."),
    "answer": N_("Your security answer is stored only as a hash, never as you typed it, and is used only if "
                 "you forget your password."),
    "ssn": N_("The last 4 of the SSN or Tax ID are only checked against the co-op's records, then discarded: "
              "never shown back, never stored in clear. Or send your ZIP code instead."),
    None: N_("Answers are only checked against the co-op's records, never sold, and secrets are never shown "
             "back."),
}
# What becomes of a ZIP code or a last 4 sent with the "is this safe?" (``safety_given``): it was
# just given, so nothing else is offered instead.
_SAFETY_OF_WHAT_WAS_GIVEN = {
    "zip": N_("Your ZIP code is only checked against the co-op's records: never shown back, never stored in "
              "clear."),
    "last4": N_("The last 4 of the SSN or Tax ID are only checked against the co-op's records, then discarded: "
                "never shown back, never stored in clear."),
}


def safety_given(method: str) -> str:
    """"zip es 78620. is this safe?": the safety of the proof just given (``method``: "zip" or "last4"),
    short, since the proof's check and the next question share the reply (two SMS segments)."""
    return _marked(_SAFETY_OF_WHAT_WAS_GIVEN[method])


def safety(config: CoopConfig, topic: str | None = None, doubts_who: bool = True) -> str:
    """Any "is this safe / legit / do you share my data" question: what becomes of what the
    question is about (``answers.safety_topic``): "email" (what the address is used for, as the
    Terms say), "ssn" (the last 4: checked, then discarded), "answer" (the security answer: kept
    only as a hash), None (in general: checked, never sold); and who is asking, with how to check.

    A question that doubts who is asking (``doubts_who``: "is this a scam?", "are you really the
    co-op?"), or one with no subject, hears who this is first (never a bare "Yes", which would
    answer "do you share my info?" the wrong way). "Is it safe to text my SSN?" hears its answer
    first, then how to check it is the co-op when that still fits in two SMS segments."""
    if topic not in _SAFETY_FACTS or (topic == "ssn" and not {"ssn", "zip"} <= set(config.proofs)):
        topic = None  # "Or send your ZIP code instead" only where the co-op takes either
    facts = _marked(_SAFETY_FACTS[topic])
    if doubts_who or topic is None:
        who = _("This is {coop_name}'s own assistant; to check, call {phone} (on your bill).").format(
            coop_name=config.coop_name, phone=config.support_phone)
        # Who is asking comes first; what becomes of the answer in general when the topic's own
        # facts would not fit beside it.
        full = who + " " + facts
        return full if fits(full) else who + " " + _marked(_SAFETY_FACTS[None])
    # How to check who is asking stays wherever it fits the reply, even where the pending question then
    # needs a text of its own: a member who asks whether it is safe is owed the way to check (such a
    # turn may take three segments, docs/languages.md).
    answer_first = facts + " " + _("To check that this is {coop_name}, call {phone} (on your bill).").format(
        coop_name=config.coop_name, phone=config.support_phone)
    return answer_first if fits(answer_first) else facts


# What the pending question takes, in short (``flow_actions._ask``), after an answer to a side question.
QUESTION_ROOM = 101


def _leaves_room(text: str) -> bool:
    """Does ``text`` leave room for the pending question in short within two SMS segments, texted
    together with it (``common.gsm.texted_together``)? For a reply that adds an optional sentence."""
    return texted_septets(text) + 1 + QUESTION_ROOM <= MAX_SEPTETS


def terms_summary() -> str:
    """The Terms in two sentences, as the /terms page says them; the link comes with the question
    asked next, so it is not repeated here. Short, since the question follows and both are read as
    one text (within two SMS segments with a real Terms address)."""
    return _("In short: register only your own account or one you manage; keep your password secret. "
             "Your data is only for your online access, never sold, and you can delete it any time.")


def terms_without_accepting(config: CoopConfig) -> str:
    """ "what happens if I say no? can I still pay online?": no online access is made, nothing else
    changes (the Terms question follows)."""
    return _("Without accepting, I can't make your online access, and nothing else changes: you can still "
             "pay by phone, by mail or in person. Questions? Call {call}.").format(call=_call(config))


def terms_fee(registered: bool = False) -> str:
    """ "does it say anything about charging me a fee to use the online account?", "¿me van a cobrar por
    usar el online?" at the Terms: online access costs nothing (as ``about_signing_up`` says); the Terms
    name only the carrier's message rates for texts. The Terms question follows; asked with the yes that
    just ``registered`` the member, the answer ends the turn, so it invites what else to ask."""
    fee = _("No fee: online access is free to sign up and to use. Message and data rates may apply to texts.")
    return fee + " " + _("Anything else? Just ask.") if registered else fee


def terms_paper() -> str:
    """ "¿Si acepto, me quitan el recibo de papel?", "if I accept, will I stop getting paper bills?" at the
    Terms: accepting stops nothing (the Terms: paperless billing is off unless the member turns it on).
    Shorter than ``paperless``, so that the Terms question after it stays within two SMS segments."""
    return _("Accepting stops no paper bills: they keep coming by mail unless you turn on paperless billing "
             "yourself, on your account page.")


def terms_who_accepts(config: CoopConfig) -> str:
    """ "may I accept the Terms as an employee rather than the owner?", "¿mi esposa puede aceptar por mí?":
    who may register, as the Terms' "Who may register" says it, and whom to ask when unsure; nothing
    more is stated. The Terms question follows."""
    return _("Whoever registers accepts them for their own online access: the member named on the account, "
             "or someone the member or business authorizes to manage it. Unsure? Call {phone}.").format(
        phone=config.support_phone)


def terms_how_to_accept() -> str:
    """ "how do I accept?", "¿cómo los acepto?" at the Terms: by a reply here, nothing else (the Terms
    question follows)."""
    return _how_to_answer(_("To accept, just reply YES here; nothing else is needed."),
                          _("To accept, just choose Yes here; nothing else is needed."))


def terms_question_elsewhere(config: CoopConfig) -> str:
    """A question at the Terms that names nothing the assistant can answer ("do you have an office in
    town?"): whom to ask, never "I didn't understand"; the Terms question follows, so the member
    sees that nothing is accepted yet."""
    return _("I can't answer that here; please call {call}.").format(call=_call(config))


def questions_left(left: int) -> str:
    """ "how many more questions are there?": how many are left, the one pending included (it follows)."""
    if left <= 1:
        return _("Almost done: this is the last question.")
    return ngettext("{n} question left, this one included.",
                    "{n} questions left, this one included.", left).format(n=left)


def terms_wait() -> str:
    """ "wait" / "not yet" at the Terms: no refusal, nothing registered; the member says what to fix."""
    return _("No problem, I have not registered you yet. To change an earlier answer, tell me which one, "
             "for example: change my e-mail.")


def terms_take_your_time() -> str:
    """ "un momentito, déjeme leer esos términos", "give me a minute to read the terms": patient, nothing
    accepted or counted; the Terms question with its link follows."""
    return _how_to_answer(_("Take your time to read them. Nothing is registered until you reply YES."),
                          _("Take your time to read them. Nothing is registered until you choose Yes."))


def welcome_back() -> str:
    """Texts back on (START) in the middle of a sign-up: the pending question follows."""
    return _("Welcome back! Let's continue where you left off.")


def going_on_after_start() -> str:
    """Texts back on (START, or INICIAR) in the middle of a sign-up: the carrier's confirmation has just
    said so, so only a few words before the pending question (asked in short), all within two SMS
    segments with that confirmation (docs/languages.md)."""
    return _("Let's go on where you left off.")


def side_question_again() -> str:
    """After a registration accepted together with a question the assistant could not tell:
    the member is asked to send it again, so it is never silently dropped."""
    return _("You also asked something else in that message: please send your question again on its own.")


def anything_else(config: CoopConfig) -> str:
    return _("You are all set. I can also resend the activation e-mail, reset a password or give you "
             "the member services number. Just ask.")


def registration_done(email_masked: str | None) -> str:
    """A member back after the sign-up was finished: nothing is left to answer, the link is in
    their mail, and what else the assistant can do."""
    where = email_masked or _("your e-mail address")
    return _("Welcome back! Your registration is done: open the link I sent to {where} to finish (check "
             "your spam folder too). I can also resend that e-mail, reset a password or give you the member "
             "services number. Just ask.").format(where=where)


def sign_in_after_activating(email_masked: str | None, config: CoopConfig) -> str:
    """ "how long until I can log in?" once registered: as soon as the member opens the activation
    link and sets a password there (no reset is offered: the link in their mail does it)."""
    where = email_masked or _("your e-mail address")
    return _("As soon as you open the link I sent to {where} and set your password there (check your spam "
             "folder too). Then sign in at {login}.").format(where=where, login=_login(config))


def all_set(email_masked: str | None) -> str:
    """ "yes I accept" once the sign-up is done (or the account was found registered): nothing is
    left to accept or start; the link is in their mail."""
    where = email_masked or _("your e-mail address")
    return _("You're all set, there is nothing more to accept: the link went to {where} (check your spam "
             "folder too). I can also resend that e-mail, reset a password or give you the member "
             "services number. Just ask.").format(where=where)


def hello_in_form() -> str:
    return _("Hi!")


def affirm_idle() -> str:
    return _("Great. To sign up for online access, send your account number.")


def thanks() -> str:
    return _("You are welcome!")


def goodbye() -> str:
    """Worded for SMS and the web chat alike (the web chat's member does not text)."""
    return _("Goodbye! Write to me any time.")


def step_help(slot: str | None, config: CoopConfig) -> str:
    """What the current question means and why it is asked."""
    if slot == "account_number":
        return account_help(config)
    if slot == "member_name":
        return _("Send the last name of the account holder, or the business name for a "
                 "business account, as printed on your bill. I use it to find your account.")
    if slot == "email":
        return _("Your e-mail address becomes your username, and the activation link goes there. "
                 "Send it like name@example.com.")
    if slot == "identity_proof" and tuple(config.proofs) != DEFAULT_PROOFS:
        return _("To keep others out of your account, I check {proofs}. I never repeat it.").format(
            proofs=_proofs_phrase(config.proofs))
    if slot == "identity_proof":
        return _("To keep others out of your account, I check something only the account "
                 "holder knows: the mailing ZIP code, or the last 4 digits of the SSN or Tax "
                 "ID. I never repeat it or store it in clear.")
    if slot == "security_question":
        # The menu follows, with its own "Reply 1, 2 or 3": the instruction is said once.
        return _("The security question protects your online account if you forget your password.")
    if slot == "security_answer":
        return _("Send the answer to the security question you picked. It is stored "
                 "scrambled and may be asked if you forget your password.")
    if slot == "terms_accepted":
        return terms_summary()  # the question asked next carries the link
    if slot == "confirm_unsubscribe":
        return _how_to_answer(_("Reply YES to delete your online registration, or NO to keep it."),
                              _("Choose Yes to delete your online registration, or No to keep it."))
    if slot == "one_time_code":
        return why_code(config)
    return what_i_do(config)


def why_step(slot: str | None, config: CoopConfig, subject: str | None = None, signed_up: bool = False) -> str:
    """Why a step is asked ("why do you need my account number? can't you look me up by my phone?"):
    ``subject``, the step the why names (``answers.why_subject``: "why do you need my phone?" at any
    step), else the current question ``slot``; the account number, the phone and the security
    question have reasons of their own, the other steps what they mean and why. ``signed_up``: the
    conversation finished a sign-up, so the e-mail is no step to come: why it was asked, never how
    to send it."""
    subject = subject or slot
    if subject == "email" and signed_up:
        return why_the_email_was_asked()
    if subject == "account_number":
        return _("Your account number tells me which account is yours. A phone number alone can't: "
                 "it may be on several accounts, or not on file.")
    if subject == "one_time_code" and slot != "one_time_code":
        return why_phone(config)
    if subject == "email" and slot != "email":
        # Asked once the address was taken (or before its question): what it is for, never "send it like ...".
        return _("Your e-mail address becomes your username, and the activation link goes there.")
    if subject in ("security_question", "security_answer") and slot != subject:
        return _("The security question protects your online login: its answer may be asked if you "
                 "forget your password.")
    return step_help(subject, config)


def others_may_see_it() -> str:
    """ "but it's printed on the bill, anybody could see it": true; bill data only finds the account.
    An account with a phone on file is also proven by a code texted to that phone (docs/security.md,
    "The phone on file"), which the member holds and someone holding the bill does not. Short: the
    pending question follows in the same SMS."""
    return _("True, others may see it: it only finds your account. When the account has a phone on file, I "
             "also text that phone a code, so only its holder can sign up.")


def why_the_email_was_asked() -> str:
    """ "why did you ask for my email?" once registered: what the address is for now (the login's
    username, where the activation link went and where password reset links go), with nothing asked."""
    return _("Your e-mail address is your username for online access: the activation link went there, and "
             "password reset links will go there too.") + " " + nothing_more_to_send()


def _without_the_phone(config: CoopConfig) -> str:
    """ "that's the owner's cell, not mine": a member who does not hold the phone on file can only be
    helped by member services, so every why of the phone says whom to call."""
    return _("Without that phone, member services can help: {phone}.").format(phone=config.support_phone)


def why_proof_beside() -> str:
    """A why about the proof sent with another answer ("Mi correo es ... ¿Para qué necesitan el código
    postal?"): the reason in short, since the address (or other value) confirmed before it and the proof
    question after it, which says what to send, come in the same SMS; ``step_help`` says it at length
    when the why comes alone."""
    return _("I ask for it so only the account holder can sign up: it proves the account is yours. "
             "I never repeat it.")


def why_phone(config: CoopConfig) -> str:
    """ "why do you need my phone?" away from the code step: no phone number is asked; the phone on
    file, when the account has one, gets a code that proves the member holds it. Short, since it
    is asked at any step and the step's question follows it in the same SMS (the menu of
    security questions, the longest, included)."""
    return _("I don't ask for your phone number: if the account has one on file, I text it a code that "
             "proves it's yours.") + " " + _without_the_phone(config)


def why_code(config: CoopConfig) -> str:
    """ "why another code? I gave you my zip", "why my phone? that's the owner's cell": the bill data
    anyone holding the bill knows; the code proves the phone on file is in the member's hands."""
    return _("Your account number, name and ZIP code are on your bill, which others may have. The code "
             "proves you also have the phone on file.") + " " + _without_the_phone(config)


def code_not_replaced(config: CoopConfig, unlock: bool = False) -> str:
    """ "can I just give you my zip instead?" at the code step: no. The ZIP or last 4 is printed on papers
    others may have (and was checked before the code, except when the code unlocks a locked account);
    only the code proves the phone on file. Short: the code question follows in the same SMS."""
    if unlock:
        text = _("No, the ZIP or last 4 can't unlock the account: only the code sent to the phone on file can.")
    else:
        text = _("No, the ZIP or last 4 can't replace the code: I already checked it, and others may know it. "
                 "The code proves you have the phone on file.")
    return text + " " + _without_the_phone(config)


def continuing_in_language() -> str:
    """A member asked for another language in the middle of a conversation: no second hello,
    only that it goes on in that language (the pending question follows). Each catalog names its own
    language."""
    return _("OK, let's continue in English.")


# --- switching flows, lapsed checks ------------------------------------------------
_SWITCH_QUESTION = {
    "unsubscribe": N_("It sounds like you want to delete your online access. Is that right?"),
    "reset": N_("It sounds like you want to reset the password of an online account you already have. "
                "Is that right?"),
    "start_over": N_("It sounds like you want to start over and clear the answers you gave. Is that right?"),
    "never_mind": N_("It sounds like you want to stop signing up for now. Is that right?"),
    "change_email": N_("It sounds like you want to change the e-mail address of an online login you already "
                       "have. Is that right?"),
}


def confirm_switch(goal: str) -> str:
    """Asked before a change of course read from a message the model was not sure of (no buttons come
    with it: the web chat's question says nothing of how to answer)."""
    question = _SWITCH_QUESTION.get(goal)
    question = _marked(question) if question else _("It sounds like you want to do something else. Is that right?")
    return _then(question, _how_to_answer(_("Reply YES or NO.")))


def switch_declined(pending_question: bool) -> str:
    if pending_question:
        return _("OK, nothing changed. Let's continue where we were.")
    return _("OK, nothing changed. To sign up for online access, send your account number.")


def sign_up_instead_of_deleting() -> str:
    """A request to sign up or add an account while a deletion was under way: the deletion is dropped
    (nothing was deleted: that takes the member's YES and the mailed link) and the sign-up starts."""
    return _("OK, I stopped the deletion; nothing was deleted. Let's sign up the account instead.")


def delete_proven_account(account: str) -> str:
    """A deletion asked right after this conversation proved ``account``: no proof asked again."""
    return _("I can delete the online registration of account {account} without asking your details "
             "again: you showed it is yours earlier in this conversation.").format(account=account)


def sign_up_proven_account_again(ending: str) -> str:
    """A sign-up asked for after this conversation deleted (by its link) the account it proved: that
    account again, its proof not asked anew; another account is still the member's to name."""
    return _("I will sign up account ending in {digits} again: you showed it is yours earlier in this "
             "conversation. For another account, send its number.").format(digits=ending)


def change_email_instead(address_closing: bool = False) -> str:
    """A deletion asked for only to sign up again with another address, or because the login's address
    is closing (``address_closing``: "my work email is going away"): the change of e-mail instead."""
    if address_closing:
        return _("No need to delete it because that address is closing: I can change the e-mail of your "
                 "online login to another one. First I need to confirm the account is yours. To delete it "
                 "anyway, just say so.")
    return _("No need to delete it to use another address: I can change the e-mail of your online login. "
             "First I need to confirm the account is yours. To delete it anyway, just say so.")


def switch_started(goal: str) -> str:
    if goal == "unsubscribe":
        return _("I can delete your online registration. First I need to confirm the account is yours.")
    if goal == "reset":
        return _("I can send a password reset link to the e-mail address on file. First I need to "
                 "confirm the account is yours.")
    if goal == "change_email":
        return _("I can change the e-mail address of your online login. First I need to confirm the "
                 "account is yours, as for a sign-up.")
    return _("Sure, I can sign you up for online access. It takes a few short questions.")


def sign_up_started(config: CoopConfig, question: str | None) -> str:
    """The start of a sign-up, answering what the starting message asked (``answers.start_question``):
    where the account number is on the bill, or what the sign-up asks for."""
    if question == "where":
        return account_help(config)
    if question == "needed":
        return _("Sure, I can sign you up.") + " " + what_is_needed(config)
    return switch_started("register")


def what_is_needed(config: CoopConfig) -> str:
    """What the sign-up asks for ("please advise what is required", "what information do you
    need?"), at its start or at any step (the pending question follows)."""
    if tuple(config.proofs) == DEFAULT_PROOFS:
        return _("You will need your account number and the name on it, an e-mail address, the mailing "
                 "ZIP code or the last 4 of the SSN or Tax ID, a security question, and to accept the Terms.")
    return _("You will need your account number and the name on it, an e-mail address, {proofs}, a "
             "security question, and to accept the Terms.").format(proofs=_proofs_phrase(config.proofs))


def verification_lapsed() -> str:
    return _("Sorry, for your security the identity check expires after a while, and yours has "
             "expired. Your other answers are kept; I only need to check it again.")


def session_expired() -> str:
    return _("Welcome back. It has been more than a day, so for your security I started over and "
             "kept none of your earlier answers.")


# --- Questions about how the sign-up works (``actions.sign_up_facts``), asked at any step: short, since the
# pending question (and a value confirmed with them) come in the same reply, within two SMS segments.
def any_email_works() -> str:
    """ "does it have to be the same email you have on file?": any address the member reads works."""
    return _("Any e-mail address you read works; it need not be the one on file. Your activation link goes there.")


def email_not_for_marketing() -> str:
    """ "will you put me on a marketing list?": what the address is used for, and never for marketing
    (the e-mail's safety fact, without who is asking)."""
    return _marked(_SAFETY_FACTS["email"])


def which_zip() -> str:
    """ "is the zip where the house is or where the bill is mailed?": the mailing ZIP on the bill (the
    backend compares the member file's mailing ZIP)."""
    return _("Use the mailing ZIP code printed on your bill (where the bill is mailed), not the service address's.")


def answers_ignore_case() -> str:
    """ "are the answers case sensitive?": answers are compared without capitals, accents, punctuation
    or extra spaces (the backend's ``normalise_answer``)."""
    return _("No: capitals, accents, punctuation and extra spaces don't count in the answer.")


def how_long_it_takes(config: CoopConfig) -> str:
    """ "how long does this take?": a few messages, minutes; then the activation e-mail, whose link
    works for the backend's ``activation_ttl_hours``."""
    return ngettext("A few messages, about 5 minutes. Then I e-mail an activation link that works for {n} hour.",
                    "A few messages, about 5 minutes. Then I e-mail an activation link that works for {n} hours.",
                    config.activation_ttl_hours).format(n=config.activation_ttl_hours)


def link_lasts(config: CoopConfig, registered: bool = False) -> str:
    """ "how long is the link good for?", "¿cuánto dura el enlace?": the activation link works for the
    backend's ``activation_ttl_hours`` from the sign-up (a link mailed again expires at that same moment).
    In a sign-up the pending question follows; once ``registered`` the reply ends the turn, so it says
    what to do before then."""
    n = config.activation_ttl_hours
    if registered:
        return ngettext("The activation link works for {n} hour after the sign-up: open it before then to set "
                        "your password and sign in.",
                        "The activation link works for {n} hours after the sign-up: open it before then to set "
                        "your password and sign in.", n).format(n=n)
    return ngettext("The activation link works for {n} hour after the sign-up.",
                    "The activation link works for {n} hours after the sign-up.", n).format(n=n)


def free_short() -> str:
    """ "Nguyen, does this cost anything?" at the name step: the fee's answer in short, since the name's
    check and the next question share the reply (``terms_fee`` says it at length elsewhere)."""
    return _("Online access is free.")
