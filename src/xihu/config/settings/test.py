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
