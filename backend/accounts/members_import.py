"""Load members from the co-op's customer-system export (``coopbot members import``).

The CSV contract is docs/contract.md section 4. Each row is validated on its own:
a bad row is reported with its line number and the reason, and the rest is
imported, because an operator fixing a 100k-row export wants every problem at
once, not the first one. Rows are upserted by account number, so importing the
same file twice changes nothing and a newer export updates what changed.

Speed: rows are written in batches (one SELECT, one bulk INSERT and one bulk
UPDATE per batch, committed per batch so the web app is never blocked long).
The mailing ZIP, the SSN/TIN last four and the meter number are what members
answer to prove who they are, so they are stored only as keyed hashes with a
per-row salt (``backend.privacy.hashing.identity_hash``, see :func:`secret_fields`):
fast enough for 100k rows, useless without the server key. The meter number is
hashed in its normalised form (``common.normalise.meter_number``: spaces, dashes
and case do not matter), as the identity check hashes the member's answer.
Because the clear values are gone, a re-import tells "unchanged" by hashing the
new values with the row's salt. None is ever echoed: reasons name the column,
not the value.

Full sync (``full_sync=True``, ``--full-sync``): the file is the whole member
list of the billing system. An account absent from it is closed
(``Member.closed_at``), never deleted: its history, notices and online login
stay, but the identity check answers for it exactly as for an unknown account.
A rejected row still names its account (the first column as written), and
that account is never closed for being malformed. An account a file lists
again is reopened (in either mode: the file says billing has it).

A changed phone on file is the phone the next proof uses, so the member is
told at the old phone and the address on file (``notices.phone_changed``).

Dry run (``dry_run=True``): every batch runs exactly as for real and is then
rolled back, so the counts are the ones a real run would give and nothing changes.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from common import normalise
from common.normalise import MAX_NAME_LENGTH
from backend.notify import notices
from backend.privacy.hashing import identity_hash, identity_hash_matches, new_salt
from backend.storage.models import Member, utcnow
from backend.identity.names import name_key
from common.textinput import clean_text

HEADER = ("account_number", "meter_number", "last_name_or_business", "mailing_zip", "tax_id_last4", "phone")
BATCH_SIZE = 2000


class HeaderError(ValueError):
    """The file does not start with the expected header; nothing was imported."""


@dataclass(frozen=True)
class MemberRow:
    """One valid row, normalised (meter, ZIP and tax id still clear: they are hashed when written)."""

    account_number: str
    meter_number: str = field(repr=False)  # common.normalise.meter_number's form; never shown
    last_name_or_business: str
    name_key: str
    mailing_zip: str = field(repr=False)  # 5 digits; never shown, even when a row is printed
    tax_id_last4: str | None = field(repr=False)
    phone: str | None = None


@dataclass
class ImportReport:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    reopened: int = 0
    closed: int = 0
    phone_changes: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)
    # Every account number the file names, valid row or not (a full sync closes only the others).
    named: set[str] = field(default_factory=set, repr=False)

    @property
    def ok(self) -> bool:
        return not self.rejected


def normalise_phone(value: str) -> str | None:
    """E.164, from E.164 or a US number written any common way (``common.normalise``)."""
    return normalise.phone(value)


def parse_row(fields: list[str]) -> MemberRow | str:
    """A valid :class:`MemberRow`, or the reason the row is rejected (never containing the tax id)."""
    if len(fields) != len(HEADER):
        return f"expected {len(HEADER)} columns, found {len(fields)}"
    account, meter, name, zip_code, tax_id, phone = (clean_text(value).strip() for value in fields)
    if not normalise.is_account_number(account):
        return (f"account_number must be {normalise.ACCOUNT_MIN_DIGITS} to "
                f"{normalise.ACCOUNT_MAX_DIGITS} digits")
    meter = normalise.meter_number(meter)
    if meter is None:
        return f"meter_number must be 1 to {normalise.METER_MAX_LENGTH} letters or digits"
    if not name:
        return "last_name_or_business is empty"
    if len(name) > MAX_NAME_LENGTH:
        return f"last_name_or_business is longer than {MAX_NAME_LENGTH} characters"
    key = name_key(name)
    if not key:
        return "last_name_or_business has no letters or digits"
    zip5 = normalise.zip_code(zip_code)
    if zip5 is None:
        return "mailing_zip must be 5 digits (or ZIP+4)"
    if tax_id and normalise.tax_id_last4(tax_id) is None:
        return "tax_id_last4 must be 4 digits or empty"
    normalised_phone = None
    if phone:
        normalised_phone = normalise_phone(phone)
        if normalised_phone is None:
            return "phone must be E.164 (+15125550123) or a 10-digit US number"
    return MemberRow(
        account_number=account,
        meter_number=meter,
        last_name_or_business=" ".join(name.split()),
        name_key=key,
        mailing_zip=zip5,
        tax_id_last4=tax_id or None,
        phone=normalised_phone,
    )


def count_data_lines(stream: IO[str]) -> int:
    """Lines after the header (for the progress bar); rewinds the stream."""
    count = sum(1 for _ in stream) - 1
    stream.seek(0)
    return max(count, 0)


def read_rows(stream: IO[str], report: ImportReport) -> Iterator[tuple[int, MemberRow]]:
    """Yield ``(line_number, row)`` for valid rows; record rejected ones in ``report``."""
    reader = csv.reader(stream)
    header = next(reader, None)
    if header is None:
        raise HeaderError("the file is empty")
    header = [clean_text(name).strip().lower() for name in header]
    if tuple(header) != HEADER:
        raise HeaderError("the header must be: " + ",".join(HEADER))
    first_line: dict[str, int] = {}
    for fields in reader:
        line = reader.line_num
        if not any(value.strip() for value in fields):
            continue  # blank line
        if fields:
            report.named.add(clean_text(fields[0]).strip())
        parsed = parse_row(fields)
        if isinstance(parsed, str):
            report.rejected.append((line, parsed))
            continue
        if parsed.account_number in first_line:
            report.rejected.append(
                (line, f"account_number repeats line {first_line[parsed.account_number]}")
            )
            continue
        first_line[parsed.account_number] = line
        yield line, parsed


def _batches(rows: Iterable[tuple[int, MemberRow]], size: int) -> Iterator[list[tuple[int, MemberRow]]]:
    batch: list[tuple[int, MemberRow]] = []
    for item in rows:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def secret_fields(secret_key: str, zip_code: str, tax_id_last4: str | None, salt: str | None = None,
                  meter_number: str | None = None) -> dict:
    """The stored form of a member's verification answers: a salt and keyed hashes.

    ``secret_key`` is the master secret; the hashes use its identity-hash key
    (``backend.core.keys``).

    ``salt`` is the row's existing salt on update; a new random one otherwise.
    ``zip_code`` is the normalised 5-digit ZIP (``backend.identity.verification``
    hashes the member's answer the same way); ``meter_number`` is in
    ``common.normalise.meter_number``'s form (no ``meter_hash`` when it is None).
    """
    salt = salt or new_salt()
    fields = {
        "secret_salt": salt,
        "mailing_zip_hash": identity_hash(secret_key, zip_code, salt),
        "tax_id_hash": identity_hash(secret_key, tax_id_last4, salt) if tax_id_last4 else None,
    }
    if meter_number is not None:
        fields["meter_hash"] = identity_hash(secret_key, meter_number, salt)
    return fields


def _unchanged(existing, row: MemberRow, secret_key: str) -> bool:
    if (
        existing.last_name_or_business != row.last_name_or_business
        or existing.name_key != row.name_key
        or existing.phone != row.phone
    ):
        return False
    # Strict (no legacy keys): a row hashed with the master secret itself is rewritten.
    if not identity_hash_matches(secret_key, row.meter_number, existing.secret_salt, existing.meter_hash,
                                 legacy=False):
        return False
    if not identity_hash_matches(secret_key, row.mailing_zip, existing.secret_salt, existing.mailing_zip_hash,
                                 legacy=False):
        return False
    if row.tax_id_last4 is None:
        return existing.tax_id_hash is None
    return identity_hash_matches(secret_key, row.tax_id_last4, existing.secret_salt, existing.tax_id_hash,
                                 legacy=False)


def _write_batch(session: Session, batch: list[tuple[int, MemberRow]], secret_key: str, report: ImportReport) -> None:
    accounts = [row.account_number for _, row in batch]
    existing = {
        found.account_number: found
        for found in session.execute(
            select(
                Member.id, Member.account_number, Member.last_name_or_business, Member.name_key, Member.phone,
                Member.secret_salt, Member.mailing_zip_hash, Member.tax_id_hash, Member.meter_hash,
                Member.closed_at,
            ).where(Member.account_number.in_(accounts))
        )
    }
    now = utcnow()
    inserts, updates, phone_changes = [], [], []
    for _, row in batch:
        values = {
            "account_number": row.account_number,
            "last_name_or_business": row.last_name_or_business,
            "name_key": row.name_key,
            "phone": row.phone,
            "updated_at": now,
        }
        found = existing.get(row.account_number)
        if found is None:
            hashed = secret_fields(secret_key, row.mailing_zip, row.tax_id_last4, meter_number=row.meter_number)
            inserts.append({**values, **hashed, "created_at": now})
            continue
        reopen = found.closed_at is not None
        if reopen:
            report.reopened += 1
        if _unchanged(found, row, secret_key):
            if reopen:
                updates.append({"id": found.id, "closed_at": None, "updated_at": now})
            else:
                report.unchanged += 1
            continue
        hashed = secret_fields(secret_key, row.mailing_zip, row.tax_id_last4, found.secret_salt,
                               meter_number=row.meter_number)
        updates.append({**values, **hashed, "id": found.id, "closed_at": None})
        if not reopen:
            report.updated += 1
        if found.phone != row.phone:
            phone_changes.append((found.id, found.phone))
    if inserts:
        session.execute(insert(Member), inserts)
        report.inserted += len(inserts)
    if updates:
        session.execute(update(Member), updates)  # ORM bulk UPDATE by primary key
    for member_id, old_phone in phone_changes:  # few per night: one notice set each
        notices.phone_changed(session, member_id, old_phone, now)
    report.phone_changes += len(phone_changes)


def import_members(
    session_factory: sessionmaker[Session],
    stream: IO[str],
    secret_key: str,
    progress: Callable[[int], None] | None = None,
    batch_size: int = BATCH_SIZE,
    full_sync: bool = False,
    dry_run: bool = False,
) -> ImportReport:
    """Upsert every valid row of ``stream``; ``progress(line)`` hears the last line written.

    ``full_sync``: then close every open account the file does not name.
    ``dry_run``: compute the same report, commit nothing.
    Raises :class:`HeaderError` before writing anything when the header is wrong,
    and :class:`EmptySync` before closing anything when a full sync has no valid row.
    """
    report = ImportReport()
    rows = read_rows(stream, report)
    valid = 0
    for batch in _batches(rows, batch_size):
        valid += len(batch)
        with session_factory() as session:
            _write_batch(session, batch, secret_key, report)
            if dry_run:
                session.rollback()
            else:
                session.commit()
        if progress:
            progress(batch[-1][0])
    if full_sync:
        if not valid:
            raise EmptySync("the file has no valid row; a full sync would close every account")
        _close_absent(session_factory, report, dry_run, batch_size)
    return report


class EmptySync(ValueError):
    """A full sync of a file without one valid row: refused, nothing closed."""


def _close_absent(session_factory: sessionmaker[Session], report: ImportReport, dry_run: bool,
                  batch_size: int) -> None:
    """Close every open account the file did not name (one read, then bulk UPDATEs by primary key)."""
    with session_factory() as session:
        now = utcnow()
        open_accounts = session.execute(select(Member.id, Member.account_number).where(Member.closed_at.is_(None)))
        absent = [{"id": member_id, "closed_at": now, "updated_at": now}
                  for member_id, account in open_accounts if account not in report.named]
        for start in range(0, len(absent), batch_size):
            session.execute(update(Member), absent[start:start + batch_size])
        report.closed = len(absent)
        if dry_run:
            session.rollback()
        else:
            session.commit()


def member_count(session_factory: sessionmaker[Session]) -> int:
    with session_factory() as session:
        return session.scalar(select(func.count()).select_from(Member)) or 0
