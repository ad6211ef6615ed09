from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "xihu.apps.results"
    label = "results"
    verbose_name = _("Counting and results")

    def ready(self) -> None:
        from xihu.apps.results import preconditions  # noqa: F401 - registers stage guards
        from xihu.apps.web.links import register

        register("count", "results:count")
        register("scrutinise", "results:count")
        register("confirm", "results:confirm")
