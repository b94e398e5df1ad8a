"""``coopbot members import`` (docs/contract.md section 4) on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from backend.core.config import PROJECT_ROOT
from backend.privacy.hashing import identity_hash
from backend.storage.models import Member
from webhook.cli import cli

HEADER = "account_number,meter_number,last_name_or_business,mailing_zip,tax_id_last4,phone\n"
SECRET_KEY = "test-secret-key"


@pytest.fixture
def run(db_url, tmp_path, monkeypatch):
    """Run the real ``coopbot`` command against the test database."""
    monkeypatch.setenv("COOPBOT_DATABASE_URL", db_url)
    monkeypatch.setenv("COOPBOT_SECRET_KEY", SECRET_KEY)
    monkeypatch.setenv("COOPBOT_VAR_DIR", str(tmp_path / "var"))

    def invoke(*args):
        return CliRunner().invoke(cli, list(args), catch_exceptions=False)

    return invoke


@pytest.fixture
def members(session_factory):
    def load() -> dict[str, Member]:
        with session_factory() as session:
            return {m.account_number: m for m in session.scalars(select(Member))}

    return load


def write(tmp_path: Path, body: str, name: str = "members.csv") -> str:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return str(path)


def test_imports_valid_rows_and_hashes_the_zip_and_tax_id(run, members, tmp_path):
    csv_file = write(tmp_path, (
        "1001234567,PE48213,Garza,78620,4321,+15125550101\n"
        "000452318,m4471,Müller,78624-1234,,(830) 555-0104\n"
        "305118,G77,Garza Ranch LLC,78606,7788,\n"
    ))
    result = run("members", "import", csv_file)
    assert result.exit_code == 0, result.output
    assert "3 new, 0 updated, 0 unchanged, 0 rejected" in result.stdout
    rows = members()
    assert set(rows) == {"1001234567", "000452318", "305118"}  # leading zeros kept
    garza = rows["1001234567"]
    assert (garza.last_name_or_business, garza.name_key, garza.phone) == ("Garza", "garza", "+15125550101")
    assert garza.mailing_zip_hash == identity_hash(SECRET_KEY, "78620", garza.secret_salt)
    assert garza.tax_id_hash == identity_hash(SECRET_KEY, "4321", garza.secret_salt)
    muller = rows["000452318"]
    assert muller.mailing_zip_hash == identity_hash(SECRET_KEY, "78624", muller.secret_salt)  # ZIP+4 cut to 5
    assert muller.phone == "+18305550104"  # 10-digit US -> E.164
    assert muller.meter_hash == identity_hash(SECRET_KEY, "M4471", muller.secret_salt)
    assert muller.name_key == "muller"
    assert muller.tax_id_hash is None and len(muller.secret_salt) == 32  # a salt even without a tax id
    assert rows["305118"].name_key == "garza ranch"
    # Salts differ per row: equal answers do not give equal hashes.
    assert len({row.secret_salt for row in rows.values()}) == 3
    assert not hasattr(garza, "mailing_zip") and not hasattr(garza, "tax_id_salt")


def test_rejects_bad_rows_with_line_and_reason_and_imports_the_rest(run, members, tmp_path):
    csv_file = write(tmp_path, (
        "1001234567,PE1,Garza,78620,4321,\n"          # line 2 ok
        "12345,PE2,Short,78620,1111,\n"               # line 3: account too short
        "1234567890123,PE3,Long,78620,1111,\n"        # line 4: account too long
        "100123456A,PE4,Letters,78620,1111,\n"        # line 5: not digits
        "2001234567,PE.5,Meter,78620,1111,\n"         # line 6: meter punctuation
        "2001234568,ABCDEFGHIJKLM,Meter,78620,1111,\n"  # line 7: meter too long
        "2001234569,PE7,,78620,1111,\n"               # line 8: no name
        "2001234570,PE8,Zip,7862,1111,\n"             # line 9: zip
        "2001234571,PE9,Tax,78620,98765,\n"           # line 10: tax id 5 digits (never echoed)
        "2001234572,PE10,Phone,78620,8642,555-0101\n"  # line 11: phone
        "2001234573,PE11,Columns,78620\n"             # line 12: column count
        "\n"                                          # line 13: blank, ignored
        "1001234567,PE12,Garza,78620,4321,\n"         # line 14: duplicate of line 2
        "2001234574,PE13,Good,78620,,+447911123456\n"  # line 15 ok (E.164 abroad)
    ))
    result = run("members", "import", csv_file)
    assert result.exit_code == 1
    assert "2 new, 0 updated, 0 unchanged, 11 rejected" in result.stdout
    errors = result.stderr
    expected = {
        3: "account_number must be 6 to 12 digits",
        4: "account_number must be 6 to 12 digits",
        5: "account_number must be 6 to 12 digits",
        6: "meter_number must be 1 to 12 letters or digits",
        7: "meter_number must be 1 to 12 letters or digits",
        8: "last_name_or_business is empty",
        9: "mailing_zip must be 5 digits",
        10: "tax_id_last4 must be 4 digits or empty",
        11: "phone must be E.164",
        12: "expected 6 columns, found 4",
        14: "account_number repeats line 2",
    }
    for line, reason in expected.items():
        matching = [text for text in errors.splitlines() if text.startswith(f"{csv_file}:{line}: rejected: ")]
        assert matching and reason in matching[0], (line, errors)
    assert f"{csv_file}:13:" not in errors
    assert set(members()) == {"1001234567", "2001234574"}
    # Tax ids are never printed, not even the malformed ones.
    for secret in ("4321", "98765", "8642", "1111"):
        assert secret not in result.output


def test_reimport_updates_changed_rows_and_is_idempotent(run, members, tmp_path):
    first = write(tmp_path, "1001234567,PE1,Garza,78620,4321,\n20456789,PE2,Garza Ranch LLC,78606,7788,\n")
    assert run("members", "import", first).exit_code == 0
    before = members()
    again = run("members", "import", first)
    assert "0 new, 0 updated, 2 unchanged" in again.stdout
    assert members()["1001234567"].tax_id_hash == before["1001234567"].tax_id_hash

    second = write(tmp_path, (
        "1001234567,PE1,Garza-Lopez,78636,9999,5125550111\n"
        "20456789,PE2,Garza Ranch LLC,78606,7788,\n"
        "305118,G7,Vogel,78070,,\n"
    ), name="second.csv")
    result = run("members", "import", second)
    assert result.exit_code == 0
    assert "1 new, 1 updated, 1 unchanged, 0 rejected" in result.stdout
    after = members()
    garza = after["1001234567"]
    assert (garza.id, garza.name_key, garza.phone) == (before["1001234567"].id, "garza lopez", "+15125550111")
    assert garza.mailing_zip_hash == identity_hash(SECRET_KEY, "78636", garza.secret_salt)
    assert garza.tax_id_hash == identity_hash(SECRET_KEY, "9999", garza.secret_salt)
    assert len(after) == 3


def test_reimport_notices_a_changed_zip_or_tax_id_alone(run, members, tmp_path):
    """Only hashes are stored, so "changed?" is decided by hashing the new values with the row's salt."""
    body = "1001234567,PE1,Garza,78620,4321,\n20456789,PE2,Garza Ranch LLC,78606,7788,\n305118,G7,Vogel,78070,,\n"
    assert run("members", "import", write(tmp_path, body)).exit_code == 0
    before = members()
    changed = body.replace("Garza,78620,4321", "Garza,78621,4321").replace("LLC,78606,7788", "LLC,78606,")
    result = run("members", "import", write(tmp_path, changed, name="changed.csv"))
    assert "0 new, 2 updated, 1 unchanged, 0 rejected" in result.stdout
    after = members()
    garza, ranch = after["1001234567"], after["20456789"]
    assert garza.secret_salt == before["1001234567"].secret_salt  # the row keeps its salt
    assert garza.mailing_zip_hash == identity_hash(SECRET_KEY, "78621", garza.secret_salt)
    assert garza.tax_id_hash == before["1001234567"].tax_id_hash
    assert ranch.mailing_zip_hash == before["20456789"].mailing_zip_hash and ranch.tax_id_hash is None
    assert after["305118"].updated_at == before["305118"].updated_at


