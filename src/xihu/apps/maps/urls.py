"""Maps (under /editions/<slug>/maps/)."""

from django.urls import path

from xihu.apps.maps import views

app_name = "maps"
urlpatterns = [
    path("", views.funded, name="funded"),
    path("<slug:unit>/", views.unit_map, name="unit"),
]
