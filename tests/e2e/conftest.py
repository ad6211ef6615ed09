import os

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from test code
# (fixtures) are still synchronous, so allow them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
