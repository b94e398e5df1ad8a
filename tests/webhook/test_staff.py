"""The staff console through Flask's test client, on SQLite and PostgreSQL (``db_url``).

Sign-in, lockout, CSRF, roles, the conversation list (filters, account-number
search, keyset pages), the dashboard's figures on seeded data, transcripts and
their audit entries, labelling and the NLU export, and ``coopbot staff``.
"""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from click.testing import CliRunner
from sqlalchemy import func, select, text

from backend import staff as staff_data
from backend.storage.db import transaction
from backend.privacy.hashing import verify_password
from backend.accounts import websessions
from common import normalise
from backend.storage.models import AuditEntry, Conversation, StaffUser, TranscriptMessage, utcnow
from tests.support.staff_seed import (
    ADMIN_EMAIL,
    AGENT_EMAIL,
    DEMO_FUNNEL,
    PASSWORD,
    bulk_conversations,
    create_staff_users,
    seed_demo,
)
from tests.support.staff_pages import csrf_token, enter_code, page_text, sign_in
from tests.support.query_plans import query_plan
from webhook.cli import cli

DOMAIN_INTENTS = ["affirm", "ask_what_is_this", "deny", "greet", "inform", "register", "request_human"]


@pytest.fixture
def domain_file(tmp_path, app):
    path = tmp_path / "domain.yml"
    path.write_text(
        'version: "3.1"\nintents:\n'
        + "".join(f"  - {name}\n" for name in DOMAIN_INTENTS if name != "greet")
        + "  - greet:\n      use_entities: []\n"
        + "responses:\n  utter_greet:\n  - text: Hi\n"
    )
    app.config["STAFF_DOMAIN_PATH"] = path
    return path


@pytest.fixture
def demo(session_factory):
    with transaction(session_factory) as session:
        create_staff_users(session)
        return seed_demo(session, utcnow())


def table_rows(response, table_id="conversations") -> list[str]:
    html = response.get_data(as_text=True)
    body = re.search(rf'<table id="{table_id}">.*?<tbody>(.*?)</tbody>', html, re.S)
    return re.findall(r'<tr data-conversation="(\d+)"', body.group(1)) if body else []


# --- sign-in, sign-out, lockout, CSRF -------------------------------------------------


def test_console_needs_sign_in_and_sign_out_ends_it(client, demo):
    first = client.get("/staff/conversations?outcome=registered")
    assert first.status_code == 302
    location = urlsplit(first.headers["Location"])
    assert location.path == "/staff/sign-in"
    assert parse_qs(location.query)["next"] == ["/staff/conversations?outcome=registered"]

    page = client.get("/staff/sign-in").get_data(as_text=True)
    response = client.post(
        "/staff/sign-in?next=/staff/conversations%3Foutcome%3Dregistered",
        data={"email": "Agent@Coop.Example", "password": PASSWORD, "csrf_token": csrf_token(page)},
    )
    # The password is right: the code comes next, and then the page asked for.
    assert response.status_code == 302 and urlsplit(response.headers["Location"]).path == "/staff/sign-in/code"
    assert client.get("/staff/").status_code == 302  # nothing of the console before the code
    code = enter_code(client, client.get(response.headers["Location"]), AGENT_EMAIL, follow_redirects=False)
    assert code.status_code == 302 and code.headers["Location"] == "/staff/conversations?outcome=registered"
    dashboard = client.get("/staff/")
    assert dashboard.status_code == 200
    assert "agent@coop.example (agent)" in page_text(dashboard)
    assert dashboard.headers["Cache-Control"] == "no-store"

    signed_out = client.post("/staff/sign-out", data={"csrf_token": csrf_token(dashboard.get_data(as_text=True))},
                             follow_redirects=True)
    assert "You are signed out." in page_text(signed_out)
    assert client.get("/staff/").status_code == 302


def test_sign_in_never_redirects_off_site(client, demo):
    page = client.get("/staff/sign-in").get_data(as_text=True)
    response = client.post("/staff/sign-in?next=https://evil.example/staff",
                           data={"email": AGENT_EMAIL, "password": PASSWORD, "csrf_token": csrf_token(page)})
    code = enter_code(client, client.get(response.headers["Location"]), AGENT_EMAIL, follow_redirects=False)
    assert code.headers["Location"] == "/staff/"


