"""The `xihu` console script: Django commands pass through; `pb` goes to the engine."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

XIHU = shutil.which("xihu") or str(Path(sys.executable).parent / "xihu")


def run(*args, env=None):
    return subprocess.run([XIHU, *args], capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})})


def test_passes_django_commands_through(tmp_path):
    env = {"XIHU_DATA_DIR": str(tmp_path)}
    env_no_pg = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | env
    result = subprocess.run([XIHU, "migrate", "-v", "0"], capture_output=True, text=True,
                            timeout=300, env=env_no_pg)
    assert result.returncode == 0, result.stderr
    demo = subprocess.run([XIHU, "demo", "--district-only"], capture_output=True, text=True, timeout=300, env=env_no_pg)
    assert demo.returncode == 0 and "staff_xiangshan" in demo.stdout
    verify = subprocess.run([XIHU, "ledger", "verify"], capture_output=True, text=True,
                            timeout=300, env=env_no_pg)
    assert verify.returncode == 0 and "ledger ok" in verify.stdout
    shell = subprocess.run(
        [XIHU, "shell", "-c", "from xihu.apps.organisation.models import Unit; print(Unit.objects.count())"],
        capture_output=True, text=True, timeout=300, env=env_no_pg,
    )
    assert shell.stdout.strip().splitlines()[-1] == "24"


def test_help_lists_the_project_commands():
    result = run("help")
    for command in ["demo", "ledger", "serve", "migrate"]:
        assert command in result.stdout
