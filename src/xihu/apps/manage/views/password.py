"""The one-time set-password link: Django's own reset view (the token expires after
PASSWORD_RESET_TIMEOUT and stops working once the password is set), with our page."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils.translation import gettext as _


class SetPasswordView(auth_views.PasswordResetConfirmView):
    template_name = "manage/set_password.html"
    success_url = reverse_lazy("accounts:login")
    reset_url_token = "set-password"  # noqa: S105 - the placeholder in the URL, not a secret

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password is set. Please log in."))
        return response