def test_wrong_password_is_refused_with_a_clear_message(client, demo):
    response = sign_in(client, password="wrong password here")
    assert "The e-mail address or the password is wrong." in page_text(response)
    assert 'value="agent@coop.example"' in response.get_data(as_text=True)  # the address is kept
    assert client.get("/staff/").status_code == 302
    unknown = sign_in(client, email="nobody@coop.example")
    assert "The e-mail address or the password is wrong." in page_text(unknown)


def test_failures_earn_growing_waits_never_a_lock(client, demo, session_factory):
    for _ in range(3):  # free failures
        assert "password is wrong" in page_text(sign_in(client, password="not the password"))
    with transaction(session_factory) as session:  # many more failures from this client
        keys = websessions.throttle_keys(websessions.STAFF, AGENT_EMAIL, "127.0.0.1")
        for _ in range(20):
            websessions.record_failure(session, keys)
    waiting = sign_in(client)  # even the right password waits
    assert waiting.status_code == 429
    assert re.search(r"Too many tries\. Please wait (1[0-5]|[1-9]) minutes?, then try again\.", page_text(waiting))
    assert client.get("/staff/").status_code == 302
    with transaction(session_factory) as session:  # the wait is over
        for row in session.scalars(select(websessions.SignInThrottle)):
            row.next_allowed_at = utcnow() - timedelta(seconds=1)
    assert "agent@coop.example (agent)" in page_text(sign_in(client))
    with transaction(session_factory) as session:  # no lock was ever recorded
        assert session.scalar(select(StaffUser).where(StaffUser.email == AGENT_EMAIL)).locked_until is None


def test_unknown_and_known_accounts_get_the_same_answers(client, demo, monkeypatch):
    # A still clock: growing delays must not run out for one account and not the other.
    still = websessions.utcnow()
    monkeypatch.setattr(websessions, "utcnow", lambda: still)

    def answers(email):
        return [(r.status_code, page_text(r).replace(email, "X"))
                for r in (sign_in(client, email=email, password="not the password") for _ in range(5))]

    assert answers(AGENT_EMAIL) == answers("nobody@coop.example")


def test_a_stranger_cannot_lock_a_colleague_out(app, demo, session_factory):
    stranger = app.test_client()
    owner = app.test_client()
    with transaction(session_factory) as session:  # thousands of guesses from elsewhere
        keys = websessions.throttle_keys(websessions.STAFF, AGENT_EMAIL, "203.0.113.9")
        for _ in range(200):
            websessions.record_failure(session, keys)
    refused = sign_in(stranger, password="guess")  # guesses at this account wait
    assert refused.status_code == 429 and "Too many tries" in page_text(refused)
    page = owner.get("/staff/sign-in", environ_base={"REMOTE_ADDR": "198.51.100.7"}).get_data(as_text=True)
    response = owner.post("/staff/sign-in", data={"email": AGENT_EMAIL, "password": PASSWORD,
                                                  "csrf_token": csrf_token(page)},
                          environ_base={"REMOTE_ADDR": "198.51.100.7"})
    # The owner's own address waits at most a minute (the account-wide cap), never a lock.
    if response.status_code == 429:
        wait = int(re.search(r"wait (\d+) second", page_text(response)).group(1))
        assert wait <= 60
    else:
        assert response.status_code == 302
    assert websessions.delay_for(websessions.RULES["account"], 10**6) == timedelta(minutes=1)


def test_authenticate_never_locks(session_factory):
    now = utcnow()
    with transaction(session_factory) as session:
        staff_data.create_staff(session, AGENT_EMAIL, PASSWORD)
    with transaction(session_factory) as session:
        for attempt in range(50):
            result = staff_data.authenticate(session, AGENT_EMAIL, "wrong wrong wrong", now=now)
            assert not result.ok and result.locked_until is None
        after = staff_data.authenticate(session, AGENT_EMAIL, PASSWORD, now=now)
        assert after.ok and after.user.failed_logins == 0


def test_sign_out_ends_every_copy_of_the_session(app, client, demo):
    sign_in(client)
    copy = app.test_client()
    copy.set_cookie("session", client.get_cookie("session").value)
    assert copy.get("/staff/").status_code == 200  # a copied cookie works while the session lives
    dashboard = client.get("/staff/").get_data(as_text=True)
    client.post("/staff/sign-out", data={"csrf_token": csrf_token(dashboard)})
    assert copy.get("/staff/").status_code == 302


