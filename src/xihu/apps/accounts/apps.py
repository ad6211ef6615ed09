from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "xihu.apps.accounts"
    label = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from xihu.apps.accounts.reauth import on_login

        user_logged_in.connect(on_login, dispatch_uid="xihu.accounts.on_login")
