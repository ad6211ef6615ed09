from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "xihu.apps.insights"
    label = "insights"
    verbose_name = _("Evaluation, analytics and the abuse dashboard")
