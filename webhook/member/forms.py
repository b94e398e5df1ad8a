"""Forms of the member pages (flask-wtf: every POST carries a CSRF token).

Messages are written for the member; policy messages for passwords come from
``backend.passwords`` and are added by the view next to the password field.
Password fields are never filled back in after an error.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, RadioField
from wtforms.fields import SelectChoice
from wtforms.validators import EqualTo, InputRequired, Length


class SetPasswordForm(FlaskForm):
    """Choose the password (activation) or a new one (reset): both links use this form."""

    password = PasswordField("New password", validators=[InputRequired("Enter a password.")])
    confirm = PasswordField(
        "Type the password again",
        validators=[InputRequired("Type the password again to confirm it."),
                    EqualTo("password", "The two passwords do not match. Type them again.")],
    )


class LoginForm(FlaskForm):
    email = EmailField(
        "E-mail address",
        validators=[InputRequired("Enter the e-mail address you registered with."), Length(max=254)],
    )
    password = PasswordField("Password", validators=[InputRequired("Enter your password.")])


class PaperlessForm(FlaskForm):
    paperless = RadioField(
        "How would you like to get your bill?",
        choices=[SelectChoice("on", "Paperless: e-mail me when my bill is ready"),
                 SelectChoice("off", "Paper: mail my bill to me")],
        validators=[InputRequired("Choose paperless or paper bills.")],
    )


class ConfirmForm(FlaskForm):
    """A form with no fields: the CSRF token for sign-out and the Yes/No unsubscribe buttons."""
