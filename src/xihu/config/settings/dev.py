"""Local settings for `make run`: a fixed development key, loopback only, and DEBUG off unless
XIHU_DEBUG=1, so that `make run` shows the platform's own styled error pages (in the reader's
language, with the reason) as a district office trying it would see them, never Django's debug
page. `xihu serve` serves the static files itself while DEBUG is off."""

import os

from xihu.config.settings.base import *  # noqa: F403

DEBUG = os.environ.get("XIHU_DEBUG", "").lower() in {"1", "true", "yes", "on"}
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
