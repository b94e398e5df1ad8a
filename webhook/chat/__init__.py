"""The web chat channel: the ``/chat`` page, the embeddable widget and its JSON API.

- ``routes``          the page, the widget's script and stylesheet, the JSON endpoints
- ``session_tokens``  signed chat session tokens and the pseudonymous Rasa sender id
- ``origins``         which web sites may call the JSON API from a browser (CORS)

The app exempts this blueprint from flask-wtf's CSRF protection: the JSON API
is protected by a session token sent in a header (which another site cannot
read or forge) and by refusing browsers on sites that are not allowed.
"""

from flask import Blueprint

bp = Blueprint("chat", __name__, template_folder="templates", static_folder="static")

from webhook.chat import routes  # noqa: E402,F401 - registers the views on bp
