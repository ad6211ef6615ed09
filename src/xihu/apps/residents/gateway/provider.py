"""An SMS or WeChat-style template provider: the platform names a template approved with the
provider and gives its values; the provider sends the text it approved. One HTTPS POST per
message, JSON, signed with HMAC-SHA256 over the body (header X-Signature), as Chinese SMS
providers and WeChat's template messages expect in one form or another.

OPTIONS: url, app_id, secret, sign_name (the approved signature, e.g. 【西湖区参与式预算】),
templates ({"code": "SMS_0001", "notice": "SMS_0002"}), timeout (seconds, default 5).
The provider answers JSON {"code": "OK", "message_id": "..."}; anything else is a failure."""

import hashlib
import hmac
import json
import urllib.error
import urllib.request
from urllib.parse import urlparse

from xihu.apps.residents.gateway.base import Delivery, GatewayError, Message


class TemplateProviderBackend:
    def __init__(self, url: str = "", app_id: str = "", secret: str = "", sign_name: str = "",
                 templates=None, timeout: float = 5):
        if urlparse(url).scheme not in ("https", "http"):
            raise GatewayError("TemplateProviderBackend needs an http(s) OPTIONS['url']")
        self.url, self.app_id, self.secret, self.sign_name = url, app_id, secret, sign_name
        self.templates = dict(templates or ())
        self.timeout = float(timeout)

    def body(self, message: Message) -> bytes:
        template = self.templates.get(message.template)
        if not template:
            raise GatewayError(f"no provider template for {message.template!r}")
        return json.dumps({
            "app_id": self.app_id, "to": message.to, "sign_name": self.sign_name,
            "template": template, "language": message.language,
            "params": {k: str(v) for k, v in message.params.items()},
        }, ensure_ascii=False, sort_keys=True).encode()

    def signature(self, body: bytes) -> str:
        return hmac.new(self.secret.encode(), body, hashlib.sha256).hexdigest()

    def send(self, message: Message) -> Delivery:
        body = self.body(message)
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked in __init__
            self.url, data=body, method="POST",
            headers={"Content-Type": "application/json", "X-Signature": self.signature(body)})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310  # nosec B310
                answer = json.loads(response.read().decode() or "{}")
        except (urllib.error.URLError, OSError, ValueError) as error:
            raise GatewayError(str(error)) from error
        if answer.get("code") != "OK":
            return Delivery(ok=False, detail=str(answer.get("message", answer.get("code", "")))[:200])
        return Delivery(ok=True, message_id=str(answer.get("message_id", "")))
