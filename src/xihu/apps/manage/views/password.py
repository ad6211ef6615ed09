"""The one-time set-password link: Django's own reset view (the token expires after
PASSWORD_RESET_TIMEOUT and stops working once the password is set), with our page.

It is a way in like the login page, so django-axes guards it too: a link that does not work
counts as a failed login from the client's address (not against the account's name: the token
cannot be guessed, and a person locked out after mistyping their password must still be able to
use the new link the admin gives them), a locked address gets the lockout page, and the new
password must pass AUTH_PASSWORD_VALIDATORS. The password is saved through the service (so
that the account's becoming usable is in the log, never the password). Setting it does
not log in (post_reset_login stays off): the person logs in through the login page. A new
password clears that name's failed logins."""

from axes.handlers.proxy import AxesProxyHandler
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.signals import user_login_failed
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from xihu.apps.accounts.lockout import lockout_response
from xihu.apps.accounts.services import password_set


class LinkSetPasswordForm(SetPasswordForm):
    """Django's set-password form, saved through the service (so it is in the log)."""

    def save(self, commit=True):
        return password_set(user=self.user, password=self.cleaned_data["new_password1"])


class SetPasswordView(auth_views.PasswordResetConfirmView):
    template_name = "manage/set_password.html"
    form_class = LinkSetPasswordForm
    success_url = reverse_lazy("accounts:login")
    reset_url_token = "set-password"  # noqa: S105 - the placeholder in the URL, not a secret
    post_reset_login = False

    def dispatch(self, request, *args, **kwargs):
        credentials = {"username": None}  # the address counts, not the name
        if not AxesProxyHandler.is_allowed(request, credentials):
            return lockout_response(request)
        response = super().dispatch(request, *args, **kwargs)
        if not self.validlink:
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        return response

    def form_valid(self, form):
        response = super().form_valid(form)
        AxesProxyHandler.get_implementation().reset_user_attempts(
            self.request, {"username": form.user.get_username()})
        messages.success(self.request, _("Your password is set. Please log in."))
        return response
