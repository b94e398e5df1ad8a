"""``coopbot members import --full-sync`` and ``--dry-run`` on SQLite and PostgreSQL.

The file is the whole truth: absent accounts are closed (never deleted), a
malformed row's account stays open, a listed account is reopened, a dry run
changes nothing, a closed account answers the identity check as an unknown
one, and a changed phone on file is told to the old phone and the address on file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from backend.identity import verification as v
from backend.storage.models import ACTIVE, Member, Notification
from tests.support.backend_helpers import outbox_mails, parts
from tests.support.member_rows import add_registration
from webhook.cli import cli

HEADER = "account_number,meter_number,last_name_or_business,mailing_zip,tax_id_last4,phone\n"
SECRET_KEY = "test-secret-key"
GARZA = "1001234567,PE1,Garza,78620,4321,+15125550101\n"
MULLER = "000452318,M4471,Muller,78624,,\n"
RANCH = "305118,G77,Garza Ranch LLC,78606,7788,\n"


@pytest.fixture
def outbox(tmp_path) -> Path:
    return tmp_path / "outbox"


@pytest.fixture
def run(db_url, tmp_path, outbox, monkeypatch):
    """Run the real ``coopbot`` command against the test database."""
    monkeypatch.setenv("COOPBOT_DATABASE_URL", db_url)
    monkeypatch.setenv("COOPBOT_SECRET_KEY", SECRET_KEY)
    monkeypatch.setenv("COOPBOT_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("COOPBOT_OUTBOX_DIR", str(outbox))

    def invoke(*args):
        return CliRunner().invoke(cli, list(args), catch_exceptions=False)

    return invoke


@pytest.fixture
def members(session_factory):
    def load() -> dict[str, tuple]:
        with session_factory() as session:
            return {m.account_number: (m.meter_hash, m.last_name_or_business, m.phone, m.mailing_zip_hash,
                                       m.tax_id_hash, m.closed_at is not None)
                    for m in session.scalars(select(Member))}

    return load


def write(tmp_path: Path, body: str, name: str = "members.csv") -> str:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return str(path)


def closed(members) -> set[str]:
    return {account for account, row in members().items() if row[-1]}


def test_full_sync_closes_absent_accounts_and_never_deletes_them(run, members, tmp_path):
    assert run("members", "import", write(tmp_path, GARZA + MULLER + RANCH)).exit_code == 0
    result = run("members", "import", "--full-sync", write(tmp_path, GARZA, "nightly.csv"))
    assert result.exit_code == 0, result.output
    assert "0 new, 0 updated, 1 unchanged, 0 rejected; 2 closed, 0 reopened" in result.stdout
    assert set(members()) == {"1001234567", "000452318", "305118"}  # closed, not deleted
    assert closed(members) == {"000452318", "305118"}


def test_a_plain_import_closes_nothing(run, members, tmp_path):
    run("members", "import", write(tmp_path, GARZA + MULLER))
    result = run("members", "import", write(tmp_path, GARZA, "partial.csv"))
    assert result.exit_code == 0 and "closed" not in result.stdout
    assert closed(members) == set()


def test_a_malformed_row_is_named_and_skipped_without_closing_its_account(run, members, tmp_path):
    run("members", "import", write(tmp_path, GARZA + MULLER + RANCH))
    before = members()
    # Line 3: Muller's ZIP is broken; the tax id of line 4 is malformed too (and must never be printed).
    nightly = write(tmp_path, GARZA + "000452318,M4471,Muller,7862,,\n" + "305118,G77,Garza Ranch LLC,78606,77x9,\n",
                    "nightly.csv")
    result = run("members", "import", "--full-sync", nightly)
    assert result.exit_code == 1
    assert f"{nightly}:3: rejected: mailing_zip must be 5 digits (or ZIP+4)" in result.stderr
    assert f"{nightly}:4: rejected: tax_id_last4 must be 4 digits or empty" in result.stderr
    assert "77x9" not in result.output
    assert "2 rejected; 0 closed" in result.stdout
    assert closed(members) == set()
    assert members() == before  # skipped: neither updated nor closed


def test_dry_run_prints_what_would_change_and_changes_nothing(run, members, session_factory, tmp_path, outbox):
    run("members", "import", write(tmp_path, GARZA + MULLER + RANCH))
    run("members", "import", "--full-sync", write(tmp_path, GARZA + MULLER, "first.csv"))  # the ranch is closed
    before = members()
    nightly = write(tmp_path, (
        "1001234567,PE1,Garza,78620,4321,+15125550199\n"   # phone changed
        "305118,G77,Garza Ranch LLC,78606,7788,\n"        # reopened
        "1009999999,X1,New,78601,,\n"                     # new
        "12345,X2,Short,78601,,\n"                        # rejected
    ), "nightly.csv")                                     # Muller absent: would close
    result = run("members", "import", "--full-sync", "--dry-run", nightly)
    assert result.exit_code == 1
    assert (f"Dry run of {nightly}: 1 new, 1 updated, 0 unchanged, 1 rejected; 1 closed, 1 reopened, "
            "1 phone numbers changed (nothing changed).") in result.stdout
    assert f"{nightly}:5: rejected: account_number must be 6 to 12 digits" in result.stderr
    assert members() == before
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Notification)) == 0
    assert not outbox.exists() or not any(outbox.iterdir())


def test_an_account_listed_again_is_reopened(run, members, tmp_path):
    run("members", "import", write(tmp_path, GARZA + RANCH))
    run("members", "import", "--full-sync", write(tmp_path, GARZA, "a.csv"))
    assert closed(members) == {"305118"}
    result = run("members", "import", "--full-sync", write(tmp_path, GARZA + RANCH, "b.csv"))
    assert result.exit_code == 0
    assert "0 closed, 1 reopened" in result.stdout
    assert closed(members) == set()


def test_a_full_sync_without_a_valid_row_closes_nothing(run, members, tmp_path):
    run("members", "import", write(tmp_path, GARZA + MULLER))
    result = run("members", "import", "--full-sync", write(tmp_path, "12345,X,Short,78601,,\n", "broken.csv"))
    assert result.exit_code != 0
    assert "nothing closed" in result.output
    assert closed(members) == set()


def _answers(session_factory, settings, account: str, name: str, conversation: str) -> list[tuple]:
    seen = []
    for _ in range(4):
        with session_factory() as session:
            result = v.check_account(session, conversation, account, name, settings=settings)
        seen.append((result.result, result.attempts_left, result.lock_scope, result.unlock))
    return seen


def test_a_closed_account_answers_the_identity_check_as_an_unknown_one(run, session_factory, settings, tmp_path):
    run("members", "import", write(tmp_path, GARZA + RANCH))
    with session_factory() as session:
        open_answer = v.check_account(session, "c0", "305118", "Garza Ranch", settings=settings)
    assert open_answer.result == v.MATCH
    run("members", "import", "--full-sync", write(tmp_path, GARZA, "nightly.csv"))  # the ranch closes
    closed_answers = _answers(session_factory, settings, "305118", "Garza Ranch", "c1")
    unknown_answers = _answers(session_factory, settings, "305119", "Garza Ranch", "c2")
    assert closed_answers == unknown_answers
    assert closed_answers[0][0] == v.NO_MATCH


def test_a_changed_phone_is_used_and_told_to_the_old_phone_and_the_address(run, session_factory, tmp_path, outbox):
    run("members", "import", write(tmp_path, GARZA + MULLER))
    with session_factory() as session:
        garza_id = session.scalar(select(Member.id).where(Member.account_number == "1001234567"))
    add_registration(session_factory, garza_id, email="maria@example.com", status=ACTIVE)
    result = run("members", "import", "--full-sync",
                 write(tmp_path, "1001234567,PE1,Garza,78620,4321,(512) 555-0199\n" + MULLER, "nightly.csv"))
    assert result.exit_code == 0, result.output
    assert "1 phone numbers changed" in result.stdout
    with session_factory() as session:
        assert session.get(Member, garza_id).phone == "+15125550199"  # the next proof uses it
    texts = [json.loads(path.read_text()) for path in sorted(outbox.glob("*.json"))]
    assert [text["to"] for text in texts] == ["+15125550101"]  # the old phone, not the new one
    assert "phone number on file for your account was changed" in texts[0]["body"]
    [mail] = outbox_mails(outbox)
    assert mail["To"] == "maria@example.com"
    text, _html = parts(mail)
    assert "phone number on file" in text and "0199" not in text


def test_an_unchanged_phone_tells_nobody(run, session_factory, tmp_path, outbox):
    run("members", "import", write(tmp_path, GARZA))
    result = run("members", "import", "--full-sync", write(tmp_path, GARZA, "again.csv"))
    assert "0 phone numbers changed" in result.stdout
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Notification)) == 0


def test_an_account_closed_between_the_two_checks_is_not_proven(run, session_factory, settings, tmp_path):
    run("members", "import", write(tmp_path, GARZA + RANCH))
    with session_factory() as session:
        assert v.check_account(session, "c1", "305118", "Garza Ranch", settings=settings).result == v.MATCH
    run("members", "import", "--full-sync", write(tmp_path, GARZA, "nightly.csv"))
    with session_factory() as session:
        assert v.verify_secret(session, settings, "c1", zip_code="78606").result != v.MATCH
