"""What a member who has just registered asks next, answered as such whatever the model read.

"how long until I can log in?", "¿cuándo puedo entrar?" once the sign-up is done is no request for a
password reset (the model often reads it as one): the new login opens as soon as the member opens
the activation link in their mail and sets a password there, and that is what they hear. A member
who asks for a reset in words ("I forgot my password") still gets the reset flow. Likewise "how long
is the link good for?", "¿cuánto dura el enlace?" (often read as a mail not received) is no request to
send the link again: how long it works is said, nothing is resent ("send the link again" still is).
"""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import messages
from actions.answers import asks_when_to_sign_in
from actions.sign_up_facts import asks_how_long_the_link_lasts, asks_to_send_the_link_again
from actions.backend_client import coop_config
from actions.pause import REGISTERED, is_paused
from actions.tracker_reading import FORM, LINK_HELD, latest_text, say


async def when_to_sign_in(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """Outside a flow, once registered in this conversation: does the message ask when the member can
    sign in? Then the activation link's answer (or, when the day's link mails held it back, that no
    link went) is said and True returned."""
    if (tracker.active_loop.get("name") == FORM or tracker.get_slot("outcome") not in REGISTERED
            or not asks_when_to_sign_in(latest_text(tracker))):
        return False
    masked = tracker.get_slot("email_masked")
    config = await coop_config()
    if tracker.get_slot(LINK_HELD) == messages.LINKS_STOPPED:
        say(dispatcher, messages.links_stopped(masked, config))
    else:
        say(dispatcher, messages.sign_in_after_activating(masked, config))
    return True


async def how_long_the_link_lasts(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """Outside a flow, does the message ask how long the activation link works, and not for the link
    again ("I don't have another account. how long is the link good for?")? Then that is said (with
    what to do before then once a link went in this conversation) and True returned: nothing is resent."""
    text = latest_text(tracker)
    if (tracker.active_loop.get("name") == FORM or is_paused(tracker)
            or not asks_how_long_the_link_lasts(text) or asks_to_send_the_link_again(text)):
        return False
    registered = tracker.get_slot("outcome") in REGISTERED | {"already_registered"}  # a link went
    say(dispatcher, messages.link_lasts(await coop_config(), registered=registered))
    return True