def test_sign_out_everywhere_ends_the_other_sessions(app, demo):
    office, laptop = app.test_client(), app.test_client()
    sign_in(office)
    sign_in(laptop)
    assert laptop.get("/staff/").status_code == 200
    page = office.get("/staff/").get_data(as_text=True)
    assert "Sign out everywhere" in page
    done = office.post("/staff/sign-out-everywhere", data={"csrf_token": csrf_token(page)}, follow_redirects=True)
    assert "signed out on every computer" in page_text(done)
    assert laptop.get("/staff/").status_code == 302
    assert office.get("/staff/").status_code == 302


def test_an_admin_signs_a_colleague_out_everywhere_from_the_command_line(client, demo, monkeypatch, settings):
    from click.testing import CliRunner

    from webhook.staff.cli import staff as staff_cli

    sign_in(client)
    assert client.get("/staff/").status_code == 200
    monkeypatch.setenv("COOPBOT_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("COOPBOT_SECRET_KEY", "test-secret-key")
    result = CliRunner().invoke(staff_cli, ["sign-out-everywhere", AGENT_EMAIL])
    assert result.exit_code == 0, result.output
    assert "1 session ended" in result.output
    assert client.get("/staff/").status_code == 302


def test_staff_sessions_end_when_idle_and_after_twelve_hours(client, demo, session_factory):
    sign_in(client)
    with transaction(session_factory) as session:
        row = session.scalars(select(websessions.WebSession)).one()
        row.last_seen_at = utcnow() - timedelta(minutes=31)
    assert client.get("/staff/").status_code == 302  # idle too long

    sign_in(client)
    with transaction(session_factory) as session:
        row = session.scalars(select(websessions.WebSession)).one()
        row.created_at = utcnow() - timedelta(hours=12, seconds=1)
        row.last_seen_at = utcnow()
    assert client.get("/staff/").status_code == 302  # busy, but 12 hours are over
    sign_in(client)
    with transaction(session_factory) as session:
        row = session.scalars(select(websessions.WebSession)).one()
        row.last_seen_at = utcnow() - timedelta(minutes=29)
    assert client.get("/staff/").status_code == 200
    with transaction(session_factory) as session:
        assert utcnow() - session.scalars(select(websessions.WebSession)).one().last_seen_at < timedelta(minutes=1)


def test_post_without_csrf_token_is_refused_and_changes_nothing(client, demo, domain_file, session_factory):
    refused = client.post("/staff/sign-in", data={"email": AGENT_EMAIL, "password": PASSWORD})
    assert refused.status_code == 400
    assert "nothing was changed" in page_text(refused)
    assert client.get("/staff/").status_code == 302

    sign_in(client)
    label = client.post(f"/staff/misunderstood/{demo.fallback_message_id}/label", data={"intent": "greet"})
    assert label.status_code == 400
    with session_factory() as session:
        assert session.get(TranscriptMessage, demo.fallback_message_id).label_intent is None


def test_agent_cannot_read_the_audit_log_admin_can(client, demo):
    sign_in(client)
    refused = client.get("/staff/audit")
    assert refused.status_code == 403
    assert "Only administrators can read the audit log." in page_text(refused)
    assert "Audit log" not in page_text(client.get("/staff/"))  # not offered in the menu either
    client.get(f"/staff/conversations/{demo.abandoned.id}")

    admin = sign_in(client.application.test_client(), ADMIN_EMAIL)
    assert "admin@coop.example (admin)" in page_text(admin)


def test_transcript_view_is_audited_and_admin_reads_who_opened_it(app, demo, session_factory):
    agent = app.test_client()
    sign_in(agent)
    response = agent.get(f"/staff/conversations/{demo.registered_sms.id}")
    assert response.status_code == 200
    with session_factory() as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.action == "view_transcript")).all()
        assert [(e.conversation_id, e.staff.email) for e in entries] == [(demo.registered_sms.id, AGENT_EMAIL)]

    admin = app.test_client()
    sign_in(admin, ADMIN_EMAIL)
    log = admin.get("/staff/audit")
    assert log.status_code == 200
    assert re.search(rf"agent@coop\.example Opened transcript {demo.registered_sms.id}", page_text(log))


