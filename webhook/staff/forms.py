"""The sign-in form (flask-wtf: CSRF token and field validation in one place).

The other forms of the console post one or two fields; CSRFProtect on the app
checks their ``csrf_token`` and ``backend.staff`` validates their values.
"""

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import InputRequired, Length


class SignInForm(FlaskForm):
    email = EmailField("E-mail address", validators=[InputRequired("Enter your e-mail address."), Length(max=254)])
    password = PasswordField("Password", validators=[InputRequired("Enter your password."), Length(max=1024)])
