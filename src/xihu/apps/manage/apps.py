from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ManageConfig(AppConfig):
    name = "xihu.apps.manage"
    label = "manage"
    verbose_name = _("Back office")

    def ready(self) -> None:
        from xihu.apps.web.links import register

        register("manage_units", "manage:unit", takes=("unit",))
        register("manage_people_district", "manage:people_in", takes=("unit",))
        register("manage_people_street", "manage:people_in", takes=("unit",))
        register("manage_edition", "manage:editions_of", takes=("unit",))
        register("set_target", "manage:targets", takes=("unit",))