def test_the_audit_log_and_the_misunderstood_messages_page_back_to_the_newest(client, demo):
    """A page read before an entry links back to the newest; the first page links to none."""
    assert "admin@coop.example (admin)" in page_text(sign_in(client, ADMIN_EMAIL))
    for path in ("/staff/audit", "/staff/misunderstood"):
        assert "← Newest" not in page_text(client.get(path)), path
        later = client.get(f"{path}?before=999999")
        assert later.status_code == 200 and "← Newest" in page_text(later), path
        assert 'aria-label="Pages"' in later.get_data(as_text=True)


# --- transcripts -------------------------------------------------------------------------


def test_transcript_shows_chat_redactions_intents_step_and_outcome(client, demo):
    sign_in(client)
    response = client.get(f"/staff/conversations/{demo.registered_sms.id}")
    html = response.get_data(as_text=True)
    words = page_text(response)
    assert "Outcome Registered" in words and "Furthest step Registered" in words
    assert '<mark class="redacted"' in html and "[redacted]" in words
    assert '<span class="masked"' in html and "j***@e***.com" in words
    assert html.count('class="bubble from-member') == 5 and html.count('class="bubble from-bot') == 5
    assert "intent register · confidence 0.97" in words
    assert "Member · " in words and "Assistant · " in words

    abandoned = page_text(client.get(f"/staff/conversations/{demo.abandoned.id}"))
    assert "Outcome Abandoned at the e-mail address" in abandoned
    assert "intent nlu_fallback · confidence 0.31 · fallback" in abandoned

    assert client.get("/staff/conversations/999999").status_code == 404


def test_every_console_time_is_in_the_co_op_zone_of_its_staffed_hours(make_app, settings, demo):
    app = make_app(settings.model_copy(update={"staffed_hours": "Mon-Fri 07:00-21:00 America/Chicago"}),
                   testing=True)
    client = app.test_client()
    sign_in(client)
    for path in ("/staff/conversations", f"/staff/conversations/{demo.registered_sms.id}"):
        words = page_text(client.get(path))
        assert "Times are in America/Chicago." in words
        assert re.search(r"\d{2}:\d{2} C[DS]T", words) and not re.search(r"\d{2}:\d{2} UTC", words), path


def test_without_staffed_hours_console_times_are_in_utc(client, demo):
    sign_in(client)
    words = page_text(client.get("/staff/conversations"))
    assert "Times are in UTC." in words and re.search(r"\d{2}:\d{2} UTC", words)


# --- the conversation list -------------------------------------------------------------------


def test_filters_by_outcome_channel_and_date(client, demo, session_factory):
    from tests.support.staff_seed import add_conversation

    with transaction(session_factory) as session:
        old = add_conversation(session, started_at=utcnow() - timedelta(days=40), outcome="registered",
                               step_reached="registered", completed=True)
    sign_in(client)
    everything = table_rows(client.get("/staff/conversations"))
    assert len(everything) == 9

    registered = client.get("/staff/conversations?outcome=registered")
    assert set(table_rows(registered)) == {str(demo.registered_sms.id), str(demo.registered_web.id), str(old.id)}
    assert "Registered" in page_text(registered)

    abandoned = client.get("/staff/conversations?outcome=abandoned")
    assert table_rows(abandoned) == [str(demo.abandoned.id)]
    assert "Abandoned at the e-mail address" in page_text(abandoned)
    assert table_rows(client.get("/staff/conversations?outcome=in_progress")) == [str(demo.active.id)]
    assert table_rows(client.get("/staff/conversations?outcome=human_requested")) == [str(demo.human.id)]

    web = table_rows(client.get("/staff/conversations?channel=web"))
    assert set(web) == {str(c.id) for c in demo.all if c.channel == "web"}

    today = utcnow().date()
    recent = table_rows(client.get(f"/staff/conversations?from={today - timedelta(days=1)}&to={today}"))
    assert str(old.id) not in recent and len(recent) == 8
    old_day = (utcnow() - timedelta(days=40)).date()
    assert table_rows(client.get(f"/staff/conversations?from={old_day}&to={old_day}")) == [str(old.id)]
    both = table_rows(client.get(f"/staff/conversations?outcome=registered&channel=sms&from={today - timedelta(days=1)}"))
    assert both == [str(demo.registered_sms.id)]

    bad = client.get("/staff/conversations?outcome=bogus&from=yesterday&channel=web")
    words = page_text(bad)
    assert "Choose an outcome from the list." in words and "“yesterday” is not a date" in words
    assert set(table_rows(bad)) == set(web)  # the valid filter still applies
    assert 'value="yesterday"' in bad.get_data(as_text=True)  # and the typed value is kept


