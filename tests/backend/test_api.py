"""The registration API app (its own process) through the Flask test client, on SQLite and PostgreSQL."""

from __future__ import annotations

import logging
import re

import pytest
import yaml
from sqlalchemy import select, text

from backend.accounts import online_access as accounts
from backend.core.config import PROJECT_ROOT
from backend.storage.models import Base, Registration
from tests.support.backend_helpers import GARZA, GARZA_RANCH, load_members, outbox_mails, parts
from tests.support.api_calls import HEADERS, register, verify

LINK = re.compile(r"/activate/([A-Za-z0-9_-]{40,})")


@pytest.fixture
def app(make_app, settings):
    """The API's own app (``backend.api.app``), not the public web app."""
    return make_app(settings, api=True, testing=True)


@pytest.fixture
def api(client, session_factory, settings):
    load_members(session_factory, settings, GARZA, GARZA_RANCH)

    def call(method, path, json=None, headers=HEADERS):
        # Closed like a WSGI server closes a sent answer (mail goes out only then).
        with client.open(f"/api{path}", method=method, json=json, headers=headers) as response:
            return response.status_code, response.get_json()

    return call


@pytest.mark.parametrize("headers", [{}, {"X-Coopbot-Api-Key": "wrong"}, {"X-Coopbot-Api-Key": ""}])
def test_every_endpoint_needs_the_api_key(api, headers):
    for method, path in [("GET", "/config"), ("POST", "/identity/account"), ("POST", "/registrations"),
                         ("POST", "/conversations/c1/reset")]:
        status, body = api(method, path, {"conversation_id": "c1"}, headers=headers)
        assert status == 401 and body["error"] == "unauthorized"


