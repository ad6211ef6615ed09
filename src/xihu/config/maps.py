"""The map tiles behind every map (the proposal picker, the unit maps, the funded-works map).

Any XYZ tile service that Leaflet can read: the default is OpenStreetMap's; a district in China
would set a provincial Tianditu (天地图) service and its key. docs/operations.md ("Map tiles")
gives examples. `{key}` in a URL is replaced by XIHU_MAP_TILE_KEY, `{s}` by one of the
subdomains. The tile host is added to the Content-Security-Policy's img-src (security.py)."""

import os
from urllib.parse import urlsplit

XIHU_MAP_TILE_URL = os.environ.get("XIHU_MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
# An optional second layer drawn over the first: Tianditu's labels (cva_w), for example.
XIHU_MAP_LABELS_URL = os.environ.get("XIHU_MAP_LABELS_URL", "")
XIHU_MAP_TILE_KEY = os.environ.get("XIHU_MAP_TILE_KEY", "")
XIHU_MAP_TILE_SUBDOMAINS = os.environ.get("XIHU_MAP_TILE_SUBDOMAINS", "abc")
XIHU_MAP_TILE_ATTRIBUTION = os.environ.get("XIHU_MAP_TILE_ATTRIBUTION", "© OpenStreetMap contributors")
XIHU_MAP_MAX_ZOOM = int(os.environ.get("XIHU_MAP_MAX_ZOOM", "18"))
# Where a map with no point yet opens: "latitude,longitude" (default: Xihu District, Hangzhou).
XIHU_MAP_CENTER = os.environ.get("XIHU_MAP_CENTER", "30.2590,120.1300")
XIHU_MAP_ZOOM = int(os.environ.get("XIHU_MAP_ZOOM", "14"))


def tile_sources(*urls: str) -> list[str]:
    """The CSP host sources of the tile URLs: scheme, host and port; a first host label that
    holds a placeholder ({s}, t{s}) becomes the wildcard `*`. Relative URLs are 'self'."""
    sources = []
    for url in urls:
        parts = urlsplit(url)
        if not parts.scheme or not parts.netloc:
            continue
        host, _, port = parts.netloc.rpartition("@")[2].partition(":")
        labels = host.split(".")
        if "{" in labels[0]:
            labels[0] = "*"
        source = f"{parts.scheme}://{'.'.join(labels)}" + (f":{port}" if port else "")
        if source not in sources:
            sources.append(source)
    return sources
