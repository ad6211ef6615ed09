"""The message gateway: codes and notices leave the platform through one configured backend.

settings.XIHU_GATEWAY = {"BACKEND": "dotted.path.Class", "OPTIONS": {...}}. Backends:
- console.ConsoleBackend: prints each message (development);
- files.FileBackend: one JSON file per message in OPTIONS["directory"] (tests, staging);
- provider.TemplateProviderBackend: an SMS or WeChat-style template provider over HTTPS.

Every send is logged (logger "xihu.residents.gateway") with the template, the masked number
and the outcome, never with the code or the text."""

import json
import logging
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

from xihu.apps.residents.gateway.base import Backend, Delivery, GatewayError, Message

__all__ = ["CONSOLE", "Backend", "Delivery", "GatewayError", "Message", "backend", "masked", "send"]

log = logging.getLogger("xihu.residents.gateway")
CONSOLE = "xihu.apps.residents.gateway.console.ConsoleBackend"  # the default: development only


@cache
def _backend(path: str, options: str) -> Backend:
    return import_string(path)(**json.loads(options))


def backend() -> Backend:
    conf = getattr(settings, "XIHU_GATEWAY", {}) or {}
    path = conf.get("BACKEND", CONSOLE)
    return _backend(path, json.dumps(conf.get("OPTIONS") or {}, sort_keys=True))


def masked(phone: str) -> str:
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 8 else "****"


def send(message: Message) -> Delivery:
    """Send through the configured backend; a failure is logged and returned, never raised."""
    chosen = backend()
    try:
        delivery = chosen.send(message)
    except GatewayError as error:
        delivery = Delivery(ok=False, detail=str(error)[:200])
    log.info("gateway %s template=%s to=%s ok=%s id=%s", type(chosen).__name__, message.template,
             masked(message.to), delivery.ok, delivery.message_id)
    return delivery
