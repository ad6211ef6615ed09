"""Where the platform keeps its files: the source tree and the data directory."""

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # src/xihu
_SOURCE_ROOT = PACKAGE_DIR.parent.parent  # the checkout, when installed in editable mode


def project_root() -> Path:
    """The checkout holding pyproject.toml, or the working directory for a plain install."""
    if (_SOURCE_ROOT / "pyproject.toml").exists():
        return _SOURCE_ROOT
    return Path.cwd()


def data_dir() -> Path:
    """The SQLite file and uploads live here: $XIHU_DATA_DIR, else var/ in the project root."""
    configured = os.environ.get("XIHU_DATA_DIR")
    path = Path(configured).expanduser() if configured else project_root() / "var"
    path.mkdir(parents=True, exist_ok=True)
    return path.resolve()
