"""Development: print the message to standard output (codes included: never in production)."""

import sys
import uuid

from xihu.apps.residents.gateway.base import Delivery, Message


class ConsoleBackend:
    def __init__(self, stream=None):
        self.stream = stream

    def send(self, message: Message) -> Delivery:
        stream = self.stream or sys.stdout
        message_id = uuid.uuid4().hex
        stream.write(f"[xihu gateway] to {message.to} ({message.template}, {message.language}): "
                     f"{message.text}\n")
        stream.flush()
        return Delivery(ok=True, message_id=message_id)
