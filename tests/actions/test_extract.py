"""What actions.extract finds in member texts (pure Python, no backend)."""

from __future__ import annotations

import pytest

from actions.extract import is_no, is_yes, normalise_email, parse
from actions.name_words import is_plausible_name


VALUE_FIELDS = ("account", "bad_account", "name", "email", "email_problem", "zip_code", "last4",
                "proof_method", "question", "answer")


@pytest.mark.parametrize(
    "text, requested, expected",
    [
        ("acct 1234567 last name garza", None, {"account": "1234567", "name": "garza"}),
        ("register acct 1001234567 name Garza email MGarza@Example.com zip 78620", None,
         {"account": "1001234567", "name": "Garza", "email": "mgarza@example.com", "zip_code": "78620"}),
        ("1001234567, Garza, mgarza@example.com, 78620", None,
         {"account": "1001234567", "name": "Garza", "email": "mgarza@example.com", "zip_code": "78620"}),
        ("100 123 4567", "account_number", {"account": "1001234567"}),
        ("100-123-4567", "account_number", {"account": "1001234567"}),
        ("my account number is 1001234567 thanks", "account_number", {"account": "1001234567"}),
        ("sure its 271828", "account_number", {"account": "271828"}),
        ("400777", "account_number", {"account": "400777"}),
        ("1001234567 garza", "account_number", {"account": "1001234567", "name": "garza"}),
        ("8003334445 hill country feed & seed inc", "account_number",
         {"account": "8003334445", "name": "hill country feed & seed inc"}),
        ("Garza Ranch LLC", "member_name", {"name": "Garza Ranch LLC"}),
        ("my last name is O'Brien-Smith", "member_name", {"name": "O'Brien-Smith"}),
        ("its Müller", "member_name", {"name": "Müller"}),
        ("the account is in my husbands name, Martinez", "member_name", {"name": "Martinez"}),
        ("JOHN@EXAMPLE.COM", "email", {"email": "john@example.com"}),
        ("john at gmail dot com", "email", {"email": "john@gmail.com"}),
        ("its 78620", "identity_proof", {"zip_code": "78620"}),
        ("78130-1234", "identity_proof", {"zip_code": "78130"}),
        ("last 4 of my ssn is 4321", "identity_proof", {"last4": "4321"}),
        ("4321", "identity_proof", {"last4": "4321"}),
        ("2 rex", "security_question", {"question": 2, "answer": "rex"}),
        ("pet", "security_question", {"question": 2}),
        ("my dog's name", "security_question", {"question": 2}),
        ("mother's maiden name is Hernandez", "security_question", {"question": 1, "answer": "Hernandez"}),
        ("Westlake High School", "security_question", {"question": 3, "answer": "Westlake High School"}),
        ("#3", "security_question", {"question": 3}),
    ],
)
def test_values_found(text, requested, expected):
    """The whole result: a value extracted by mistake fails as surely as a missing one."""
    parsed = parse(text, requested)
    found = {key: getattr(parsed, key) for key in VALUE_FIELDS if getattr(parsed, key) is not None}
    assert found == expected


def test_number_classes_by_length_and_context():
    assert parse("12345", "account_number").bad_account == "12345"
    assert parse("12345", "account_number").account is None
    assert parse("zip 7862", "identity_proof").bad_secret
    both = parse("78620 4321", "identity_proof")
    assert (both.zip_code, both.last4) == ("78620", "4321")
    assert parse("1234567890123", "account_number").bad_account


def test_email_problems_are_explained():
    assert parse("john@gmail", "email").email_problem == "domain_incomplete"
    assert parse("john.gmail.com", "email").email_problem == "no_at"
    assert parse("hoffmann.gretel@hotmial..com", "email").email_problem == "shape"
    assert normalise_email("not an email") is None


def test_corrections_name_the_field():
    assert parse("wait wrong email", "security_question").corrections == {"email"}
    fix = parse("no the account is 3005551212", "email")
    assert fix.account == "3005551212" and "account_number" in fix.corrections
    assert parse("use my ssn instead", "identity_proof").proof_method == "last4"
    assert parse("can i use my zip instead", "identity_proof").proof_method == "zip"
    assert "member_name" in parse("sorry the last name is lopez", "email").corrections
    assert parse("sorry the last name is lopez", "email").name == "lopez"


@pytest.mark.parametrize("text", ["yes", "YES", "y", "Yes I accept", "i agree", "ok", "yes, i accept the terms"])
def test_yes(text):
    assert is_yes(text) and not is_no(text)


@pytest.mark.parametrize("text", ["no", "NO", "nope", "i do not accept", "no thanks"])
def test_no(text):
    assert is_no(text) and not is_yes(text)


@pytest.mark.parametrize("text", ["maybe", "what are the terms?", "yes but what is it", "I accept if it is free"])
def test_anything_else_is_not_acceptance(text):
    assert not is_yes(text)


@pytest.mark.parametrize("text", ["where do i find it", "yes", "what?", "i dont know", "hello", "help me"])
def test_sentences_are_not_names(text):
    assert not is_plausible_name(text)


@pytest.mark.parametrize("text", ["Garza", "O'Brien-Smith", "Hill Country Feed & Seed Inc.", "Müller", "St. Mary's Church"])
def test_names_are_names(text):
    assert is_plausible_name(text)


@pytest.mark.parametrize(("text", "requested"), [
    ("call me at 512 555 7811 after 5", "identity_proof"), ("my phone number is 512-555-7811", "email"),
    ("(512) 555-7812", "email"), ("(512) 555-7812", "account_number"), ("+15125557811", "identity_proof"),
    ("1-512-555-7811", "member_name"), ("mi teléfono es 512.555.7811", "email"),
    ("I live at 45123 Oak Road", "identity_proof"), ("45123 Oak Rd", "email"), ("12 N Main St", "identity_proof"),
    ("vivo en 45123", "identity_proof"), ("45123 Camino de la Rosa", "identity_proof"),
])
def test_phone_and_house_numbers_are_no_value(text, requested):
    parsed = parse(text, requested)
    assert not (parsed.account or parsed.bad_account or parsed.zip_code or parsed.last4 or parsed.bad_secret)
    assert parsed.number_of_no_value


@pytest.mark.parametrize(("text", "requested", "expected"), [
    ("account 512-555-7811", "email", {"account": "5125557811"}),
    ("cuenta 512 555 7811", "identity_proof", {"account": "5125557811"}),
    ("5125557811", "email", {"account": "5125557811"}),
    ("I live at 45123 Oak Road, zip 78620", "identity_proof", {"zip_code": "78620"}),
    ("78620 by the way", "identity_proof", {"zip_code": "78620"}),
    ("78620 en la calle Luna", "identity_proof", {"zip_code": "78620"}),
    ("3 Camino Real High School", "security_question", {"question": 3, "answer": "Camino Real High School"}),
])
def test_numbers_beside_phone_or_street_words_keep_their_value(text, requested, expected):
    parsed = parse(text, requested)
    found = {key: getattr(parsed, key) for key in VALUE_FIELDS if getattr(parsed, key) is not None}
    assert found == expected
