"""The client's address: REMOTE_ADDR, or behind a trusted reverse proxy the address that proxy
put in its header (settings.XIHU_PROXY_CLIENT_HEADER). Used by the login lockouts (django-axes)
and the rate limits, so both see the same client.

X-Forwarded-For lists every hop, the client may write anything in front, and each proxy appends
the address it saw: the trustworthy entry is the one XIHU_PROXY_COUNT places from the right (the
one the first of your own proxies appended). Anything that is not an IP address is ignored."""

import ipaddress

from django.conf import settings


def parse_address(text: str) -> str | None:
    text = (text or "").strip()
    if text.startswith("[") and "]" in text:  # [v6]:port
        text = text[1:text.index("]")]
    elif text.count(":") == 1:  # v4:port
        text = text.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def client_address(request) -> str | None:
    header = getattr(settings, "XIHU_PROXY_CLIENT_HEADER", "")
    if header:
        hops = [h for h in request.META.get(header, "").split(",") if h.strip()]
        count = max(int(getattr(settings, "XIHU_PROXY_COUNT", 1)), 1)
        if hops:
            found = parse_address(hops[-count] if len(hops) >= count else hops[0])
            if found:
                return found
    return parse_address(request.META.get("REMOTE_ADDR", ""))
