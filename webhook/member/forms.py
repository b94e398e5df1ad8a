"""Forms of the member pages (flask-wtf: every POST carries a CSRF token).

Messages are written for the member; policy messages for passwords come from
``backend.accounts.passwords`` and are added by the view next to the password field.
Password fields are never filled back in after an error.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, RadioField, StringField
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


class SetPasswordWithUserIdForm(SetPasswordForm):
    """The activation form where the co-op signs in with a User ID (``COOPBOT_USERNAME=user_id``).

    The member has proven the account and holds the link, so this is the first
    moment an answer about a taken ID tells nobody anything new. The rules are
    checked by the view (``backend.accounts.user_ids``).
    """

    user_id = StringField(_l("User ID (you sign in with it)"), validators=[Length(max=100)])


class _SignInForm(FlaskForm):
    """What the two sign-in forms share: the password, and ``username_field``, the field named
    ``USERNAME`` that the co-op signs in with (the views and templates read only that)."""

    USERNAME = ""
    password = PasswordField(_l("Password"), validators=[InputRequired(_l("Enter your password."))])

    @property
    def username_field(self):
        return self[self.USERNAME]


class LoginForm(_SignInForm):
    """Sign-in with the e-mail address (``COOPBOT_USERNAME=email``, the default)."""

    USERNAME = "email"
    email = EmailField(
        _l("E-mail address"),
        validators=[InputRequired(_l("Enter the e-mail address you registered with.")), Length(max=254)],
    )


class UserIdLoginForm(_SignInForm):
    """Sign-in with the User ID (``COOPBOT_USERNAME=user_id``)."""

    USERNAME = "user_id"
    user_id = StringField(
        _l("User ID"),
        validators=[InputRequired(_l("Enter your User ID.")), Length(max=254)],
    )


def login_form(settings, **data) -> LoginForm | UserIdLoginForm:
    """The sign-in form of this co-op: by e-mail address or by User ID (``settings.username``)."""
    if settings.username == "user_id":
        return UserIdLoginForm(**data)
    return LoginForm(**data)


class PaperlessForm(FlaskForm):
    paperless = RadioField(
        _l("How would you like to get your bill?"),
        choices=[SelectChoice("on", _l("Paperless: e-mail me when my bill is ready")),
                 SelectChoice("off", _l("Paper: mail my bill to me"))],
        validators=[InputRequired(_l("Choose paperless or paper bills."))],
    )


class ConfirmForm(FlaskForm):
    """A form with no fields: the CSRF token for sign-out and the Yes/No unsubscribe buttons."""


class AddAccountForm(FlaskForm):
    """Another co-op account for the signed-in login, proven as for a first registration."""

    account_number = StringField(_l("Account number (on your bill)"),
                                 validators=[InputRequired(_l("Enter the account number.")), Length(max=40)])
    name = StringField(_l("Last name or business name on that account"),
                       validators=[InputRequired(_l("Enter the name on the account.")), Length(max=200)])
    proof = RadioField(
        _l("Which can you give?"),
        # Every proof there is; the page offers those the co-op accepts (COOPBOT_PROOFS, with_proofs).
        choices=[SelectChoice("zip", _l("The mailing ZIP code of that account")),
                 SelectChoice("ssn", _l("The last 4 digits of the SSN or Tax ID on it")),
                 SelectChoice("meter", _l("The meter number printed on that bill"))],
        validators=[InputRequired(_l("Choose which one you give."))],
    )
    # A secret answer: never filled back in after an error.
    proof_value = PasswordField(_l("What the bill shows for it"),
                                validators=[InputRequired(_l("Enter what the bill shows for it.")),
                                            Length(max=20)])

    def with_proofs(self, proofs: tuple[str, ...]) -> AddAccountForm:
        """Only the proofs the co-op accepts, the first one chosen until the member picks."""
        self.proof.choices = [choice for choice in self.proof.choices if choice.value in proofs]
        if self.proof.data not in proofs:
            self.proof.data = self.proof.choices[0].value if not self.is_submitted() else None
        return self
    terms = BooleanField(_l("I accept the Terms and Conditions for this account"),
                         validators=[InputRequired(_l("Accept the Terms and Conditions to add the account."))])


class CodeForm(FlaskForm):
    """The one-time code texted to the phone on file of the account being added."""

    code = StringField(_l("Code"), validators=[InputRequired(_l("Enter the code.")), Length(max=10)])


class ChangeEmailForm(FlaskForm):
    """The new address of the signed-in login, and the password again (whoever holds the browser
    is not yet proven to be the member)."""

    email = EmailField(_l("New e-mail address"),
                       validators=[InputRequired(_l("Enter the new e-mail address.")), Length(max=254)])
    password = PasswordField(_l("Your password"), validators=[InputRequired(_l("Enter your password."))])
