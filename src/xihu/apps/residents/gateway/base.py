"""The contract every gateway backend keeps (tests/residents/test_gateway.py checks each one):
`send(message)` returns a Delivery, ok or not; it raises only GatewayError."""

from dataclasses import dataclass, field
from typing import Protocol


class GatewayError(Exception):
    """The backend could not hand the message over (network, provider refusal)."""


@dataclass(frozen=True)
class Message:
    to: str                                 # the phone number, digits only
    template: str                           # "code" or "notice"
    params: dict = field(default_factory=dict)  # the template's values
    language: str = "zh-hans"
    text: str = ""                          # the rendered text, for backends that send text


@dataclass(frozen=True)
class Delivery:
    ok: bool
    message_id: str = ""
    detail: str = ""


class Backend(Protocol):
    def send(self, message: Message) -> Delivery: ...
