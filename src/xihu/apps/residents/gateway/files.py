"""Tests and staging: each message is one JSON file in a directory (an outbox to read)."""

import json
import uuid
from pathlib import Path

from xihu.apps.residents.gateway.base import Delivery, GatewayError, Message


class FileBackend:
    def __init__(self, directory: str = ""):
        if not directory:
            raise GatewayError("FileBackend needs OPTIONS['directory']")
        self.directory = Path(directory)

    def send(self, message: Message) -> Delivery:
        message_id = uuid.uuid4().hex
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            body = {"id": message_id, "to": message.to, "template": message.template,
                    "params": message.params, "language": message.language, "text": message.text}
            (self.directory / f"{message_id}.json").write_text(
                json.dumps(body, ensure_ascii=False), encoding="utf-8")
        except OSError as error:
            raise GatewayError(str(error)) from error
        return Delivery(ok=True, message_id=message_id)

    def messages(self, to: str | None = None) -> list[dict]:
        """The outbox, oldest first (tests read codes and notices here)."""
        if not self.directory.exists():
            return []
        files = sorted(self.directory.glob("*.json"), key=lambda p: (p.stat().st_mtime_ns, p.name))
        found = [json.loads(p.read_text(encoding="utf-8")) for p in files]
        return [m for m in found if to is None or m["to"] == to]
