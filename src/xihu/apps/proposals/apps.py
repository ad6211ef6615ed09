from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "xihu.apps.proposals"
    label = "proposals"
    verbose_name = _("Proposals and projects")

    def ready(self) -> None:
        from xihu.apps.proposals import preconditions  # noqa: F401 - registers the checks
        from xihu.apps.web import links

        links.register("collect", "proposals:collect")
        links.register("propose", "proposals:propose")
        links.register("screen", "proposals:screen")
        links.register("review_exclusions", "proposals:review")
