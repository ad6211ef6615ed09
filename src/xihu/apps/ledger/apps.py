from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "xihu.apps.ledger"
    label = "ledger"
    verbose_name = _("Public ledger")

    def ready(self):
        from xihu.apps.ledger.admin_log import install_everywhere

        install_everywhere()