def test_search_by_account_number(client, demo):
    sign_in(client)
    found = client.get("/staff/conversations", query_string={"account": " 123-456 789 "})
    assert table_rows(found) == [str(demo.registered_sms.id)]
    assert "123456789" in page_text(found)
    none = client.get("/staff/conversations?account=999999999")
    assert table_rows(none) == [] and "No conversation matches account number 999999999." in page_text(none)
    bad = client.get("/staff/conversations?account=12ab")
    assert "An account number is 6 to 12 digits" in page_text(bad)


def test_the_account_search_hint_states_the_normalisers_length(client, demo, monkeypatch):
    sign_in(client)
    assert "The whole number, 6 to 12 digits." in page_text(client.get("/staff/conversations"))
    monkeypatch.setattr(normalise, "ACCOUNT_MIN_DIGITS", 5)
    monkeypatch.setattr(normalise, "ACCOUNT_MAX_DIGITS", 14)
    assert "The whole number, 5 to 14 digits." in page_text(client.get("/staff/conversations"))


def test_pages_follow_each_other_without_gaps_or_repeats(client, demo, session_factory):
    with transaction(session_factory) as session:
        bulk_conversations(session, 112, utcnow() - timedelta(days=1))
    sign_in(client)
    urls, pages = ["/staff/conversations?channel="], []
    while True:
        response = client.get(urls[-1])
        pages.append(table_rows(response))
        match = re.search(r'<a rel="next" href="([^"]+)"', response.get_data(as_text=True))
        if not match:
            break
        urls.append(unescape(match.group(1)))
    seen = [row for page in pages for row in page]
    assert [len(p) for p in pages] == [50, 50, 20]
    assert len(seen) == len(set(seen)) == 120
    with session_factory() as session:
        expected = session.scalars(
            select(Conversation.id).order_by(Conversation.last_active_at.desc(), Conversation.id.desc())
        ).all()
    assert [int(i) for i in seen] == expected

    # "Newer" from the last page leads back to the second page exactly, and from there to the first.
    last = client.get(urls[-1]).get_data(as_text=True)
    newer = unescape(re.search(r'<a rel="prev" href="([^"]+)"', last).group(1))
    second = client.get(newer)
    assert table_rows(second) == pages[1]
    newest = unescape(re.search(r'<a rel="prev" href="([^"]+)"', second.get_data(as_text=True)).group(1))
    first = client.get(newest)
    assert table_rows(first) == pages[0] and 'rel="prev"' not in first.get_data(as_text=True)

    broken = client.get("/staff/conversations?after=garbage")
    assert "That page link is not valid any more" in page_text(broken)
    assert table_rows(broken) == pages[0]


# --- the dashboard -------------------------------------------------------------------------------


def test_dashboard_funnel_and_figures_on_seeded_data(client, demo):
    sign_in(client)
    response = client.get("/staff/")
    html = response.get_data(as_text=True)
    for step, (reached, stopped) in DEMO_FUNNEL.items():
        row = re.search(rf'<tr data-step="{step}">(.*?)</tr>', html, re.S).group(1)
        assert re.search(rf'class="reached">{reached}<', row), step
        assert re.search(rf'class="stopped">{stopped}<', row), step
    words = page_text(response)
    assert "Conversations 8" in words and "Registrations 2" in words
    assert "Median turns to register 4" in words  # 5 and 3 member messages
    assert "Median time to register 8 min" in words  # 6 and 10 minutes
    assert "Fallback rate 12.5 % 2 of 16 member messages" in words
    # The chart is server-rendered SVG with the counts written in it.
    assert html.count('<rect class="bar"') >= len(DEMO_FUNNEL)
    assert re.search(r'<text class="bar-value"[^>]*>8 \(1 stopped\)</text>', html)
    assert re.search(r'<text class="bar-value"[^>]*>2</text>', html)
    per_day = {}
    for conversation in (demo.registered_sms, demo.registered_web):
        day = conversation.completed_at.date().isoformat()
        per_day[day] = per_day.get(day, 0) + 1
    for day, count in per_day.items():
        assert f'<th scope="row">{day}</th><td>{count}</td>' in html


