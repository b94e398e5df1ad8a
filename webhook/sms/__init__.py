"""The SMS channel: Twilio's inbound-message webhook and delivery-status callback.

- ``signature``  checks ``X-Twilio-Signature`` against the public URL
- ``keywords``   carrier keywords (STOP/START/HELP) recognised before Rasa sees a message
- ``texts``      the channel's own replies (help, opt-out, media, throttling)
- ``routes``     ``POST /sms`` and ``POST /sms/status``
"""

from flask import Blueprint

bp = Blueprint("sms", __name__)

from webhook.sms import routes  # noqa: E402,F401 - registers the routes on bp
