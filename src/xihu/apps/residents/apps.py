from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResidentsConfig(AppConfig):
    name = "xihu.apps.residents"
    label = "residents"
    verbose_name = _("Residents")

    def ready(self) -> None:
        from xihu.apps.residents import checks, events  # noqa: F401 - checks registers the deploy check
        from xihu.apps.web import links

        events.connect()
        links.register("verify_residents", "residents:staff_verify", takes=("unit",))