def test_dashboard_range_excludes_older_conversations_and_reports_bad_dates(client, demo):
    sign_in(client)
    long_ago = client.get("/staff/?from=2001-01-01&to=2001-01-31")
    assert "Conversations 0" in page_text(long_ago)
    bad = client.get("/staff/?from=soon")
    assert "“soon” is not a date for From" in page_text(bad) and "Conversations 8" in page_text(bad)


# --- misunderstood messages, labels, export ---------------------------------------------------------


def test_label_a_misunderstood_message_and_export_it(client, demo, domain_file, session_factory):
    sign_in(client)
    listing = client.get("/staff/misunderstood")
    html = listing.get_data(as_text=True)
    listed = re.findall(r'<li class="card" id="message-(\d+)"', html)
    assert set(map(int, listed)) == {demo.fallback_message_id, demo.redacted_message_id, demo.low_confidence_message_id}
    assert all(f'<option value="{name}"' in html for name in DOMAIN_INTENTS)
    assert "Contains redactions, so it cannot become training data." in page_text(listing)

    token = csrf_token(html)
    saved = client.post(f"/staff/misunderstood/{demo.fallback_message_id}/label",
                        data={"intent": "ask_what_is_this", "csrf_token": token}, follow_redirects=True)
    assert f"Message {demo.fallback_message_id} labelled “ask_what_is_this”." in page_text(saved)
    client.post(f"/staff/misunderstood/{demo.low_confidence_message_id}/label",
                data={"intent": "request_human", "csrf_token": token})

    not_an_intent = client.post(f"/staff/misunderstood/{demo.fallback_message_id}/label",
                                data={"intent": "made_up", "csrf_token": token}, follow_redirects=True)
    assert "“made_up” is not an intent of the assistant" in page_text(not_an_intent)
    redacted = client.post(f"/staff/misunderstood/{demo.redacted_message_id}/label",
                           data={"intent": "inform", "csrf_token": token}, follow_redirects=True)
    assert "contains redacted parts" in page_text(redacted)
    empty = client.post(f"/staff/misunderstood/{demo.redacted_message_id}/label",
                        data={"intent": "", "csrf_token": token}, follow_redirects=True)
    assert "Choose the intent the member meant" in page_text(empty)

    with session_factory() as session:
        message = session.get(TranscriptMessage, demo.fallback_message_id)
        assert message.label_intent == "ask_what_is_this" and message.labelled_by is not None
        assert session.get(TranscriptMessage, demo.redacted_message_id).label_intent is None

    labelled = client.get("/staff/misunderstood?status=labelled")
    assert len(re.findall(r'<li class="card"', labelled.get_data(as_text=True))) == 2
    unlabelled = client.get("/staff/misunderstood")
    assert re.findall(r'<li class="card" id="message-(\d+)"', unlabelled.get_data(as_text=True)) == [
        str(demo.redacted_message_id)
    ]

    export = client.get("/staff/misunderstood/export.yml")
    assert export.status_code == 200
    assert export.headers["Content-Disposition"] == 'attachment; filename="nlu-labelled.yml"'
    body = export.get_data(as_text=True)
    assert body.startswith('version: "3.1"\nnlu:\n')
    assert "examples: |\n    - wat does that mean\n" in body
    document = yaml.safe_load(body)
    assert document == {
        "version": "3.1",
        "nlu": [
            {"intent": "ask_what_is_this", "examples": "- wat does that mean\n"},
            {"intent": "request_human", "examples": "- can i talk to someone real\n"},
        ],
    }
    assert "[redacted]" not in body
    with session_factory() as session:
        assert session.scalar(select(func.count()).where(AuditEntry.action == "export_nlu")) == 1

    removed = client.post(f"/staff/misunderstood/{demo.low_confidence_message_id}/label",
                          data={"action": "remove", "csrf_token": token}, follow_redirects=True)
    assert "Label removed" in page_text(removed)
    assert [i["intent"] for i in yaml.safe_load(client.get("/staff/misunderstood/export.yml").data)["nlu"]] == [
        "ask_what_is_this"
    ]


