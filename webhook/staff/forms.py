"""The sign-in forms (flask-wtf: CSRF token and field validation in one place): password, then code.

The other forms of the console post one or two fields; CSRFProtect on the app
checks their ``csrf_token`` and ``backend.staff`` validates their values.
"""

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import InputRequired, Length


class SignInForm(FlaskForm):
    email = EmailField("E-mail address", validators=[InputRequired("Enter your e-mail address."), Length(max=254)])
    password = PasswordField("Password", validators=[InputRequired("Enter your password."), Length(max=1024)])


class CodeForm(FlaskForm):
    """The second factor's 6-digit code (``backend.staff.second_factor`` reads and checks it)."""

    code = StringField(
        "Code from your authenticator app", validators=[InputRequired("Enter the 6-digit code."), Length(max=20)]
    )
