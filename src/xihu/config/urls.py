"""URL map: pages, the admin, the JSON API and the language switch.

Every stage page carries its edition: /editions/<slug>/proposals/..., .../assemblies/...,
.../ballots/..., .../voting/..., .../results/... The unscoped URLs of before redirect there."""

from django.contrib import admin
from django.urls import include, path, re_path

from xihu.apps.web.api import api
from xihu.apps.web.language import set_language
from xihu.apps.web.legacy import LEGACY_APPS, legacy_redirect

EDITION = "editions/<slug:edition>/"

# Styled error pages in the reader's language, with the reason (see web/errors.py).
handler400 = "xihu.apps.web.errors.bad_request"
handler403 = "xihu.apps.web.errors.permission_denied"
handler404 = "xihu.apps.web.errors.page_not_found"
handler500 = "xihu.apps.web.errors.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("i18n/setlang/", set_language, name="set_language"),  # no CSRF token: web/language.py
    path("accounts/", include("xihu.apps.accounts.urls")),
    path("manage/", include("xihu.apps.manage.urls")),
    path("residents/", include("xihu.apps.residents.urls")),
    path("editions/<slug:slug>/roles/", include("xihu.apps.manage.public_urls")),
    path(EDITION + "proposals/", include("xihu.apps.proposals.urls")),
    path(EDITION + "assemblies/", include("xihu.apps.assemblies.urls")),
    path(EDITION + "ballots/", include("xihu.apps.ballots.urls")),
    path(EDITION + "voting/", include("xihu.apps.voting.urls")),
    path(EDITION + "results/", include("xihu.apps.results.urls")),
    path(EDITION + "maps/", include("xihu.apps.maps.urls")),
    path(EDITION, include("xihu.apps.insights.urls")),
    re_path(rf"^(?P<app>{'|'.join(LEGACY_APPS)})/(?P<rest>.*)$", legacy_redirect, name="legacy"),
    path("", include("xihu.apps.web.urls")),
]