def test_label_form_takes_a_typed_intent_while_the_domain_has_none(client, demo, app, tmp_path):
    app.config["STAFF_DOMAIN_PATH"] = tmp_path / "missing-domain.yml"
    sign_in(client)
    listing = client.get("/staff/misunderstood")
    html = listing.get_data(as_text=True)
    assert "lists no intents yet, so type the intent name" in page_text(listing)
    assert f'<input type="text" id="intent-{demo.fallback_message_id}" name="intent"' in html
    token = csrf_token(html)
    ok = client.post(f"/staff/misunderstood/{demo.fallback_message_id}/label",
                     data={"intent": "ask_meaning", "csrf_token": token}, follow_redirects=True)
    assert "labelled “ask_meaning”" in page_text(ok)
    bad = client.post(f"/staff/misunderstood/{demo.fallback_message_id}/label",
                      data={"intent": "two words", "csrf_token": token}, follow_redirects=True)
    assert "letters, digits and underscores" in page_text(bad)


def test_export_escapes_nothing_it_should_not_and_skips_annotations(session_factory):
    from tests.support.staff_seed import add_conversation, member

    now = utcnow()
    with transaction(session_factory) as session:
        staff_data.create_staff(session, AGENT_EMAIL, PASSWORD)
        conversation = add_conversation(session, started_at=now, messages=[
            member("  what's   this: \"thing\" #1?  ", "nlu_fallback", 0.2, fallback=True),
            member("café ÑOÑO — ok", "nlu_fallback", 0.2, fallback=True),
            member("[link](url) trick", "nlu_fallback", 0.2, fallback=True),
            member("call ***-***-1234", "nlu_fallback", 0.2, fallback=True),
            member("what's this: \"thing\" #1?", "nlu_fallback", 0.2, fallback=True),
        ])
        ids = [m.id for m in conversation.messages]
        staff_id = session.scalar(select(StaffUser.id))
        for ident in ids[:2] + ids[4:]:
            staff_data.label_message(session, ident, "ask", staff_id=staff_id, allowed_intents=[], now=now)
        for ident in ids[2:4]:
            with pytest.raises(staff_data.StaffError):
                staff_data.label_message(session, ident, "ask", staff_id=staff_id, allowed_intents=[], now=now)
    with session_factory() as session:
        document = yaml.safe_load(staff_data.export_nlu_yaml(session))
    assert document["nlu"] == [{"intent": "ask", "examples": "- what's this: \"thing\" #1?\n- café ÑOÑO — ok\n"}]


# --- pagination at 100,000 conversations -----------------------------------------------------------


def test_pagination_reads_an_index_at_100000_conversations(client, demo, session_factory):
    now = utcnow()
    with transaction(session_factory) as session:
        bulk_conversations(session, 100_000, now - timedelta(minutes=10))
    with session_factory() as session:
        session.execute(text("ANALYZE"))
        session.commit()
        # Page 1,001 of 50, newest first: about 50,000 conversations (thousands per outcome) lie
        # beyond it, so only reading the index in order can be cheap (a handful of rows near the
        # oldest end would rightly be fetched and sorted instead).
        deep = session.execute(
            select(Conversation.last_active_at, Conversation.id)
            .order_by(Conversation.last_active_at.desc(), Conversation.id.desc()).limit(1).offset(50_000)
        ).one()
        cursor = staff_data.Cursor(deep.last_active_at, deep.id)
        cases = {
            "first page": (staff_data.ConversationFilters(), None, ("ix_conversations_last_active",)),
            "deep page": (staff_data.ConversationFilters(), cursor, ("ix_conversations_last_active",)),
            # One outcome in eight: reading either index in order finds a page at once; which
            # one is the planner's estimate to make.
            "deep page, one outcome": (
                staff_data.ConversationFilters(outcome="locked_out"), cursor,
                ("ix_conversations_outcome_last_active", "ix_conversations_last_active"),
            ),
            "account number": (
                staff_data.ConversationFilters(account_number="100099000"), None, ("ix_conversations_account_number",)
            ),
        }
        for name, (filters, after, indexes) in cases.items():
            plan = query_plan(session, staff_data.conversations_query(filters, now=now, after=after))
            assert any(index in plan for index in indexes), f"{name}: {plan}"
            assert "Seq Scan" not in plan and not re.search(r"^SCAN conversations$", plan, re.M), f"{name}: {plan}"
            if name != "account number":  # one member's handful of rows may be sorted; a page may not
                assert "Sort" not in plan and "TEMP B-TREE" not in plan, f"{name}: {plan}"
            if after is not None:  # keyset: the page starts at the cursor in the index, nothing skipped
                assert re.search(r"last_active_at\s*<", plan) and "OFFSET" not in plan.upper(), f"{name}: {plan}"

    # And the page itself: the deep page shows the 50 conversations after the cursor.
    sign_in(client)
    response = client.get("/staff/conversations", query_string={"after": cursor.encode()})
    rows = table_rows(response)
    assert len(rows) == 50 and str(cursor.id) not in rows
    assert int(rows[0]) != cursor.id and re.search(r'<a rel="next"', response.get_data(as_text=True))
    found = client.get("/staff/conversations?account=100099000")
    assert len(table_rows(found)) == 1


