"""Attacker round atk5: fifty wrong passwords for one address sent at once.

The sign-in throttle read a typed address's failures, checked the password, then recorded the
failure, with nothing ordering two attempts: on PostgreSQL fifty sent at once were some thirty
checked where three are free, and again every minute (the address's own cap), some thirty guesses a
minute at one account. The attempts on one typed name are now counted one after the other."""

from __future__ import annotations

import threading

from tests.support.member_rows import EMAIL, login_with_two, sign_in


def test_fifty_wrong_passwords_at_once_check_only_the_free_ones(no_csrf, app, session_factory, settings):
    login_with_two(session_factory, settings)
    barrier = threading.Barrier(50)
    answers = []

    def guess(n):
        client = app.test_client()
        barrier.wait()
        answers.append(sign_in(client, EMAIL, f"guess number {n}").status_code)

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(answers) == 50 and set(answers) <= {401, 429}
    assert answers.count(401) <= 4  # the free failures of the address and client, and the one after
