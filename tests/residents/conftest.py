import pytest

from xihu.apps.residents.gateway.files import FileBackend


@pytest.fixture
def outbox(settings, tmp_path):
    """Codes and notices go to this test's own outbox directory."""
    settings.XIHU_GATEWAY = {"BACKEND": "xihu.apps.residents.gateway.files.FileBackend",
                             "OPTIONS": {"directory": str(tmp_path / "outbox")}}
    return FileBackend(directory=str(tmp_path / "outbox"))
