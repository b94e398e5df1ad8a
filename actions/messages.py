"""Every sentence the assistant sends, in one place.

Replies are plain GSM-7 text of at most two SMS segments (``actions.gsm``);
tests/actions/test_messages.py checks each one with the longest co-op facts
it may contain. Co-op facts (phone, hours, URLs, sender address) come from
``GET /api/config``, never from this file. No reply ever contains a ZIP code,
SSN/TIN digits or a security answer: none of these functions takes one.

Choices are numbered in the text and offered as buttons whose payload is the
number (or YES / NO), so SMS members and the web widget answer the same way.
The words STOP, CANCEL, END, QUIT, UNSUBSCRIBE, REVOKE, OPTOUT and STOPALL are
SMS opt-out keywords: no reply suggests them ("reply START OVER").
"""

from __future__ import annotations

from actions.backend_client import CoopConfig

SHORT_QUESTIONS = ("Mother's maiden name", "Pet's name", "High school you attended")

QUESTION_BUTTONS = [{"title": title, "payload": str(i)} for i, title in enumerate(SHORT_QUESTIONS, start=1)]
YES_NO_BUTTONS = [{"title": "Yes", "payload": "yes"}, {"title": "No", "payload": "no"}]


def _call(config: CoopConfig) -> str:
    hours = f" ({config.support_hours})" if config.support_hours else ""
    return f"member services at {config.support_phone}{hours}"


# --- questions ---------------------------------------------------------------
def ask_account_number() -> str:
    return "What is your account number? It has 6 to 12 digits and is printed on your bill."


def ask_member_name(account_number: str | None) -> str:
    if account_number:
        return f"What is the last name or business name on account {account_number}?"
    return "What is the last name or business name on the account?"


def ask_email() -> str:
    return "What e-mail address should we use for your online account?"


def ask_identity_proof(method: str | None) -> str:
    if method == "zip":
        return "What is the mailing ZIP code on the account?"
    if method == "last4":
        return "What are the last 4 digits of the SSN or Tax ID on the account?"
    return ("To protect your account, send the mailing ZIP code on the account, "
            "or the last 4 digits of the SSN or Tax ID on it.")


def ask_security_question() -> str:
    return ("Pick a security question for your online account. Reply 1, 2 or 3: "
            "1 Mother's maiden name, 2 Pet's name, 3 High school you attended")


def ask_security_answer(config: CoopConfig, question: int) -> str:
    text = config.security_questions[question - 1] if 0 < question <= len(config.security_questions) else ""
    return f"{text} Send your answer; you may need it if you forget your password."


def ask_terms(config: CoopConfig) -> str:
    return (f"Last step: do you accept the Terms and Conditions at {config.terms_url} ? "
            "Reply YES to accept or NO.")


def ask_confirm_unsubscribe() -> str:
    return ("Delete your online account registration? Your bills will come by mail and you can "
            "register again any time. Reply YES to delete or NO to keep it.")


def ask_one_time_code() -> str:
    return "Please send the 6-digit code I texted to the phone on file."


# --- the one-time code to the phone on file --------------------------------------
def code_sent(phone_masked: str | None) -> str:
    where = f" ending in {phone_masked[-4:]}" if phone_masked else ""
    return (f"One more step to protect your account: I texted a 6-digit code to the phone on file{where}. "
            "Please send it here. It expires in 10 minutes.")


def code_unavailable(config: CoopConfig) -> str:
    return ("I could not text a code to the phone on file, so I will go on with the details you gave. "
            "The account holder will be told about this sign-up.")


def too_many_codes(config: CoopConfig) -> str:
    return (f"I have already sent several codes to the phone on file. Please try again in an hour, "
            f"or call {_call(config)}.")


def bad_code(second_time: bool) -> str:
    if second_time:
        return ("Please send just the 6 digits of the code from the text message. No text? Reply NEW CODE, "
                "or ask for a person.")
    return "The code has 6 digits. Please send the code from the text message."


def code_mismatch(attempts_left: int | None) -> str:
    warn = ""
    if attempts_left is not None:
        warn = f" {attempts_left} {'try' if attempts_left == 1 else 'tries'} left."
    return f"That code does not match.{warn} Please check the text message and try again."


def code_expired_resent(phone_masked: str | None) -> str:
    where = f" ending in {phone_masked[-4:]}" if phone_masked else ""
    return f"That code is no longer valid, so I texted a new one to the phone on file{where}. Please send it."


def code_asked_again(phone_masked: str | None) -> str:
    where = f" ending in {phone_masked[-4:]}" if phone_masked else ""
    return (f"I texted a code to the phone on file{where}. Texts can take a minute to arrive. "
            "Please send the 6 digits here when it does.")


