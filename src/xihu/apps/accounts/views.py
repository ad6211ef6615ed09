"""Login and logout. Failed logins are counted and locked out by django-axes (accounts.lockout),
which also covers /admin/login/, the password confirmation and co-signatures."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator

from xihu.apps.accounts.lockout import NAME_LENGTH


class LoginForm(AuthenticationForm):
    """Django's login form sets the name's max_length after the field is built, so it never
    checks it: a name longer than any account's is refused here with the usual message."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].validators.append(MaxLengthValidator(NAME_LENGTH))


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True
