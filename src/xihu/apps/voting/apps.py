from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotingConfig(AppConfig):
    name = "xihu.apps.voting"
    label = "voting"
    verbose_name = _("Voting")

    def ready(self) -> None:
        from xihu.apps.voting import preconditions  # noqa: F401 - registers the stage checks
        from xihu.apps.web.links import register

        register("run_station", "voting:desk")
        register("set_up_stations", "voting:stations")
        register("seal_boxes", "voting:stations")
