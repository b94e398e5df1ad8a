"""The shared secret each hop between coopbot's own processes presents.

Rasa's REST channel and the rasa-sdk action server listen on loopback, but
loopback is not a trust boundary: any process of the host can connect. A
caller that reached either one could speak as any conversation (a sender id is
only a pseudonym, and pseudonyms show in logs and in Redis keys). So every
hop carries a secret of ``var/`` (or of the environment) in one header:

- the web app -> Rasa's REST channel (``bot/channel.py``): the Rasa token;
- Rasa -> the action server (``actions/serve.py``): the action-server token,
  which ``coopbot exec`` derives from the Rasa token (``backend.core.keys``)
  and hands to Rasa and to the action server only.

A header, not a query parameter: query strings end up in access logs.
Standard library only: Rasa's Python imports it too.
"""

from __future__ import annotations

import hmac
from typing import Optional

# The header each caller sets; its value is the hop's secret itself.
HEADER = "X-Coopbot-Token"


def presented(expected: Optional[str], given: Optional[str]) -> bool:
    """Whether ``given`` is the secret ``expected``, compared in constant time.

    No secret configured refuses everything: a process started without its
    secret must not fall back to answering anyone.
    """
    if not expected or not given:
        return False
    return hmac.compare_digest(given.encode("utf-8", "surrogatepass"), expected.encode("utf-8", "surrogatepass"))
