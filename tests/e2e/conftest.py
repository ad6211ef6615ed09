import os

# Playwright's sync API runs an event loop in the test thread, and Django then refuses ORM
# calls from that thread; the test code's own ORM calls are synchronous, so lift the guard.
# (Set at import: the session-wide Playwright loop starts before any function fixture.)
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Service workers' own requests go through BrowserContext.route in Chromium only with this set
# before the browser starts (test_maps_offline cuts the network for them with a route).
os.environ.setdefault("PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS", "1")
