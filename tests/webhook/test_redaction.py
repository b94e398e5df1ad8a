"""common.redaction: what may and may not reach a transcript."""

from __future__ import annotations

import secrets

import pytest

from common.masking import mask_phone
from common.redaction import REDACTED, redact, redact_log

R = REDACTED


@pytest.mark.parametrize("text, expected", [
    # ZIP codes and SSN/TIN last four standing alone
    ("78620", R),
    ("my zip is 78620", f"my zip is {R}"),
    ("zip: 78620.", f"zip: {R}."),
    ("last 4 is 4321", f"last 4 is {R}"),
    ("4321", R),
    ("(4321)", f"({R})"),
    ("ssn ends in #4321!", f"ssn ends in #{R}!"),
    ("zip78620", f"zip{R}"),
    ("78620 and 4321", f"{R} and {R}"),
    ("\uff14\uff13\uff12\uff11", R),  # full-width digits from a phone keyboard
    # ZIP+4
    ("78130-1234", R),
    ("78130 1234", R),
    # full SSN / EIN patterns
    ("123-45-6789", R),
    ("my ssn is 123 45 6789 ok", f"my ssn is {R} ok"),
    ("123.45.6789", R),
    ("EIN 12-3456789", f"EIN {R}"),
    ("***-**-4321", f"***-**-{R}"),
    ("xxx-xx-4321", f"xxx-xx-{R}"),
    # digits typed one by one
    ("4 3 2 1", R),
    ("7-8-6-2-0", R),
    ("1 2 3 4 5 6 7 8 9", R),
    # digit runs longer than any account number (card numbers and the like)
    ("4111111111111111", R),
    ("1234567890123", R),
])
def test_secrets_are_removed(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("78 620", R),
    ("786 20", R),
    ("78-620", R),
    ("my zip is 786-20.", f"my zip is {R}."),
])
def test_a_zip_typed_in_two_groups_is_removed(text, expected):
    """An attacker test: "78 620" sent at the e-mail question (a ZIP the dialogue does not read
    there) reached the staff transcript and the Redis tracker in clear; it is removed as
    "78620" is, in both the transcript's and the tracker store's scan."""
    assert redact(text) == expected
    assert redact(text, keep_contacts=True) == expected


@pytest.mark.parametrize("text, expected", [
    ("78,620", R),
    ("my zip is 78,620.", f"my zip is {R}."),
    ("786,20", R),
    ("last 4 4,321 thanks", f"last 4 {R} thanks"),
    ("zip 78,620, last 4 4,321", f"zip {R}, last 4 {R}"),
    ("123,45,6789", R),  # a whole SSN grouped with commas
])
def test_a_zip_or_last_4_grouped_with_a_comma_is_removed(text, expected):
    """An attacker test: "78,620" (a phone keyboard's thousands comma) at any step reached the staff
    transcript, the logs and the Rasa tracker in clear, where "78620" and "78 620" did not."""
    assert redact(text) == expected
    assert redact(text, keep_contacts=True) == expected
    assert redact_log(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("seven eight six two zero", R),
    ("my zip is Seven-Eight-Six-Two-Zero ok", f"my zip is {R} ok"),
    ("siete ocho seis dos cero", R),
    ("mi código postal es siete, ocho, seis, dos, cero.", f"mi código postal es {R}."),
    ("last 4: one two three four", f"last 4: {R}"),
    ("uno dos tres cuatro", R),
    ("seven 8 six 2 0", R),
    ("one two three four five six seven eight nine", R),  # a whole SSN read out
    ("\u0667\u0668\u0666\u0662\u0660", R),  # Arabic-Indic digits
    ("\u06f7\u06f8\u06f6\u06f2\u06f0", R),  # Persian digits
    ("zip \uff17\uff18\uff16\uff12\uff10", f"zip {R}"),  # full-width
    ("\u0667\u0668,\u0666\u0662\u0660", R),
])
def test_a_zip_or_last_4_read_out_in_words_or_another_script_is_removed(text, expected):
    """An attacker test: a ZIP or last 4 read out digit by digit, in English or Spanish words, or typed in
    another script's digits is as secret as the digits typed plainly."""
    assert redact(text) == expected
    assert redact(text, keep_contacts=True) == expected
    assert redact_log(text) == expected


@pytest.mark.parametrize("text", [
    "one two three", "someone two three four", "I have one or two meters", "option 1, 2 or 3",
    "Reply 1, 2 or 3: 1 Mother's maiden name", "dos o tres veces", "it weighs 1,5 kg",
])
def test_fewer_than_four_digits_in_words_are_kept(text):
    assert redact(text) == text


@pytest.mark.parametrize("text", ["20 456 789", "acct 12 345 678", "Account 305 118", "20,456,789",
                                  "account 1,001,234,567", "1,234,567"])
def test_an_account_number_in_groups_is_not_taken_for_a_split_zip(text):
    assert redact(text) == text


@pytest.mark.parametrize("text", [
    "400777",            # 6-digit account number
    "20456789",          # 8 digits
    "1001234567",        # 10 digits
    "500123456789",      # 12 digits
    "my account number is 1001234567 thanks",
    "acct#3005551212",
    "000452318",         # nine digits no SSN or tax ID starts with (common.secret_shapes.may_be_tax_id)
    "I found account 000452318 for Müller.",
])
def test_account_numbers_are_kept_for_staff_search(text):
    assert redact(text) == text


