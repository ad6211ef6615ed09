"""Leaflet is installed from its npm package by `make setup` (scripts/vendor_frontend.py): the
version the lock file pins, with its integrity hash, is the one the pages load."""

import json
from pathlib import Path

from django.contrib.staticfiles import finders

ROOT = Path(__file__).resolve().parents[2]


def test_the_lock_pins_leaflet_with_its_hash():
    lock = json.loads((ROOT / "frontend" / "package-lock.json").read_text(encoding="utf-8"))
    entry = lock["packages"]["node_modules/leaflet"]
    assert entry["integrity"].startswith("sha512-") and entry["version"] == "1.9.4"
    assert "resolved" not in entry  # no registry address in the repository


def test_the_installed_leaflet_is_the_locked_one():
    js = finders.find("vendor/leaflet/leaflet.js")
    assert js, "Leaflet is missing: run `make setup` (scripts/vendor_frontend.py)"
    version = Path(js).with_name("VERSION").read_text(encoding="utf-8").strip()
    assert version == "1.9.4"
    assert "Leaflet 1.9.4" in Path(js).read_text(encoding="utf-8")[:300]
    for name in ("leaflet.css", "images/marker-icon.png", "images/marker-shadow.png"):
        assert finders.find(f"vendor/leaflet/{name}"), name
