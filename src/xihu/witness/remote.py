"""The log's public endpoints over HTTP(S), and the two ways a check fails."""

from __future__ import annotations

import json
import urllib.error
import urllib.request


class Unreachable(Exception):
    """The log could not be reached or answered something unreadable."""


class Inconsistent(Exception):
    """Two heads that cannot both be true of one append-only log."""


def http_fetch(url: str, data: dict | None = None) -> dict:
    if not url.startswith(("http://", "https://")):
        raise Unreachable(f"{url}: only http and https URLs are watched")
    body = json.dumps(data).encode() if data is not None else None
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    request = urllib.request.Request(url, data=body, headers=headers)  # noqa: S310  # nosec B310 - scheme checked above
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310  # nosec B310 - scheme checked above
            return json.loads(response.read().decode())
    except urllib.error.HTTPError as error:
        detail = error.read().decode(errors="replace")[:300]
        raise Unreachable(f"{url}: HTTP {error.code} {detail}") from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise Unreachable(f"{url}: {error}") from None
