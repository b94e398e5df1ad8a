"""Attacker round atk5: the sign-in throttle behind a reverse proxy, and over IPv6.

The throttle counted failed sign-ins per typed address *and client* (3 free, then up to 15 minutes),
per address alone (10 free, at most a minute) and per client, but took the client from the TCP
peer, ignoring ``COOPBOT_TRUSTED_PROXIES``. Behind the proxy every member is the proxy: a stranger's
four wrong passwords with the member's address, from anywhere, made the member's own right password
wait, and kept making it wait up to 15 minutes, far past the minute the address-alone rule allows. And
counted per IPv6 address, a client rotating addresses in its own /64 started afresh each time. The
client is now the network the proxies saw, counted as the chat counts it (IPv6 by its /64)."""

from __future__ import annotations

import pytest

from tests.support.member_rows import EMAIL, PASSWORD, login_with_two, text_of

PROXY = "10.0.0.5"


def _client(make_app, settings, trusted_proxies):
    app = make_app(settings.database_url, trusted_proxies=trusted_proxies, outbox_dir=settings.outbox_dir)
    app.config["WTF_CSRF_ENABLED"] = False
    return app.test_client()


@pytest.fixture
def proxied(make_app, settings, session_factory):
    """The web app behind one proxy (``COOPBOT_TRUSTED_PROXIES=1``), CSRF off; Jane's active login."""
    login_with_two(session_factory, settings)
    return _client(make_app, settings, 1)


@pytest.fixture
def direct(make_app, settings, session_factory):
    """The web app with no proxy in front (the TCP peer is the client), CSRF off; Jane's active login."""
    login_with_two(session_factory, settings)
    return _client(make_app, settings, 0)


def _sign_in(client, client_address, password):
    return client.post(
        "/login",
        data={"email": EMAIL, "password": password},
        headers={"X-Forwarded-For": client_address},
        environ_base={"REMOTE_ADDR": PROXY},
    )


def _sign_in_from(client, peer, password):
    return client.post("/login", data={"email": EMAIL, "password": password}, environ_base={"REMOTE_ADDR": peer})


def test_a_stranger_s_wrong_passwords_elsewhere_do_not_make_the_member_wait(proxied):
    assert [_sign_in(proxied, "203.0.113.7", f"guess {n}").status_code for n in range(4)] == [401] * 4
    own = _sign_in(proxied, "198.51.100.20", PASSWORD)
    assert own.status_code == 303, text_of(own)


def test_a_client_rotating_addresses_in_its_ipv6_network_is_one_client(direct):
    tried = [_sign_in_from(direct, f"2001:db8:5:7::{n + 1}", f"guess {n}").status_code for n in range(4)]
    assert tried == [401] * 4
    fifth = _sign_in_from(direct, "2001:db8:5:7::99", "guess 5")
    assert fifth.status_code == 429 and "Too many tries" in text_of(fifth)
