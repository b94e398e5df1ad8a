"""Calls to the registration API as its clients make them: the key, and the steps before a registration.

``api`` is the fixture of tests/backend/test_api.py: ``api(method, path, json)``
returns the status and the JSON body.
"""

from __future__ import annotations

from tests.support.backend_helpers import GARZA

TEST_API_KEY = "test-api-key-0123456789"
HEADERS = {"X-Coopbot-Api-Key": TEST_API_KEY}


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
