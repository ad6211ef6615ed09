"""The one-time set-password link: Django's own reset view (the token expires after
PASSWORD_RESET_TIMEOUT and stops working once the password is set), with our page."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

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

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password is set. Please log in."))
        return response