# --- coopbot staff ---------------------------------------------------------------------------------------


@pytest.fixture
def cli_env(settings, monkeypatch):
    monkeypatch.setenv("COOPBOT_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("COOPBOT_SECRET_KEY", "test-secret-key")
    return settings


def test_cli_creates_and_lists_staff_accounts(cli_env, session_factory, client):
    runner = CliRunner()
    created = runner.invoke(cli, ["staff", "create", "Boss@Coop.Example", "--role", "admin"],
                            input="a long enough password\n")
    assert created.exit_code == 0, created.output
    assert "Created admin account boss@coop.example." in created.output
    assert "a long enough password" not in created.output
    with session_factory() as session:
        user = session.scalar(select(StaffUser).where(StaffUser.email == "boss@coop.example"))
        assert user.role == "admin" and user.password_hash.startswith("$argon2id$")
        assert verify_password(user.password_hash, "a long enough password")

    agent = runner.invoke(cli, ["staff", "create", "helper@coop.example"], input="another good password\n")
    assert agent.exit_code == 0 and "Created agent account helper@coop.example." in agent.output

    listing = runner.invoke(cli, ["staff", "list"])
    assert listing.exit_code == 0
    lines = listing.output.splitlines()
    assert lines[0].split()[:2] == ["EMAIL", "ROLE"]
    assert lines[1].split()[:3] == ["boss@coop.example", "admin", "never"]
    assert lines[2].split()[:2] == ["helper@coop.example", "agent"]

    signed_in = sign_in(client, "boss@coop.example", "a long enough password")
    assert "boss@coop.example (admin)" in page_text(signed_in)


def test_cli_refuses_bad_input_and_creates_nothing(cli_env, session_factory):
    runner = CliRunner()
    short = runner.invoke(cli, ["staff", "create", "a@coop.example"], input="short pw\n")
    assert short.exit_code != 0 and "at least 12 characters" in short.output
    empty = runner.invoke(cli, ["staff", "create", "a@coop.example"], input="")
    assert empty.exit_code != 0 and "No password on standard input" in empty.output
    bad_email = runner.invoke(cli, ["staff", "create", "not-an-address"], input="a long enough password\n")
    assert bad_email.exit_code != 0 and "not a valid e-mail address" in bad_email.output
    role = runner.invoke(cli, ["staff", "create", "a@coop.example", "--role", "boss"], input="a long enough password\n")
    assert role.exit_code != 0
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(StaffUser)) == 0

    assert runner.invoke(cli, ["staff", "create", "a@coop.example"], input="a long enough password\n").exit_code == 0
    again = runner.invoke(cli, ["staff", "create", "A@coop.example"], input="a long enough password\n")
    assert again.exit_code != 0 and "already exists" in again.output
    assert "No staff accounts" not in runner.invoke(cli, ["staff", "list"]).output


def test_transcript_shows_the_member_s_language(client, demo, session_factory):
    from backend.notify import conversation_language

    sign_in(client)
    page = page_text(client.get(f"/staff/conversations/{demo.registered_sms.id}"))
    assert "Language English (default)" in page
    with transaction(session_factory) as session:
        conversation_language.remember(session, "sms", demo.registered_sms.sender_key, "es", explicit=False,
                                       now=utcnow())
    page = page_text(client.get(f"/staff/conversations/{demo.registered_sms.id}"))
    assert "Language Spanish" in page
