"""Local settings for `make run`: DEBUG on, a fixed development key, loopback only."""

import os

from xihu.config.settings.base import *  # noqa: F403

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
