from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "xihu.apps.web"
    label = "web"
    verbose_name = _("Public pages")

    def ready(self) -> None:
        from xihu.apps.web.links import register

        register("grant_street", "web:powers", takes=("slug",))
        register("grant_community", "web:powers", takes=("slug",))
        register("advance_stage", "web:advance", takes=("slug",))
