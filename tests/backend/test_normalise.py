"""The canonical forms of typed identifiers (common.normalise), shared by import, checks, SMS and staff."""

from __future__ import annotations

import pytest

from common import normalise


@pytest.mark.parametrize("typed, canonical", [
    ("(512) 555-0100", "+15125550100"), ("512.555.0100", "+15125550100"), ("1 512 555 0100", "+15125550100"),
    ("+15125550100", "+15125550100"), ("+44 20 7946 0958", "+442079460958"),
])
def test_phone_numbers_written_any_common_way_become_e164(typed, canonical):
    assert normalise.phone(typed) == canonical


@pytest.mark.parametrize("typed", ["", "12345", "not a number", "0123456789", "512-155-0100", "+1 512 555 01"])
def test_what_cannot_be_a_phone_number_is_none(typed):
    assert normalise.phone(typed) is None


@pytest.mark.parametrize("typed, canonical", [
    ("100-123 4567", "1001234567"), ("#400777", "400777"), ("0012.3456", "00123456"),
])
def test_account_numbers_keep_their_digits_and_leading_zeros(typed, canonical):
    assert normalise.account_number(typed) == canonical


@pytest.mark.parametrize("typed", ["12345", "1234567890123", "12a4567", None])
def test_what_is_no_account_number_is_none(typed):
    assert normalise.account_number(typed) is None


def test_e_mail_keys_compare_case_insensitively():
    assert normalise.email_key("  Maria.Garza@Example.COM ") == "maria.garza@example.com"


@pytest.mark.parametrize("typed, canonical", [
    ("  Maria.Garza@Example.COM ", "maria.garza@example.com"), ("pat+bills@coop.example", "pat+bills@coop.example"),
])
def test_valid_addresses_are_trimmed_and_lower_cased(typed, canonical):
    assert normalise.email(typed) == normalise.checked_email(typed) == canonical


@pytest.mark.parametrize("typed", ["", None, "not an email", "john@gmail", "two words@example.com"])
def test_what_is_no_address_is_none_or_a_reason(typed):
    from email_validator import EmailNotValidError

    assert normalise.email(typed) is None
    with pytest.raises(EmailNotValidError):
        normalise.checked_email(typed)


@pytest.mark.parametrize("typed, mailbox", [
    ("Victim+1@GMAIL.com", "victim@gmail.com"), ("v.i.c.tim+x@googlemail.com", "victim@gmail.com"),
    ("pat+bills@coop.example", "pat@coop.example"), ("pat.smith@coop.example", "pat.smith@coop.example"),
    ("josé@bücher.example", "josé@xn--bcher-kva.example"),
])
def test_the_mailbox_an_address_reaches_is_one_key_for_all_its_spellings(typed, mailbox):
    assert normalise.mailbox_key(typed) == mailbox
