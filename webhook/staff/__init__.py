"""The staff console at /staff (issue 5): sign-in, dashboard, conversations, labelling, audit.

One module per page family, each adding its routes to ``bp``:

- ``auth``           sign-in, sign-out, ``login_required`` / ``admin_required``, security headers
- ``second_factor``  /staff/sign-in/code         the TOTP code after the password, or setting one up
- ``dashboard``      /staff/                    funnel, registrations per day, medians, fallback rate, asks for a person
- ``conversations``  /staff/conversations[/id]  the list with filters, and one transcript
- ``misunderstood``  /staff/misunderstood       fallback / low-confidence messages, labels, export
- ``stuck``          /staff/stuck               messages after which the same question came again, per step
- ``audit``          /staff/audit               who opened which transcript (admins only)
- ``outbox``         /staff/outbox              mail and texts waiting to be sent, or failed
- ``handoffs``       /staff/handoffs[/id]       the live queue of conversations for a person, and one of them

The data behind every page comes from ``backend.staff``; templates and the
stylesheet live in this package and are served by the app (no CDN).
"""

from flask import Blueprint

bp = Blueprint(
    "staff",
    __name__,
    url_prefix="/staff",
    template_folder="templates",
    static_folder="static",
    static_url_path="/static",
)

# The page modules register their routes on ``bp`` when imported.
from webhook.staff import audit, auth, conversations, dashboard  # noqa: E402,F401 - registers their routes on bp
from webhook.staff import formatting, handoffs, misunderstood, outbox, second_factor, security, stuck  # noqa: E402,F401 - as above
