"""URL map: pages, the admin, the JSON API and the language switch."""

from django.contrib import admin
from django.urls import include, path

from xihu.apps.web.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("xihu.apps.accounts.urls")),
    path("proposals/", include("xihu.apps.proposals.urls")),
    path("assemblies/", include("xihu.apps.assemblies.urls")),
    path("ballots/", include("xihu.apps.ballots.urls")),
    path("voting/", include("xihu.apps.voting.urls")),
    path("results/", include("xihu.apps.results.urls")),
    # Mounted here until the pages move under /editions/<slug>/ (the lead mounts them there).
    path("editions/<slug:edition>/", include("xihu.apps.insights.urls")),
    path("", include("xihu.apps.web.urls")),
]