def locked_code_sent(phone_masked: str | None) -> str:
    where = f" ending in {phone_masked[-4:]}" if phone_masked else ""
    return (f"For your security, online sign-up for this account is paused after too many wrong answers. "
            f"To unlock it, send the 6-digit code I just texted to the phone on file{where}.")


def code_ok() -> str:
    return "Thanks, the code is right."


def account_locked(config: CoopConfig) -> str:
    return (f"For your security, online sign-up for this account is paused after too many wrong answers. "
            f"The account holder has been told. To unlock it, call {_call(config)}.")


# --- confirmations (never echo ZIP, last 4 or the security answer) ----------
def confirm_account(account_number: str, name: str) -> str:
    return f"Thanks, I found account {account_number} for {name}."


def confirm_account_only(account_number: str) -> str:
    return f"Got it, account {account_number}."


def confirm_email(email: str) -> str:
    return f"Got it, I will use {email}."


def confirm_identity() -> str:
    return "Thanks, that matches our records."


def confirm_answer() -> str:
    return "Thanks, your security answer is saved."


def secret_held_back() -> str:
    return ("I can check a ZIP code or last 4 digits only after your account number and name, "
            "so I will ask for it again then.")


# --- problems with an answer ---------------------------------------------------
def bad_account(digits: str | None, second_time: bool) -> str:
    text = "An account number has 6 to 12 digits"
    if digits:
        text = f"That has {len(digits)} digits, but an account number has 6 to 12"
    if second_time:
        return (f"{text}. It is printed near the top of your bill as Account Number; the meter number "
                "is a different number. What is your account number? No bill yet? Ask for a person.")
    return f"{text}. You will find it on your bill. What is your account number?"


def bad_name(second_time: bool) -> str:
    if second_time:
        return ("Please send just the last name, like Garza, or the business name as printed on the "
                "bill, like Garza Ranch LLC.")
    return "What is the last name or business name on the account?"


def no_match(account_number: str, second_time: bool, attempts_left: int | None) -> str:
    warn = f" {attempts_left} tries left." if attempts_left is not None and attempts_left <= 2 else ""
    if second_time:
        return (f"Account {account_number} still does not match that name.{warn} Check both on your bill: "
                "the account number (not the meter number) and the last name or business name. "
                "Send the name, or a corrected account number.")
    return (f"I could not match account {account_number} with that name.{warn} Please send the last name "
            "or business name as it appears on your bill, or a corrected account number.")


def bad_email(problem: str | None, second_time: bool) -> str:
    text = "That does not look like an e-mail address."
    if problem:
        text = f"That e-mail address does not look right. {problem}"
    if second_time:
        text += " If you have no e-mail address, you can talk to a person instead."
    return text + " Please send it again."


def bad_secret(method: str | None, second_time: bool) -> str:
    if method == "zip":
        text = "A ZIP code has 5 digits."
    elif method == "last4":
        text = "Please send exactly 4 digits: the last 4 of the SSN or Tax ID."
    else:
        text = "Please send the 5-digit mailing ZIP code, or the last 4 digits of the SSN or Tax ID."
    if second_time:
        text += " It is the ZIP where your bill is mailed."
    return text


def mismatch(method: str, attempts_left: int | None, second_time: bool) -> str:
    what = "ZIP code" if method == "zip" else "last 4 digits"
    warn = ""
    if attempts_left is not None:
        warn = f" {attempts_left} {'try' if attempts_left == 1 else 'tries'} left."
    hint = ""
    if second_time:
        hint = (" Use the ZIP where your bill is mailed." if method == "zip"
                else " Use the SSN or Tax ID of the account owner.")
    return f"That {what} does not match our records.{warn}{hint} Please send it again."


def no_tax_id_on_file() -> str:
    return "Please use the mailing ZIP code instead."


def bad_question(second_time: bool) -> str | None:
    if second_time:
        return ("Reply with just the number: 1 for mother's maiden name, 2 for pet's name, "
                "3 for the high school you attended.")
    return None  # the question is asked again with its choices


def answer_too_short() -> str:
    return "That answer is too short. Please use at least 2 letters or digits."


def bad_terms(second_time: bool, config: CoopConfig) -> str | None:
    if second_time:
        return ("I can only register you if you accept the Terms and Conditions. Reply YES to accept, "
                "or NEVER MIND to stop here.")
    return None  # the question is asked again with the link


def bad_yes_no() -> str:
    return "Please reply YES or NO."


def verify_first(what: str) -> str:
    return f"I need your account number and name before the {what}."


def lockout(config: CoopConfig) -> str:
    return (f"For your security, online sign-up for this account is locked after too many tries. "
            f"Please call {_call(config)}.")


def offer_person(config: CoopConfig) -> str:
    return f"If you prefer, talk to a person: call {_call(config)}."


