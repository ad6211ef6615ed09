from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssembliesConfig(AppConfig):
    name = "xihu.apps.assemblies"
    label = "assemblies"
    verbose_name = _("Screening assemblies")

    def ready(self) -> None:
        from xihu.apps.web.links import register

        register("hold_assembly", "assemblies:unit")
