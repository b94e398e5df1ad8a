"""The password policy presets (backend.accounts.passwords); no database needed."""

from __future__ import annotations

import pytest

from backend.accounts import passwords


def test_shipped_list_has_ten_thousand_common_passwords():
    common = passwords.common_passwords()
    assert len(common) == 10_000
    assert {"123456", "password", "password123", "qwerty"} <= common
    assert not any(entry.startswith("# ") for entry in common)


@pytest.mark.parametrize("password", ["correct horse battery", "Tr0ub4dor&3x", "é" * 8, "a" * 64])
def test_nist_accepts(password):
    assert passwords.check("nist", password, "jane.doe@example.com") == []


@pytest.mark.parametrize("password, message", [
    ("", "Enter a password."),
    ("Abc1234", "Use at least 8 characters."),
    ("a" * 65, "Use no more than 64 characters."),
    ("password123", "too common"),
    ("PASSWORD123", "too common"),
    ("my jane.doe passphrase", "Do not use your e-mail address"),
])
def test_nist_rejects(password, message):
    problems = passwords.check("nist", password, "jane.doe@example.com")
    assert any(message in problem for problem in problems), problems


def test_nist_has_no_composition_rules():
    assert passwords.check("nist", "alllowercaseletters", None) == []


@pytest.mark.parametrize("password", ["Abc12345", "Zz9zzz", "Kilowatt42"])
def test_smarthub_accepts(password):
    assert passwords.check("smarthub", password, "jane.doe@example.com") == []


@pytest.mark.parametrize("password, messages", [
    ("abcdefgh", ["capital", "number"]),
    ("Abcdefgh123", ["no more than 10 characters"]),
    ("Ab1", ["at least 6 characters"]),
    ("ABCDEFG", ["number"]),
])
def test_smarthub_rejects(password, messages):
    problems = " ".join(passwords.check("smarthub", password, "jane.doe@example.com"))
    for message in messages:
        assert message in problems


def test_passwords_are_nfkc_normalised():
    # A full-width "Ａ" typed on one keyboard is the same password as "A" on another.
    assert passwords.normalise("Ａbc12345") == "Abc12345"


def test_unknown_policy_is_a_configuration_error():
    with pytest.raises(ValueError, match="unknown password policy"):
        passwords.check("strict", "whatever", None)


def test_passwords_are_hashed_with_argon2id_at_rfc_9106_s_parameters(monkeypatch):
    from argon2 import extract_parameters

    from backend.privacy import hashing

    monkeypatch.setattr(hashing, "_hasher", hashing.PASSWORD_HASHER)  # undo the tests' cheap hasher
    stored = hashing.hash_password("correct horse battery")
    params = extract_parameters(stored)
    assert stored.startswith("$argon2id$")
    assert params.memory_cost >= 65536 and params.time_cost >= 3 and params.parallelism >= 4
    assert hashing.verify_password(stored, "correct horse battery")
    assert not hashing.verify_password(stored, "correct horse batterY")


def test_security_answers_are_hashed_with_at_least_owasp_s_argon2id_parameters(monkeypatch):
    from argon2 import PasswordHasher
    from argon2 import extract_parameters

    from backend.privacy import hashing

    monkeypatch.setattr(hashing, "_answer_hasher", hashing.ANSWER_HASHER)  # undo the tests' cheap hasher
    stored = hashing.hash_answer("Bluebonnet Creek")
    params = extract_parameters(stored)
    assert stored.startswith("$argon2id$")
    assert params.memory_cost >= 19456 and params.time_cost >= 2
    assert hashing.verify_answer(stored, "bluebonnet  creek")
    assert not hashing.verify_answer(stored, "Bluebonnet Creak")
    # Answers hashed earlier with the stronger defaults still verify.
    assert hashing.verify_answer(PasswordHasher().hash("bluebonnet creek"), "Bluebonnet Creek")