# --- outcomes --------------------------------------------------------------------
def registered(email_masked: str | None, config: CoopConfig) -> str:
    where = email_masked or "your e-mail address"
    sender = f" from {config.mail_from}" if config.mail_from else ""
    return (f"You are registered! Open the link I sent to {where}{sender} to set your password. "
            "Check your spam folder too.")


def already_registered(email_masked: str | None, config: CoopConfig) -> str:
    where = f" at {email_masked}" if email_masked else " on file"
    sender = f" from {config.mail_from}" if config.mail_from else ""
    return (f"This account already has an online registration, so I did not make a second one. "
            f"I sent a password reset link to the e-mail address{where}{sender}. "
            "Check your spam folder too.")


def email_in_use() -> str:
    return ("That e-mail address is already used by another online account. "
            "Please send a different e-mail address.")


def email_not_supported() -> str:
    return ("Our mail system cannot send to an address with accented or non-Latin letters before "
            "the @. Please send another e-mail address, for example one using only a-z and 0-9.")


def reset_sent(email_masked: str | None, config: CoopConfig) -> str:
    where = f" at {email_masked}" if email_masked else " on file"
    sender = f" from {config.mail_from}" if config.mail_from else ""
    return (f"I sent a password reset link to the e-mail address{where}{sender}. "
            "It may take a few minutes; check your spam or junk folder too.")


def not_registered_reset(config: CoopConfig) -> str:
    return ("This account has no online registration yet, so there is no password to reset. "
            "Reply REGISTER to sign up now.")


def unsubscribed() -> str:
    return ("Done: your online registration is deleted. Your bills will come by mail. "
            "You can register again any time.")


def delete_link_sent(email_masked: str | None, config: CoopConfig) -> str:
    where = f" to {email_masked}" if email_masked else " to the e-mail address on file"
    return (f"To protect your account, I sent a link to confirm the deletion{where}. Open it and "
            "press Delete: nothing is deleted until then. Signed in? You can also delete it on your "
            f"account page at {config.login_url} .")


def unsubscribe_kept() -> str:
    return "OK, your online registration stays as it is."


def not_registered_unsubscribe(resume: bool = False) -> str:
    if resume:
        return ("This account has no online registration, so there is nothing to delete. "
                "Let's continue with your sign-up.")
    return ("This account has no online registration, so there is nothing to delete. "
            "Reply REGISTER to sign up for online access.")


def not_registered_reset_resume() -> str:
    return ("This account has no online registration yet, so there is no password to reset. "
            "Let's continue with your sign-up.")


def terms_declined() -> str:
    return ("OK, I have not registered you: online access needs your acceptance of the Terms and "
            "Conditions. Your answers so far are kept.")


def resent(email_masked: str | None, config: CoopConfig) -> str:
    where = f" to {email_masked}" if email_masked else ""
    sender = f" It comes from {config.mail_from}." if config.mail_from else ""
    return (f"I sent the activation e-mail again{where}.{sender} Please check your spam or junk "
            "folder too.")


def already_resent(config: CoopConfig) -> str:
    sender = f" from {config.mail_from}" if config.mail_from else ""
    return (f"I already sent the e-mail again once. Please look for a message{sender} in your spam "
            f"or junk folder. Still nothing? Call {_call(config)}.")


def already_active(config: CoopConfig) -> str:
    return (f"Your online account is already active, so you can sign in at {config.login_url} . "
            "Forgot your password? Just ask me to reset it.")


def nothing_to_resend(config: CoopConfig) -> str:
    sender = f" from {config.mail_from}" if config.mail_from else ""
    return (f"I have no sign-up from this conversation to resend. Mail comes{sender}; check your spam "
            "folder. To get a new link, reply RESET PASSWORD, or REGISTER to sign up.")


def human(config: CoopConfig) -> str:
    return f"To talk to a person, call {_call(config)}."


def human_in_form(config: CoopConfig) -> str:
    return f"To talk to a person, call {_call(config)}. Or keep going here."


def backend_down(config: CoopConfig) -> str:
    return (f"Sorry, I cannot reach our sign-up system right now. Please try again in a few "
            f"minutes, or call {_call(config)}.")


def start_over() -> str:
    return "OK, let's start over."


def never_mind() -> str:
    return "OK, I stopped. Nothing was registered. Text REGISTER any time to start again."


def never_mind_idle() -> str:
    return "OK. Text REGISTER any time to sign up for online account access."


# --- help and small talk ---------------------------------------------------------
def intro(config: CoopConfig) -> str:
    return (f"Hi! I am the {config.coop_name} sign-up assistant. I can register you for online "
            "account access, resend the activation e-mail, reset your password or give you our "
            "phone number. To sign up, send your account number.")


