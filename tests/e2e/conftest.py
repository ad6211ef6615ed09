import os

# Playwright's sync API runs an event loop in the test thread, and Django then refuses ORM
# calls from that thread; the test code's own ORM calls are synchronous, so lift the guard.
# (Set at import: the session-wide Playwright loop starts before any function fixture.)
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
