"""common.secret_shapes: which digits are a whole SSN, which are a one-time code (docs/security.md)."""

from __future__ import annotations

import time

import pytest

from common.secret_shapes import code_in, could_hold_ssn, full_ssn


@pytest.mark.parametrize("text", [
    "123-45-6789", "123 45 6789", "123.45.6789", "123 - 45 - 6789", "123/45/6789", "12-3456789",
    "123 456 78 9", "1 2 3 4 5 6 7 8 9", "12 34 56 789", "my ssn is 123 45 6789 thanks", "acct 123.45.6789",
])
def test_nine_digits_in_an_ssn_grouping_are_a_whole_ssn(text):
    assert full_ssn(text)


@pytest.mark.parametrize("text", [
    "123456789",  # one run: may be a nine-digit account number
    "123 456 789",  # 3-3-3: an account number as people group it
    "78620-1234", "78620 1234", "4321 78620",  # a ZIP+4, a last 4 beside a ZIP
    "100 123 4567", "1001234567", "512-555-0100",  # ten digits: an account or a phone number
    "12/05/1987", "123-45-678", "pat123-45-6789@example.com", "",
])
def test_other_digits_are_not(text):
    assert not full_ssn(text)


@pytest.mark.parametrize("text, code", [
    ("123456", "123456"), ("123 456", "123456"), ("123-456", "123456"), ("code 123456 thanks", "123456"),
])
def test_six_digits_or_3_3_are_a_code(text, code):
    assert code_in(text)[0] == code


@pytest.mark.parametrize("text", ["1234567", "123 456 789", "12 3456", "pat@x.com", "400 777 1"])
def test_other_numbers_are_no_code(text):
    assert code_in(text) is None


@pytest.mark.parametrize("text, held", [
    ("123456789", True), ("acct 123 456 789", True), ("its 123-456-789", True), ("123-45-6789", True),
    ("78620-1234", False), ("1234567890", False), ("12345678", False), ("123456789@example.com", False),
])
def test_nine_digits_that_are_or_may_be_an_ssn(text, held):
    """One run and 3-3-3 may be an account number or an SSN: the tracker store keeps neither."""
    assert could_hold_ssn(text) is held


@pytest.mark.parametrize("text", ["000452318", "acct 000 452 318", "000-45-2318", "00-0452318", "0 0 0 4 5 2 3 1 8"])
def test_nine_digits_that_start_with_000_are_no_ssn_in_any_grouping(text):
    """No SSN has the area 000, no EIN the prefix 00, and every ITIN starts with 9: an account number."""
    assert not could_hold_ssn(text) and not full_ssn(text)


def test_linear_time_on_long_runs():
    started = time.perf_counter()
    for text in ("1 " * 20_000 + "a", "1-" * 20_000, "12 " * 15_000 + "@"):
        full_ssn(text)
        code_in(text)
    assert time.perf_counter() - started < 2