def test_wrong_header_imports_nothing(run, members, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("account,name,zip\n1001234567,Garza,78620\n")
    result = run("members", "import", str(path))
    assert result.exit_code != 0
    assert "header must be: account_number,meter_number" in result.output
    assert members() == {}


def test_large_file_shows_progress_on_stderr(run, members, tmp_path):
    body = "".join(f"{3000000000 + i},M{i},Name{i},78620,{i % 10000:04d},\n" for i in range(1500))
    result = run("members", "import", write(tmp_path, body))
    assert result.exit_code == 0
    assert "Importing members" in result.stderr
    assert "1500 new" in result.stdout
    assert len(members()) == 1500


def test_if_empty_loads_only_into_an_empty_database(run, members, tmp_path):
    demo = str(PROJECT_ROOT / "data" / "demo_members.csv")
    result = run("members", "import", "--if-empty", demo)
    assert result.exit_code == 0 and "0 rejected" in result.stdout
    count = len(members())
    assert count >= 30
    second = run("members", "import", "--if-empty", demo)
    assert "nothing imported" in second.stdout
    assert len(members()) == count


def test_demo_members_start_with_the_two_readme_examples():
    lines = (PROJECT_ROOT / "data" / "demo_members.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == HEADER.strip()
    assert lines[1].startswith("1001234567,") and ",Garza,78620,4321," in lines[1]
    assert lines[2].startswith("20456789,") and ",Garza Ranch LLC,78606," in lines[2]