@pytest.mark.parametrize("text", [
    "I want to register", "Garza Ranch LLC", "O'Brien-Smith", "Müller", "yes", "1", "2 3",
    "Hill-Country-Feed-and-Seed-Inc", "internationalization-and-localization", "123",
    "I have 2 meters", "",
])
def test_ordinary_text_is_unchanged(text):
    assert redact(text) == text


@pytest.mark.parametrize("text, expected", [
    ("jane.doe@example.com", "j***@e***.com"),
    ("Mail me at Jane.Doe+coop@Mail.Example.org please", "Mail me at J***@M***.org please"),
    ("a@b.co", "a***@b***.co"),
    ("jdoe4321@example.com", "j***@e***.com"),  # digits in the address do not survive either
])
def test_email_addresses_are_masked(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize("text", [
    "512-555-0100", "(512) 555-0100", "512.555.0100", "512 555 0100", "+15125550100",
    "+1 512 555 0100", "1-512-555-0100", "1 (512) 555-0100",
])
def test_phone_numbers_are_masked_to_their_last_four(text):
    assert redact(text) == "***-***-0100"
    assert redact(f"call me at {text} tomorrow") == "call me at ***-***-0100 tomorrow"


def test_mask_phone():
    assert mask_phone("+15125550100") == "***-***-0100"


def test_link_tokens_are_removed():
    token = secrets.token_urlsafe(32)
    assert redact(f"https://coop.example/activate/{token}") == f"https://coop.example/activate/{R}"
    assert redact(f"is /activate/{token}?x=1 right") == f"is /activate/{R}?x=1 right"
    assert redact(f"/reset/{token}") == f"/reset/{R}"
    assert redact("/activate/abc") == f"/activate/{R}"  # even short ones
    assert redact("/delete/abc") == f"/delete/{R}" and redact("/cancel/abc") == f"/cancel/{R}"


@pytest.mark.parametrize("value", [
    secrets.token_urlsafe(32), secrets.token_hex(16), secrets.token_urlsafe(16),
    "Zx8_k2-PqW9aLm0nB7vC5xD3eF1gH4iJ6kL", "ABCDEFGHIJKLMNOPqrstuvwxyzABCDEFGH",
], ids=["urlsafe-32", "hex-16", "urlsafe-16", "mixed", "letters"])
def test_long_random_strings_are_removed(value):
    assert redact(f"token {value} here") == f"token {R} here"


def test_a_long_string_that_is_not_random_is_still_scanned_for_secrets():
    assert redact("Garza-Ranch-LLC-zip-78606") == R  # letters mixed with digits: treated as a token
    assert redact("512-555-0100-512-555-0199") in (R, "***-***-0100-***-***-0199")


def test_everything_at_once():
    token = secrets.token_urlsafe(32)
    text = (f"Hi, acct 1001234567, zip 78620, ssn 123-45-6789, last4 4321, mail jane@example.com, "
            f"cell (512) 555-0100, link https://coop.example/activate/{token}")
    out = redact(text)
    for secret in ("78620", "123-45-6789", "6789", "4321", "jane@", "555-0100", token):
        assert secret not in out
    assert "1001234567" in out and "j***@e***.com" in out and "***-***-0100" in out


def test_none_and_empty():
    assert redact(None) == "" and redact("") == ""


@pytest.mark.parametrize(("reply", "staff_read"), [
    # the port of a link to the co-op's own pages is no last 4
    ("Read the Terms: http://127.0.0.1:8200/terms", "Read the Terms: http://127.0.0.1:8200/terms"),
    ("Lea los términos: https://coop.example:4431/terms?lang=es", "Lea los términos: https://coop.example:4431/terms?lang=es"),
    # the e-mail question's hint is no member's address
    ("Send it like name@example.com.", "Send it like name@example.com."),
    ("Envíelo así: nombre@ejemplo.com.", "Envíelo así: nombre@ejemplo.com."),
    # a member's address and digits echoed beside them are still masked and removed
    ("Got it, I will use ana.p@example.com. Is 78620 right?", f"Got it, I will use a***@e***.com. Is {R} right?"),
    ("the code 4321 at http://127.0.0.1:8200/terms", f"the code {R} at http://127.0.0.1:8200/terms"),
])
def test_a_bot_reply_keeps_link_ports_and_the_example_addresses_readable(reply, staff_read):
    from common.redaction import redact_reply

    assert redact_reply(reply, ["1-888-554-4732"]) == staff_read


@pytest.mark.parametrize(("text", "kept"), [
    ("which one should I use, the mailing one?", f"which {R} should I use, the mailing {R}?"),
    ("my ZIP is 78 620", f"my ZIP is {R}"),
    ("seventy-eight six twenty", f"{R}-{R} {R} {R}"),
    ("es el ٧٨٦٢٠", f"es el {R}"),
])
def test_at_a_digit_step_every_number_goes_in_any_writing(text, kept):
    from common.redaction import redact_numbers

    assert redact_numbers(text) == kept
