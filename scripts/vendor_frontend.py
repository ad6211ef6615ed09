"""Install the third-party browser files (Leaflet) from their npm package and copy what the pages
load into the maps app's static folder. Run by `make setup` and `make run`; idempotent.

frontend/package.json pins the version and frontend/package-lock.json the package's sha512
integrity hash. The package's tarball is fetched from the npm registry with Python alone (a fresh
machine needs only Python, make and git: no Node.js) and refused unless its sha512 matches the lock
file, exactly the check `npm ci` makes; nothing of the package is committed (ARCHITECTURE.md:
third-party front-end files come from their registry package at install time). Set
XIHU_NPM_REGISTRY to use a mirror. docs/decisions.md says why Leaflet."""

import base64
import hashlib
import io
import json
import os
import sys
import tarfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FRONTEND = ROOT / "frontend"
TARGET = ROOT / "src" / "xihu" / "apps" / "maps" / "static" / "vendor" / "leaflet"
FILES = ["leaflet.js", "leaflet.css", "images/layers.png", "images/layers-2x.png",
         "images/marker-icon.png", "images/marker-icon-2x.png", "images/marker-shadow.png"]
REGISTRY = os.environ.get("XIHU_NPM_REGISTRY", "").rstrip("/")


def _lock_entry() -> dict:
    lock = json.loads((FRONTEND / "package-lock.json").read_text(encoding="utf-8"))
    entry = lock["packages"]["node_modules/leaflet"]
    if not entry.get("integrity", "").startswith("sha512-"):
        sys.exit("frontend/package-lock.json has no sha512 integrity for leaflet")
    return entry


def _fetch(version: str, integrity: str) -> tarfile.TarFile:
    url = f"{REGISTRY}/leaflet/-/leaflet-{version}.tgz"
    if not url.startswith("https://"):
        sys.exit(f"refusing a registry that is not https: {url}")
    print(f"Fetching Leaflet {version} from {url}", flush=True)
    with urllib.request.urlopen(url, timeout=60) as response:  # nosec B310 - https checked above
        data = response.read()
    digest = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    if digest != integrity:
        sys.exit(f"leaflet-{version}.tgz does not match the lock file's integrity hash")
    return tarfile.open(fileobj=io.BytesIO(data), mode="r:gz")


def wanted_version() -> str:
    return _lock_entry()["version"]


def installed_version() -> str | None:
    stamp = TARGET / "VERSION"
    return stamp.read_text(encoding="utf-8").strip() if stamp.exists() else None


def main() -> None:
    entry = _lock_entry()
    version = entry["version"]
    if installed_version() == version and all((TARGET / f).exists() for f in FILES):
        return
    with _fetch(version, entry["integrity"]) as tar:
        package = json.load(tar.extractfile("package/package.json"))
        if package["version"] != version:
            sys.exit(f"the registry gave leaflet {package['version']}, the lock file says {version}")
        for name, member in [*((f, f"package/dist/{f}") for f in FILES), ("LICENSE", "package/LICENSE")]:
            (TARGET / name).parent.mkdir(parents=True, exist_ok=True)
            (TARGET / name).write_bytes(tar.extractfile(member).read())
    (TARGET / "VERSION").write_text(version + "\n", encoding="utf-8")
    print(f"Leaflet {version} installed into {TARGET.relative_to(ROOT)}/", flush=True)


if __name__ == "__main__":
    main()