def test_paths_match_the_openapi_file(app):
    spec = yaml.safe_load((PROJECT_ROOT / "backend" / "api" / "openapi.yaml").read_text())
    documented = {(method.upper(), "/api" + re.sub(r"\{(\w+)\}", r"<\1>", path))
                  for path, operations in spec["paths"].items() for method in operations}
    served = {(method, rule.rule) for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/")
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert served == documented


def test_config(api, settings):
    status, body = api("GET", "/config")
    assert status == 200
    assert body["coop_name"] == settings.coop_name
    assert body["terms_url"] == "http://coopbot.test/terms"
    assert body["login_url"] == "http://coopbot.test/login"
    assert body["security_questions"][1] == "What is your pet's name?"


def test_registration_through_the_api_mails_a_working_link(api, settings, session_factory):
    body = verify(api)
    assert body == {"result": "verified", "attempts_left": 3, "registration_status": "none",
                    "possession": "no_phone_on_file"}
    status, body = register(api)
    assert (status, body) == (200, {"result": "created", "email_masked": "m***@e***.com"})
    [message] = outbox_mails(settings.outbox_dir)  # delivered once the answer was sent
    token = LINK.search(parts(message)[0]).group(1)
    with session_factory() as session:
        assert accounts.activate(session, token, "a long enough passphrase", settings).state == accounts.ACTIVATED
        session.commit()
    # A retried request gets the same answer and sends nothing more.
    assert api("POST", "/registrations", {"conversation_id": "c1", "email": "maria@example.com",
                                          "terms_accepted": True})[1]["result"] == "created"
    assert len(outbox_mails(settings.outbox_dir)) == 1
    # Another conversation proving the same account learns it is registered (masked address).
    assert verify(api, "c2")["registration_status"] == "active"
    assert verify(api, "c3")["email_masked"] == "m***@e***.com"


def test_the_answer_does_not_wait_for_the_activation_mail(api, client, settings):
    verify(api)
    assert api("PUT", "/security-answer", {"conversation_id": "c1", "question": 1, "answer": "Fluffy"})[1] == \
        {"result": "stored"}
    response = client.post("/api/registrations", headers=HEADERS,
                           json={"conversation_id": "c1", "email": "maria@example.com", "terms_accepted": True})
    assert response.get_json()["result"] == "created"
    assert outbox_mails(settings.outbox_dir) == []  # the answer is complete, no mail yet
    response.close()  # the server has sent the answer
    assert len(outbox_mails(settings.outbox_dir)) == 1


def test_step_one_answers_alike_for_unknown_account_and_wrong_name_then_locks(api):
    unknown = api("POST", "/identity/account", {"conversation_id": "c1", "account_number": "1999999999",
                                                "name": "Garza"})
    wrong = api("POST", "/identity/account", {"conversation_id": "c2", "account_number": GARZA["account"],
                                              "name": "Garcia"})
    assert unknown == wrong == (200, {"result": "no_match", "attempts_left": 2})
    # The same guess sent again (a resent message) counts once, alike for both.
    assert api("POST", "/identity/account", {"conversation_id": "c1", "account_number": "1999999999",
                                             "name": "Garza"}) == unknown
    assert api("POST", "/identity/account", {"conversation_id": "c2", "account_number": GARZA["account"],
                                             "name": "Garcia"}) == wrong
    for name in ("Garcia", "Gomez"):
        status, body = api("POST", "/identity/account", {"conversation_id": "c1", "account_number": "1999999999",
                                                         "name": name})
    assert status == 200 and body["result"] == "locked" and body["locked_until"]


def test_tolerant_name_and_last_four(api):
    status, body = api("POST", "/identity/account", {"conversation_id": "c1", "account_number": "20456789",
                                                     "name": "garza ranch"})
    assert body["result"] == "match"
    assert "name_on_file" not in body  # "LLC" was not typed: the file's words are not given back
    assert api("POST", "/identity/verify", {"conversation_id": "c1", "tax_id_last4": "0000"})[1] == {
        "result": "mismatch", "attempts_left": 2}
    assert api("POST", "/identity/verify", {"conversation_id": "c1", "tax_id_last4": "7788"})[1]["result"] == "verified"


@pytest.mark.parametrize("typed, on_file", [("garza ranch llc", "Garza Ranch LLC"), ("GARZA", "Garza"),
                                            ("  garza  ranch LLC ", "Garza Ranch LLC"),
                                            # given names before it: only the name on file
                                            ("Maria Garza", "Garza")])
def test_a_match_gives_back_the_file_s_spelling_of_the_name_typed(api, typed, on_file):
    account = GARZA_RANCH["account"] if "ranch" in typed.lower() else GARZA["account"]
    status, body = api("POST", "/identity/account", {"conversation_id": "c1", "account_number": account,
                                                     "name": typed})
    assert (status, body["result"], body["name_on_file"]) == (200, "match", on_file)


@pytest.mark.parametrize("typed, account", [("garza ranch", "20456789"),
                                            ("the garza ranch llc", "20456789"), ("Garza Ranch, L.L.C.", "20456789")])
def test_a_match_forgiving_more_than_case_and_accents_gives_no_name_back(api, typed, account):
    status, body = api("POST", "/identity/account", {"conversation_id": "c1", "account_number": account,
                                                     "name": typed})
    assert body["result"] == "match" and "name_on_file" not in body


def test_no_match_gives_no_name_back(api):
    status, body = api("POST", "/identity/account", {"conversation_id": "c1", "account_number": GARZA["account"],
                                                     "name": "Garcia"})
    assert body == {"result": "no_match", "attempts_left": 2}


@pytest.mark.parametrize("method, path, payload, error", [
    ("POST", "/identity/account", None, "invalid_json"),
    ("POST", "/identity/account", ["c1"], "invalid_json"),
    ("POST", "/identity/account", {"account_number": "1001234567", "name": "Garza"}, "missing_field"),
    ("POST", "/identity/account", {"conversation_id": "c1", "account_number": "12345", "name": "Garza"},
     "invalid_account_number"),
    ("POST", "/identity/account", {"conversation_id": "c1", "account_number": "1001234567", "name": ""},
     "missing_field"),
    ("POST", "/identity/account", {"conversation_id": "x" * 65, "account_number": "1001234567", "name": "G"},
     "invalid_field"),
    ("PUT", "/security-answer", {"conversation_id": "c1", "question": 7, "answer": "Rex"}, "invalid_question"),
    ("PUT", "/security-answer", {"conversation_id": "c1", "question": 1, "answer": "x" * 101}, "invalid_field"),
    ("POST", "/registrations", {"conversation_id": "c1", "email": "a@example.com"}, "missing_field"),
    ("POST", "/registrations", {"conversation_id": "c1", "email": "a@example.com", "terms_accepted": False},
     "terms_not_accepted"),
    ("POST", "/registrations", {"conversation_id": "c1", "email": "not an address", "terms_accepted": True},
     "invalid_email"),
])
def test_malformed_requests_get_400(api, method, path, payload, error):
    status, body = api(method, path, payload)
    assert status == 400 and body["error"] == error and body["detail"]


@pytest.mark.parametrize("method, path", [
    ("POST", "/identity/account"), ("POST", "/identity/verify"), ("POST", "/identity/code"),
    ("POST", "/identity/code/verify"), ("PUT", "/security-answer"), ("POST", "/security-answer/mentions"),
    ("POST", "/registrations"), ("POST", "/registrations/resend"), ("POST", "/password-reset"),
    ("POST", "/unsubscribe"), ("POST", "/email-change"), ("POST", "/handoffs"),
])
@pytest.mark.parametrize("conversation, error", [(None, "missing_field"), (" ", "invalid_field"),
                                                 ("x" * 65, "invalid_field")], ids=["missing", "blank", "too-long"])
def test_every_call_about_a_conversation_checks_its_id_alike(api, method, path, conversation, error):
    payload = {} if conversation is None else {"conversation_id": conversation}
    status, body = api(method, path, payload)
    assert status == 400 and body["error"] == error and "conversation_id" in body["detail"]


def test_bad_zip_is_400_and_costs_no_attempt(api):
    api("POST", "/identity/account", {"conversation_id": "c1", "account_number": GARZA["account"], "name": "Garza"})
    status, body = api("POST", "/identity/verify", {"conversation_id": "c1", "zip": "786"})
    assert (status, body["error"]) == (400, "invalid_zip")
    assert api("POST", "/identity/verify", {"conversation_id": "c1", "zip": "78620"})[1]["attempts_left"] == 3


def test_steps_out_of_order_get_409(api):
    assert api("POST", "/identity/verify", {"conversation_id": "c1", "zip": "78620"}) == (
        409, {"error": "not_verified", "result": "not_verified", "detail": "check the account number and name first"})
    for path in ("/password-reset", "/unsubscribe"):
        status, body = api("POST", path, {"conversation_id": "c1"})
        assert (status, body["result"]) == (409, "not_verified")
    status, body = api("POST", "/registrations", {"conversation_id": "c1", "email": "a@example.com",
                                                  "terms_accepted": True})
    assert (status, body["result"]) == (409, "not_verified")
    verify(api)
    status, body = api("POST", "/registrations", {"conversation_id": "c1", "email": "a@example.com",
                                                  "terms_accepted": True})
    assert (status, body["error"]) == (409, "security_answer_required")


def test_resend_reset_unsubscribe_and_register_again(api, settings, session_factory):
    assert api("POST", "/registrations/resend", {"conversation_id": "c1"}) == (200, {"result": "not_registered"})
    verify(api)
    assert api("POST", "/password-reset", {"conversation_id": "c1"}) == (200, {"result": "not_registered"})
    register(api)
    assert api("POST", "/registrations/resend", {"conversation_id": "c1"}) == (
        200, {"result": "sent", "email_masked": "m***@e***.com"})
    assert api("POST", "/registrations/resend", {"conversation_id": "c1"})[1]["result"] == "already_resent"
    assert len(outbox_mails(settings.outbox_dir)) == 2
    status, body = api("POST", "/unsubscribe", {"conversation_id": "c1"})
    assert (status, body["result"]) == (200, "confirmation_sent")
    mail = outbox_mails(settings.outbox_dir)[-1]
    assert "Confirm deleting" in mail["Subject"] and mail["To"] == "maria@example.com"
    token = re.search(r"/delete/([A-Za-z0-9_-]{40,})", parts(mail)[0]).group(1)
    with session_factory() as session:
        assert accounts.delete_by_link(session, token).state == accounts.VALID
        session.commit()
    assert api("POST", "/unsubscribe", {"conversation_id": "c1"})[1]["result"] == "not_registered"
    # Registering again works: same conversation, same address.
    assert register(api)[1]["result"] == "created"
    with session_factory() as session:
        statuses = [r.status for r in session.scalars(select(Registration).order_by(Registration.id))]
    assert statuses == ["unsubscribed", "pending"]
    assert api("POST", "/password-reset", {"conversation_id": "c1"})[1]["result"] == "sent"


def test_email_in_use_and_already_registered(api):
    verify(api, "c1")
    register(api, "c1", email="shared@example.com")
    verify(api, "c2", member=GARZA_RANCH)
    # An address another login uses is answered like a new one (its owner is mailed instead).
    assert register(api, "c2", email="shared@example.com") == (
        200, {"result": "created", "email_masked": "s***@e***.com"})
    verify(api, "c3")
    # Still pending, and its activation link went out moments ago: nothing new is mailed, and the answer says so.
    assert register(api, "c3", email="other@example.com") == (
        200, {"result": "already_registered", "email_masked": "s***@e***.com", "link": "none"})


def test_conversation_reset_forgets_the_proof(api):
    verify(api)
    assert api("POST", "/conversations/c1/reset") == (200, {"result": "reset"})
    assert api("POST", "/unsubscribe", {"conversation_id": "c1"})[0] == 409


def _database_text(session_factory) -> str:
    """Every value of every row of every table (the members' own records included)."""
    chunks = []
    with session_factory() as session:
        for table in Base.metadata.sorted_tables:
            for row in session.execute(text(f'SELECT * FROM "{table.name}"')).mappings():
                chunks.extend(f"{table.name}.{key}={value}" for key, value in row.items())
    return "\n".join(chunks)


def test_no_secret_in_clear_in_the_database_or_logs(api, settings, session_factory, caplog):
    caplog.set_level(logging.DEBUG)
    answer = "Saint Bartholomew Academy"
    verify(api, tax_id_last4="4321")
    verify(api, "c2", zip=GARZA["zip"])  # the other answer a member may give
    status, body = register(api, answer=answer)
    assert body["result"] == "created"
    token = LINK.search(parts(outbox_mails(settings.outbox_dir)[0])[0]).group(1)
    with session_factory() as session:
        accounts.activate(session, token, "a long enough passphrase", settings)
        session.commit()

    stored = _database_text(session_factory)
    assert "maria@example.com" in stored and "Garza Ranch LLC" in stored  # the scan sees the data
    isolated = r"(?<![A-Za-z0-9+/]){}(?![A-Za-z0-9+/])"
    assert not re.search(isolated.format("4321"), stored)
    for zip_code in ("78620", "78606"):  # the ZIP answer given, and the ZIP of a member never verified
        assert not re.search(isolated.format(zip_code), stored)
    assert not re.search(isolated.format("7788"), stored)
    assert answer.lower() not in stored.lower() and "bartholomew" not in stored.lower()
    assert token not in stored
    assert "a long enough passphrase" not in stored
    logged = caplog.text
    for secret in ("4321", "78620", "Bartholomew", token, "passphrase"):
        assert secret not in logged


def test_the_public_web_app_does_not_serve_the_api(make_app, settings, session_factory):
    """The identity API is a loopback process of its own: the public app has no /api at all."""
    load_members(session_factory, settings, GARZA)
    public = make_app(settings)
    client = public.test_client()
    for method, path in [("GET", "/api/config"), ("POST", "/api/identity/account"),
                         ("POST", "/api/registrations")]:
        response = client.open(path, method=method, headers=HEADERS,
                               json={"conversation_id": "c1", "account_number": GARZA["account"],
                                     "name": GARZA["name"]})
        assert response.status_code == 404, path
    assert not [rule.rule for rule in public.url_map.iter_rules() if rule.rule.startswith("/api")]


def test_api_process_health_needs_no_key_and_says_nothing_else(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_api_process_health_is_503_without_its_database(make_app, tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'missing' / 'no.db'}", api=True)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "down", "database": "down"}


def test_a_number_that_may_be_an_ssn_is_checked_by_its_reference_and_kept_nowhere(api, session_factory, settings):
    from tests.support.backend_helpers import MULLER

    load_members(session_factory, settings, MULLER)
    refs = {}
    for number in (MULLER["account"], "731552094"):
        status, body = api("POST", "/identity/account/reference", {"account_number": number})
        assert status == 200 and set(body) == {"account_ref"}
        refs[number] = body["account_ref"]
    # The same shape whether the number is on an account; the last two digits only.
    assert [re.sub(r"[0-9a-f]", "x", ref[7:]) for ref in refs.values()] == ["x" * 32] * 2
    assert refs[MULLER["account"]].startswith("ref:18:") and refs["731552094"].startswith("ref:94:")
    assert api("POST", "/identity/account/reference", {"account_number": MULLER["account"]})[1]["account_ref"] \
        == refs[MULLER["account"]]

    status, body = api("POST", "/identity/account", {"conversation_id": "m1", "account_ref": refs[MULLER["account"]],
                                                     "name": "Muller"})
    assert status == 200 and body["result"] == "match"
    unknown = api("POST", "/identity/account", {"conversation_id": "m2", "account_ref": refs["731552094"],
                                                "name": "Muller"})
    wrong_name = api("POST", "/identity/account", {"conversation_id": "m3", "account_ref": refs[MULLER["account"]],
                                                   "name": "Garza"})
    assert unknown == wrong_name == (200, {"result": "no_match", "attempts_left": 2})
    status, body = api("POST", "/identity/account", {"conversation_id": "m4", "account_ref": "731552094",
                                                     "name": "Muller"})
    assert status == 400

    with session_factory() as session:
        stored = " ".join(str(value) for table in Base.metadata.sorted_tables
                          for row in session.execute(select(table)) for value in row)
    assert "731552094" not in stored


def test_email_change_needs_a_proven_account_with_a_login(api):
    status, body = api("POST", "/email-change", {"conversation_id": "c9", "email": "new@example.org"})
    assert status == 409 and body["result"] == "not_verified"
    verify(api, "c9")
    assert api("POST", "/email-change", {"conversation_id": "c9", "email": "not an address"})[0] == 400
    assert api("POST", "/email-change", {"conversation_id": "c9", "email": "new@example.org", "language": "es"}) == (
        200, {"result": "not_registered"})
