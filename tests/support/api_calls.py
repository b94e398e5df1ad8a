"""Calls to the registration API as its clients make them: the key, and the steps before a registration.

``api`` is the fixture of tests/backend/test_api.py, or what :func:`api_of` returns:
``api(method, path, json)`` returns the status and the JSON body.
"""

from __future__ import annotations

from tests.support.backend_helpers import GARZA, load_members

TEST_API_KEY = "test-api-key-0123456789"
HEADERS = {"X-Coopbot-Api-Key": TEST_API_KEY}


def api_of(make_app, settings, session_factory, *members: dict):
    """The registration API of an app made with ``settings``, after importing ``members``."""
    load_members(session_factory, settings, *members)
    client = make_app(settings, api=True, testing=True).test_client()

    def call(method, path, json):
        with client.open(f"/api{path}", method=method, json=json, headers=HEADERS) as response:
            return response.status_code, response.get_json()

    return call


def proven_in(api, conversation, member=GARZA, **language) -> dict:
    """Account, ZIP and security answer, each call with the conversation's ``language`` field if one is
    given (the API keeps it for the mails and texts); returns the ZIP step's answer."""
    assert api("POST", "/identity/account", {"conversation_id": conversation, "account_number": member["account"],
                                             "name": member["name"], **language})[1]["result"] == "match"
    _, proven = api("POST", "/identity/verify", {"conversation_id": conversation, "zip": member["zip"], **language})
    assert api("PUT", "/security-answer", {"conversation_id": conversation, "question": 2, "answer": "Fluffy",
                                           **language})[1] == {"result": "stored"}
    return proven


def verify(api, conversation="c1", member=GARZA, **secret):
    status, body = api("POST", "/identity/account", {"conversation_id": conversation,
                                                     "account_number": member["account"], "name": member["name"]})
    assert (status, body["result"]) == (200, "match")
    secret = secret or {"zip": member["zip"]}
    status, body = api("POST", "/identity/verify", {"conversation_id": conversation, **secret})
    assert (status, body["result"]) == (200, "verified")
    return body


def register(api, conversation="c1", email="maria@example.com", answer="Fluffy"):
    assert api("PUT", "/security-answer", {"conversation_id": conversation, "question": 2, "answer": answer}) == (
        200, {"result": "stored"})
    return api("POST", "/registrations", {"conversation_id": conversation, "email": email, "terms_accepted": True})
