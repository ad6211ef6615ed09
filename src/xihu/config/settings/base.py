"""Settings shared by every environment, read from the environment where they vary."""

import json
import os

import dj_database_url

from xihu.config.paths import PACKAGE_DIR, data_dir

DATA_DIR = data_dir()

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",  # its widget templates, for the project's form renderer below
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "xihu.apps.accounts",
    "xihu.apps.organisation",
    "xihu.apps.ledger",
    "xihu.apps.editions",
    "xihu.apps.proposals",
    "xihu.apps.assemblies",
    "xihu.apps.ballots",
    "xihu.apps.voting",
    "xihu.apps.results",
    "xihu.apps.insights",
    "xihu.apps.web",
    "xihu.apps.manage",
    "xihu.apps.residents",
    "xihu.apps.demo",
    "xihu.apps.simulation",
    "xihu.apps.maps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # an anonymous GET of a public page, answered whole from the page kept for the log's state
    # (before sessions, CSRF and the rest: a hit skips them; web/pagecache.py)
    "xihu.apps.web.pagecache.PublicPageCache",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "xihu.apps.web.middleware.ChineseFirstLocaleMiddleware",
    # after the language is chosen: a NUL or control character, or an overlong value, anywhere
    # in the path, the query or a form gets a 400 page in the reader's language
    "xihu.apps.web.inputs.InputGuardMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "xihu.apps.web.errors.RefusedMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # last, as django-axes asks: it turns a lockout flagged during the view into the 429 page
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "xihu.config.urls"
WSGI_APPLICATION = "xihu.config.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # first: refuses a locked-out name or address before any password is checked (django-axes)
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # Django's ModelBackend with the session's user read by one plain statement (accounts/backends.py)
    "xihu.apps.accounts.backends.AccountBackend",
    # residents log in by phone and one-time code (after axes, which counts wrong codes)
    "xihu.apps.residents.backends.PhoneCodeBackend",
]
CSRF_FAILURE_VIEW = "xihu.apps.web.errors.csrf_failure"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "xihu.apps.web.context.main_menu_context",
                "xihu.apps.web.text_size.text_size_context",
            ],
        },
    }
]

# Forms render through the project's templates (src/xihu/templates/django/forms/): labels
# without ":", an error summary naming each field, the field in error marked (issue 14).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"


def database_from_env() -> dict:
    """PostgreSQL (or any engine) from DATABASE_URL; otherwise the SQLite file in the data dir."""
    url = os.environ.get("DATABASE_URL")
    if url:
        config = dj_database_url.parse(url, conn_max_age=60)
        if config["ENGINE"] == "django.db.backends.postgresql":
            config["ENGINE"] = "xihu.config.postgres_backend"
            # Parameters bound by the server: psycopg prepares a statement the fifth time a
            # connection runs it, and PostgreSQL then skips parsing and planning it again
            # (docs/decisions.md, "Server-side binding"); options in the URL's query win.
            config["OPTIONS"] = {"server_side_binding": True, "prepare_threshold": 5, **config.get("OPTIONS", {})}
        if config["ENGINE"] == "django.db.backends.sqlite3":
            config["ENGINE"] = "xihu.config.sqlite_backend"
            config["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
        return config
    return {
        "ENGINE": "xihu.config.sqlite_backend",
        "NAME": DATA_DIR / "xihu.sqlite3",
        # IMMEDIATE: a write transaction takes the lock when it starts, so two ledger
        # appends can never read the same head.
        "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
    }


DATABASES = {"default": database_from_env()}

# Each web worker's memory: figures and page bodies kept per log head (insights/cache.py,
# web/bodies.py); whole public pages for anonymous readers in a cache of their own, so that many
# addresses (receipt codes, ledger queries) push out only pages, cheap to render again around a
# kept body, never the bodies (web/pagecache.py).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "xihu"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "xihu-pages",
              "OPTIONS": {"MAX_ENTRIES": 500}},
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"

# A secret that keys the hashes of identity numbers (voting); defaults to SECRET_KEY.
XIHU_IDENTITY_KEY = os.environ.get("XIHU_IDENTITY_KEY", "")

from xihu.config.maps import *  # noqa: E402, F403 - the map tiles
from xihu.config.security import *  # noqa: E402, F403 - logins, sessions, CSP, rate limits

NINJA_PAGINATION_PER_PAGE = 100

# The message gateway for residents' codes and notices (docs/operations.md, "Message gateway"):
# a backend's dotted path and its options as JSON. The console backend prints (development).
XIHU_GATEWAY = {
    "BACKEND": os.environ.get("XIHU_GATEWAY_BACKEND",
                              "xihu.apps.residents.gateway.console.ConsoleBackend"),
    "OPTIONS": json.loads(os.environ.get("XIHU_GATEWAY_OPTIONS", "{}") or "{}"),
}

# One-time set-password links (Django's token generator) expire after this many days.
PASSWORD_RESET_TIMEOUT = int(os.environ.get("XIHU_PASSWORD_LINK_DAYS", "3")) * 24 * 3600
# The address printed before the path of a set-password link by `xihu people password-link`.
XIHU_SITE_URL = os.environ.get("XIHU_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The public log (src/xihu/apps/ledger/keys.py): its name, and where its Ed25519 key lives.
XIHU_LEDGER_ORIGIN = os.environ.get("XIHU_LEDGER_ORIGIN", "xihu.local/ledger")
XIHU_LEDGER_SIGNING_KEY = os.environ.get("XIHU_LEDGER_SIGNING_KEY", "")
XIHU_LEDGER_SIGNING_KEY_FILE = os.environ.get("XIHU_LEDGER_SIGNING_KEY_FILE", "")
XIHU_LEDGER_PUBLIC_KEY = os.environ.get("XIHU_LEDGER_PUBLIC_KEY", "")
XIHU_LEDGER_REQUIRE_KEY = False
# The key electronic ballots wait under, encrypted, until their box is sealed
# (xihu.apps.voting.envelopes); defaults to SECRET_KEY. Never change it during voting week.
XIHU_BALLOT_KEY = os.environ.get("XIHU_BALLOT_KEY", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("XIHU_LOG_LEVEL", "WARNING")},
}
