from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BallotsConfig(AppConfig):
    name = "xihu.apps.ballots"
    label = "ballots"
    verbose_name = _("Ballots")

    def ready(self) -> None:
        from xihu.apps.ballots import preconditions  # noqa: F401 - registers the checks
        from xihu.apps.web.links import register

        register("set_quotas", "ballots:street")
