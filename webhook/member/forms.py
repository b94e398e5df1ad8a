"""Forms of the member pages (flask-wtf: every POST carries a CSRF token).

Messages are written for the member; policy messages for passwords come from
``backend.accounts.passwords`` and are added by the view next to the password field.
Password fields are never filled back in after an error.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, RadioField
from wtforms.fields import SelectChoice
from wtforms.validators import EqualTo, InputRequired, Length


class SetPasswordForm(FlaskForm):
    """Choose the password (activation) or a new one (reset): both links use this form."""

    password = PasswordField(_l("New password"), validators=[InputRequired(_l("Enter a password."))])
    confirm = PasswordField(
        _l("Type the password again"),
        validators=[InputRequired(_l("Type the password again to confirm it.")),
                    EqualTo("password", _l("The two passwords do not match. Type them again."))],
    )


class LoginForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[InputRequired(_l("Enter the e-mail address you registered with.")), Length(max=254)],
    )
    password = PasswordField(_l("Password"), validators=[InputRequired(_l("Enter your password."))])


class PaperlessForm(FlaskForm):
    paperless = RadioField(
        _l("How would you like to get your bill?"),
        choices=[SelectChoice("on", _l("Paperless: e-mail me when my bill is ready")),
                 SelectChoice("off", _l("Paper: mail my bill to me"))],
        validators=[InputRequired(_l("Choose paperless or paper bills."))],
    )


class ConfirmForm(FlaskForm):
    """A form with no fields: the CSRF token for sign-out and the Yes/No unsubscribe buttons."""
