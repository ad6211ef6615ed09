"""Deployment check: the console gateway prints every one-time code into the server's output,
where residents never see it and whoever reads the logs does. `check --deploy` says so."""

from django.conf import settings
from django.core import checks

from xihu.apps.residents.gateway import CONSOLE


@checks.register(checks.Tags.security, deploy=True)
def gateway_delivers(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    backend = (getattr(settings, "XIHU_GATEWAY", {}) or {}).get("BACKEND", CONSOLE)
    if backend != CONSOLE:
        return []
    return [checks.Warning(
        "The message gateway is the console backend: residents' one-time codes and notices are "
        "printed to the server's output instead of being sent.",
        hint="Set XIHU_GATEWAY_BACKEND and XIHU_GATEWAY_OPTIONS to your SMS or template provider "
             "(docs/operations.md, \"Message gateway\").",
        id="xihu.residents.W001")]
