"""Install the third-party browser files (Leaflet) from their npm package and copy what the pages
load into the maps app's static folder. Run by `make setup` and `make run`; idempotent.

frontend/package.json pins the version and frontend/package-lock.json the package's sha512
integrity hash, which `npm ci` checks; nothing of the package is committed (ARCHITECTURE.md:
third-party front-end files come from their registry package at install time). Where npm is
missing and we are root on Debian, Debian's nodejs and npm are installed first, as .ci/run does
for Chromium. docs/decisions.md says why Leaflet."""

import json
import os
import shutil
import subprocess  # nosec B404 - fixed commands, no shell
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FRONTEND = ROOT / "frontend"
TARGET = ROOT / "src" / "xihu" / "apps" / "maps" / "static" / "vendor" / "leaflet"
FILES = ["leaflet.js", "leaflet.css", "images/layers.png", "images/layers-2x.png",
         "images/marker-icon.png", "images/marker-icon-2x.png", "images/marker-shadow.png"]


def _npm() -> str:
    npm = shutil.which("npm")
    if npm:
        return npm
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        print("npm not found: installing Debian's nodejs and npm", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)  # nosec B603 B607
        subprocess.run(["apt-get", "install", "-y", "-qq", "nodejs", "npm"], check=True, env=env)  # nosec B603 B607
        npm = shutil.which("npm")
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
    subprocess.run([_npm(), "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],  # nosec B603
                   cwd=FRONTEND, check=True)
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
