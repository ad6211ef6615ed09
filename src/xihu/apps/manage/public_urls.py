"""Mounted at /editions/<slug>/roles/ (config/urls.py), before the web app's edition pages."""

from django.urls import path

from xihu.apps.manage.views import public

app_name = "roles"
urlpatterns = [
    path("", public.edition_roles, name="edition"),
]