def what_i_do(config: CoopConfig) -> str:
    return ("I can register you for online account access, resend the activation e-mail, send a "
            "password reset link, delete your online registration, or give you the member services "
            "number. To sign up, send your account number.")


def off_topic(config: CoopConfig) -> str:
    return ("Sorry, I can only help with online account access: signing up, resending the activation "
            "e-mail, password resets and deleting a registration. To sign up, send your account number.")


def off_topic_twice(config: CoopConfig) -> str:
    return (f"Sorry, I can't help with that here. For anything else, please call {_call(config)}. "
            "To sign up for online access, send your account number.")


def account_help(config: CoopConfig) -> str:
    return ("Your account number has 6 to 12 digits and is printed on your bill, usually near the "
            "top, labeled Account Number. It is not the meter number. No bill yet? Ask for a person.")


def no_bill(config: CoopConfig) -> str:
    return (f"No bill yet? Call {_call(config)} and they will give you your account number. Then "
            "text it here to sign up.")


def paperless(config: CoopConfig, registered: bool = False) -> str:
    if registered:
        return (f"Paperless billing is on your account page: sign in at {config.login_url} and turn it "
                "on. Paper bills keep coming until you do.")
    return ("Paperless billing needs online access: once you sign up, turn it on on your account page. "
            "Paper bills keep coming until then. To sign up, send your account number.")


def benefits(config: CoopConfig) -> str:
    return ("With online access you can view and pay your bills, see your energy use, turn on "
            "paperless billing and manage your account any time. To sign up, send your account number.")


def safety(config: CoopConfig) -> str:
    return ("Yes. I only ask for the last 4 digits: they are checked, then discarded, never shown back "
            f"and stored only as a hash. Rather not text them? Send your ZIP code or call {_call(config)}.")


def anything_else(config: CoopConfig) -> str:
    return ("You are all set. I can also resend the activation e-mail, reset a password or give you "
            "the member services number. Just ask.")


def hello_in_form() -> str:
    return "Hi!"


def affirm_idle() -> str:
    return "Great. To sign up for online access, send your account number."


def thanks() -> str:
    return "You are welcome!"


def goodbye() -> str:
    return "Goodbye! Text me any time."


def step_help(slot: str | None, config: CoopConfig) -> str:
    """What the current question means and why it is asked."""
    texts = {
        "account_number": account_help(config),
        "member_name": ("Send the last name of the account holder, or the business name for a "
                        "business account, as printed on your bill. I use it to find your account."),
        "email": ("Your e-mail address becomes your username, and the activation link goes there. "
                  "Send it like name@example.com."),
        "identity_proof": ("To keep others out of your account, I check something only the account "
                           "holder knows: the mailing ZIP code, or the last 4 digits of the SSN or Tax "
                           "ID. I never repeat it or store it in clear."),
        "security_question": ("The security question protects your online account if you forget "
                              "your password. Reply 1, 2 or 3 to pick one."),
        "security_answer": ("Send the answer to the security question you picked. It is stored "
                            "scrambled and may be asked if you forget your password."),
        "terms_accepted": (f"The Terms and Conditions for online access are at {config.terms_url} . "
                           "Reply YES to accept them or NO."),
        "confirm_unsubscribe": "Reply YES to delete your online registration, or NO to keep it.",
    }
    return texts.get(slot or "", what_i_do(config))


# --- switching flows, lapsed checks ------------------------------------------------
_SWITCH_WHAT = {
    "unsubscribe": "delete your online access",
    "reset": "reset the password of an online account you already have",
    "start_over": "start over and clear the answers you gave",
    "never_mind": "stop signing up for now",
}


def confirm_switch(goal: str) -> str:
    """Asked before a change of course read from a message the model was not sure of."""
    what = _SWITCH_WHAT.get(goal, "do something else")
    return f"It sounds like you want to {what}. Is that right? Reply YES or NO."


def switch_declined(pending_question: bool) -> str:
    if pending_question:
        return "OK, nothing changed. Let's continue where we were."
    return "OK, nothing changed. To sign up for online access, send your account number."


def switch_started(goal: str) -> str:
    if goal == "unsubscribe":
        return "I can delete your online registration. First I need to confirm the account is yours."
    if goal == "reset":
        return ("I can send a password reset link to the e-mail address on file. First I need to "
                "confirm the account is yours.")
    return "Sure, I can sign you up for online account access. It takes a few short questions."


def verification_lapsed() -> str:
    return ("Sorry, for your security the identity check expires after a while, and yours has "
            "expired. Your other answers are kept; I only need to check it again.")


def session_expired() -> str:
    return ("Welcome back. It has been more than a day, so for your security I started over and "
            "kept none of your earlier answers.")
