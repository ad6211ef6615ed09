from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResidentsConfig(AppConfig):
    name = "xihu.apps.residents"
    label = "residents"
    verbose_name = _("Residents")

    def ready(self) -> None:
        from xihu.apps.residents import events

        events.connect()
