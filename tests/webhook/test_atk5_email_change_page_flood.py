"""Attacker round atk5: the account page's "Change e-mail address" as a mail cannon.

Someone signed in to a login of their own (their own account) typed a stranger's address and their
own password again and again: each press mailed that address (a confirmation link, or a notice that
someone asked to use it when it has a login), without any bound, 20 presses 20 mails. Now the same
address asked again within 10 minutes sends nothing (the link mailed then stands, and the page says
the same), and over the login's or the address's mails of the day the page says that nothing went."""

from __future__ import annotations

from backend.accounts import link_mails
from tests.support.backend_helpers import outbox_mails
from tests.support.member_rows import NEIGHBOUR_EMAIL as MEMBER_EMAIL
from tests.support.member_rows import PASSWORD, add_neighbour, login_with_two, sign_in, text_of


def _ask(client, new):
    return client.post("/account/email", data={"email": new, "password": PASSWORD}, follow_redirects=True)


def _signed_in(client, session_factory, settings):
    login_with_two(session_factory, settings)
    add_neighbour(session_factory)  # the member's own login at MEMBER_EMAIL
    assert sign_in(client).status_code == 303


def test_twenty_presses_for_the_member_s_address_mail_it_once(no_csrf, client, session_factory, settings):
    _signed_in(client, session_factory, settings)
    pages = [_ask(client, MEMBER_EMAIL) for _ in range(20)]
    assert {page.status_code for page in pages} == {200}
    assert all(f"We mailed a link to {MEMBER_EMAIL}" in text_of(page) for page in pages)
    assert len([m for m in outbox_mails(settings.outbox_dir) if m["To"] == MEMBER_EMAIL]) == 1


def test_the_page_says_plainly_when_the_day_s_links_are_spent(no_csrf, client, session_factory, settings):
    _signed_in(client, session_factory, settings)
    pages = [_ask(client, f"box{turn}@example.org") for turn in range(link_mails.DAILY_LINK_MAILS + 2)]
    said = [text_of(page) for page in pages]
    assert all("We mailed a link" in text for text in said[: link_mails.DAILY_LINK_MAILS])
    for turn, text in enumerate(said[link_mails.DAILY_LINK_MAILS :], start=link_mails.DAILY_LINK_MAILS):
        assert f"No more links go to box{turn}@example.org today, so we did not send one." in text
        assert "We mailed a link" not in text
    sent = {m["To"] for m in outbox_mails(settings.outbox_dir)}
    assert len(sent & {f"box{turn}@example.org" for turn in range(20)}) == link_mails.DAILY_LINK_MAILS
