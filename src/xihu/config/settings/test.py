"""Settings for the test suite: the same database choice as base (SQLite or DATABASE_URL)."""

from xihu.config.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key-for-the-xihu-suite"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A fixed key for the public log's signed heads (never used outside the tests).
XIHU_LEDGER_SIGNING_KEY = "3f" * 32
XIHU_LEDGER_ORIGIN = "test.xihu/ledger"
# Evaluation and figures are cached per log head; tests never want figures older than the head.
XIHU_INSIGHTS_MAX_STALE_SECONDS = 0

# Codes and notices go to files in a temporary outbox (tests read them there).
XIHU_GATEWAY = {"BACKEND": "xihu.apps.residents.gateway.files.FileBackend",
                "OPTIONS": {"directory": str(__import__("tempfile").mkdtemp(prefix="xihu-outbox-"))}}

# django-axes reports every failed login as a warning: the suite makes many on purpose.
LOGGING = {**LOGGING, "loggers": {"axes": {"level": "ERROR"}}}  # noqa: F405
LOGGING["loggers"]["django.request"] = {"level": "ERROR"}  # noqa: F405 - 4xx answers are expected

# pytest-django names each xdist worker's test database after the engine it knows: ours is a
# subclass of SQLite's, so say outright that the SQLite test database lives in memory.
if DATABASES["default"]["ENGINE"] == "xihu.config.sqlite_backend":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}  # noqa: F405
