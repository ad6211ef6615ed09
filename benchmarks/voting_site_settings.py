"""Settings of the benchmark's server: the production settings, plus the bare peer's views
(voting_site_urls) and a middleware that reports each request's queries in a header. Only the
benchmark runs with these; they add an unchecked write path and must never be deployed."""

from xihu.config.settings.production import *  # noqa: F403
from xihu.config.settings.production import MIDDLEWARE

ROOT_URLCONF = "voting_site_urls"
MIDDLEWARE = ["voting_site_urls.QueryCount", *MIDDLEWARE]
