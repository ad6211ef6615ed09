"""Shared fixtures for the engine tests (no Django, no database)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def pabulib_dir() -> Path:
    """The shared real-election folder: ``$XIHU_PABULIB_DIR`` or ``../shared/data/pabulib``."""
    configured = os.environ.get("XIHU_PABULIB_DIR")
    if configured:
        return Path(configured)
    return (PROJECT_ROOT / ".." / "shared" / "data" / "pabulib").resolve()


def pabulib_files() -> list[Path]:
    """All ``.pb`` files of the shared folder (empty when it is absent)."""
    folder = pabulib_dir()
    return sorted(folder.glob("*.pb")) if folder.is_dir() else []


def require_pabulib() -> list[Path]:
    """The real files, or skip (fail when ``XIHU_REQUIRE_PABULIB=1``) if there are none."""
    files = pabulib_files()
    if not files:
        message = (f"no pabulib files in {pabulib_dir()} "
                   "(set XIHU_PABULIB_DIR to the folder of real .pb elections)")
        if os.environ.get("XIHU_REQUIRE_PABULIB") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return files


@pytest.fixture
def write_pb(tmp_path: Path):
    """Write text (or bytes) to a ``.pb`` file in ``tmp_path`` and return its path."""

    def write(content: str | bytes, name: str = "e.pb") -> Path:
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return path

    return write
