"""Production settings. They fail closed: no SECRET_KEY or DEBUG switched on stops start-up."""

import os

from django.core.exceptions import ImproperlyConfigured

from xihu.config.settings.base import *  # noqa: F403

if os.environ.get("DEBUG", "").lower() in {"1", "true", "yes", "on"}:
    raise ImproperlyConfigured("DEBUG must be off in production: unset the DEBUG variable.")
DEBUG = False

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random string of at least 50 characters in production."
    )

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# The sequencer refuses to start without a configured signing key (never a generated one).
XIHU_LEDGER_REQUIRE_KEY = True
