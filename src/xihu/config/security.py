"""Security settings shared by every environment (imported by settings.base), each read from the
environment where a district's deployment may differ. docs/operations.md explains each one.

Logins (django-axes): failures are counted per login name (normalised as authentication
normalises it) and, with a higher limit, per client address. Behind a reverse proxy every
request comes from the proxy's address, so the proxy's header that carries the client's address
must be named (XIHU_PROXY_CLIENT_HEADER), or all clients would share one address."""

import os

from csp.constants import NONE, SELF

from xihu.config.maps import XIHU_MAP_LABELS_URL, XIHU_MAP_TILE_URL, tile_sources


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, str(default)))


# --- client address -------------------------------------------------------------------------
# The request.META key of the header in which the trusted reverse proxy puts the client's
# address, e.g. "HTTP_X_FORWARDED_FOR" (nginx: proxy_set_header X-Forwarded-For
# $proxy_add_x_forwarded_for) or "HTTP_X_REAL_IP". Empty: REMOTE_ADDR (no proxy).
XIHU_PROXY_CLIENT_HEADER = os.environ.get("XIHU_PROXY_CLIENT_HEADER", "").strip()
# How many proxies of yours stand in front of the app: the client's address is the one that
# many places from the right of X-Forwarded-For (what the first of your proxies appended).
XIHU_PROXY_COUNT = _int("XIHU_PROXY_COUNT", 1)

# --- logins ---------------------------------------------------------------------------------
XIHU_LOGIN_MAX_FAILURES = _int("XIHU_LOGIN_MAX_FAILURES", 5)  # per login name
XIHU_LOGIN_MAX_FAILURES_PER_ADDRESS = _int("XIHU_LOGIN_MAX_FAILURES_PER_ADDRESS", 30)
XIHU_LOGIN_WINDOW_SECONDS = _int("XIHU_LOGIN_WINDOW_SECONDS", 900)

AXES_ENABLED = True
AXES_HANDLER = "xihu.apps.accounts.lockout.XihuAxesHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own, with its own limit
AXES_FAILURE_LIMIT = "xihu.apps.accounts.lockout.failure_limit"  # reads the settings above
AXES_COOLOFF_TIME = "xihu.apps.accounts.lockout.cool_off"
AXES_USERNAME_CALLABLE = "xihu.apps.accounts.lockout.attempted_name"
AXES_CLIENT_IP_CALLABLE = "xihu.apps.accounts.addresses.client_address"
AXES_LOCKOUT_CALLABLE = "xihu.apps.accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True  # only the name that logged in (XihuAxesHandler), never the address
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_ACCESS_FAILURE_LOG_PER_USER_LIMIT = 1000
AXES_HTTP_RESPONSE_CODE = 429
AXES_SENSITIVE_PARAMETERS = ["password", "cosigner_password", "new_password1", "new_password2",
                             "old_password"]
AXES_VERBOSE = False

# --- passwords and sessions -----------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": _int("XIHU_PASSWORD_MIN_LENGTH", 10)}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Django's database sessions (same table, same expiry), loaded by one plain statement
# (accounts/sessions.py).
SESSION_ENGINE = "xihu.apps.accounts.sessions"
# A session of anyone holding a role other than resident (or admin-site access) ends this long
# after the login; residents keep Django's default (two weeks).
XIHU_STAFF_SESSION_SECONDS = _int("XIHU_STAFF_SESSION_MINUTES", 240) * 60
# Irreversible acts (advancing a stage, freezing a ballot, closing a count, revoking a power,
# confirming winners) ask for the password again when the last one is older than this.
XIHU_REAUTH_SECONDS = _int("XIHU_REAUTH_MINUTES", 15) * 60

# --- Content-Security-Policy (django-csp) ---------------------------------------------------
# Enforced: no page needs an inline script, an inline style or an on*= handler (scripts are
# static files, data goes through data-* attributes or json_script; tests/web/test_csp_templates
# scans the templates; tests/e2e/test_accessibility_*.py load the pages under the policy).
# XIHU_CSP_REPORT_ONLY=1 sends the same policy as Content-Security-Policy-Report-Only instead,
# e.g. to try a page of one's own before enforcing it.
_CSP = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # the map tiles' host (config/maps.py): Leaflet loads them as <img>
        "img-src": [SELF, "data:", *tile_sources(XIHU_MAP_TILE_URL, XIHU_MAP_LABELS_URL)],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
if os.environ.get("XIHU_CSP_REPORT_URI"):
    _CSP["DIRECTIVES"]["report-uri"] = [os.environ["XIHU_CSP_REPORT_URI"]]
XIHU_CSP_REPORT_ONLY = os.environ.get("XIHU_CSP_REPORT_ONLY", "").lower() in {"1", "true", "yes", "on"}
if XIHU_CSP_REPORT_ONLY:
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP
else:
    CONTENT_SECURITY_POLICY = _CSP

# --- rate limits ----------------------------------------------------------------------------
# Anonymous online proposals: at most this many per client address and per phone number given,
# as "N/s", "N/m", "N/h" or "N/d". Counted in the database (web.RateCounter), so every worker
# and every machine shares the count (docs/decisions.md says why not a cache).
XIHU_PROPOSAL_RATE_ADDRESS = os.environ.get("XIHU_PROPOSAL_RATE_ADDRESS", "10/h")
XIHU_PROPOSAL_RATE_PHONE = os.environ.get("XIHU_PROPOSAL_RATE_PHONE", "5/d")

# Residents' one-time codes (xihu.apps.residents.codes): codes sent per phone number and per
# client address, and how long a code lasts; online verification attempts per account.
# Wrong codes are counted by django-axes like wrong passwords (XIHU_LOGIN_MAX_FAILURES).
XIHU_CODE_RATE_PHONE = os.environ.get("XIHU_CODE_RATE_PHONE", "5/h")
XIHU_CODE_RATE_ADDRESS = os.environ.get("XIHU_CODE_RATE_ADDRESS", "20/h")
XIHU_CODE_TTL_SECONDS = _int("XIHU_CODE_TTL_SECONDS", 600)
XIHU_VERIFY_RATE = os.environ.get("XIHU_VERIFY_RATE", "5/h")
# A change of state followed by at most this many gives its notices at once, after the commit;
# a bigger fan-out is sent by `xihu send_notices` (cron, every minute), off the request.
XIHU_NOTICE_SEND_INLINE_MAX = _int("XIHU_NOTICE_SEND_INLINE_MAX", 20)

# --- input limits ---------------------------------------------------------------------------
XIHU_MAX_QUERY_VALUE = _int("XIHU_MAX_QUERY_VALUE", 2000)  # characters of one query value
XIHU_MAX_FORM_VALUE = _int("XIHU_MAX_FORM_VALUE", 20000)  # characters of one form value
