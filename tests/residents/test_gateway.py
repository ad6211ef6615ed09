"""The gateway's backend contract: every backend takes a Message and returns a Delivery, ok or
not, raising only GatewayError; the provider adapter signs what it posts; sends are logged
without the code."""

import hashlib
import hmac
import io
import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from xihu.apps.residents import gateway
from xihu.apps.residents.gateway import Delivery, GatewayError, Message
from xihu.apps.residents.gateway.console import ConsoleBackend
from xihu.apps.residents.gateway.files import FileBackend
from xihu.apps.residents.gateway.provider import TemplateProviderBackend

MESSAGE = Message(to="13912345678", template="code", params={"code": "123456", "minutes": 10},
                  language="en", text="Your code is 123456")


class _Provider(BaseHTTPRequestHandler):
    received: list = []
    answer = {"code": "OK", "message_id": "m-1"}

    def do_POST(self):  # noqa: N802 - http.server's name
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append((body, self.headers["X-Signature"]))
        data = json.dumps(type(self).answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def provider():
    server = HTTPServer(("127.0.0.1", 0), _Provider)
    _Provider.received = []
    _Provider.answer = {"code": "OK", "message_id": "m-1"}
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/send"
    server.shutdown()
    server.server_close()


def _backends(tmp_path, url):
    return [ConsoleBackend(stream=io.StringIO()), FileBackend(directory=str(tmp_path / "out")),
            TemplateProviderBackend(url=url, app_id="xihu", secret="s3", sign_name="【西湖】",
                                    templates={"code": "SMS_1", "notice": "SMS_2"})]


def test_every_backend_keeps_the_contract(tmp_path, provider):
    for backend in _backends(tmp_path, provider):
        delivery = backend.send(MESSAGE)
        assert isinstance(delivery, Delivery) and delivery.ok and delivery.message_id, backend


def test_the_file_backend_writes_one_readable_file_per_message(tmp_path):
    backend = FileBackend(directory=str(tmp_path / "out"))
    backend.send(MESSAGE)
    backend.send(Message(to="13900000000", template="notice", text="变了"))
    assert [m["to"] for m in backend.messages()] == ["13912345678", "13900000000"]
    assert backend.messages(to="13900000000")[0]["text"] == "变了"


def test_the_provider_gets_the_template_and_values_signed(provider):
    backend = TemplateProviderBackend(url=provider, app_id="xihu", secret="s3",
                                      templates={"code": "SMS_1"})
    assert backend.send(MESSAGE).message_id == "m-1"
    body, signature = _Provider.received[-1]
    sent = json.loads(body)
    assert sent["template"] == "SMS_1" and sent["params"] == {"code": "123456", "minutes": "10"}
    assert signature == hmac.new(b"s3", body, hashlib.sha256).hexdigest()


def test_a_provider_refusal_is_a_failed_delivery_and_a_dead_provider_a_gateway_error(provider):
    backend = TemplateProviderBackend(url=provider, templates={"code": "SMS_1"})
    _Provider.answer = {"code": "isv.BUSINESS_LIMIT_CONTROL", "message": "too many"}
    refused = backend.send(MESSAGE)
    assert not refused.ok and "too many" in refused.detail
    dead = TemplateProviderBackend(url="http://127.0.0.1:9/none", templates={"code": "SMS_1"}, timeout=1)
    with pytest.raises(GatewayError):
        dead.send(MESSAGE)
    with pytest.raises(GatewayError):
        TemplateProviderBackend(url=provider).send(MESSAGE)  # no template for "code"
    with pytest.raises(GatewayError):
        TemplateProviderBackend(url="file:///etc/passwd")


def test_send_logs_without_the_code_and_never_raises(settings, caplog):
    settings.XIHU_GATEWAY = {"BACKEND": "xihu.apps.residents.gateway.provider.TemplateProviderBackend",
                             "OPTIONS": {"url": "http://127.0.0.1:9/none", "timeout": 1,
                                         "templates": {"code": "SMS_1"}}}
    caplog.set_level(logging.INFO, logger="xihu.residents.gateway")
    delivery = gateway.send(MESSAGE)
    assert not delivery.ok
    assert "123456" not in caplog.text and "13912345678" not in caplog.text
    assert "139****5678" in caplog.text and "template=code" in caplog.text
