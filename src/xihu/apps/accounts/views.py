"""Login (throttled) and logout."""

from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from xihu.apps.accounts import throttle


def client_address(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


class ThrottledAuthenticationForm(auth_views.AuthenticationForm):
    def clean(self):
        username = self.data.get("username", "")
        address = client_address(self.request) if self.request else None
        if throttle.is_locked_out(username, address):
            raise ValidationError(
                _("Too many failed logins. Please wait 15 minutes and try again."),
                code="throttled",
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            throttle.record_failure(username, address)
            raise
        throttle.clear_failures(username)
        return cleaned


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = ThrottledAuthenticationForm
    redirect_authenticated_user = True
