from django.urls import path

from xihu.apps.manage.views import (
    editions,
    home,
    lockouts,
    organisations,
    password,
    people,
    planning,
    targets,
    units,
)

app_name = "manage"
urlpatterns = [
    path("", home.index, name="index"),
    path("units/<slug:unit>/", units.unit, name="unit"),
    path("lockouts/", lockouts.lockouts, name="lockouts"),
    path("people/in/<slug:unit>/", people.people_in, name="people_in"),
    path("people/in/<slug:unit>/import/", people.people_import_page, name="people_import"),
    path("people/<str:username>/", people.person, name="person"),
    path("people/<str:username>/remove/", people.role_remove, name="role_remove"),
    path("people/<str:username>/password-link/", people.password_link, name="password_link"),
    path("districts/<slug:unit>/editions/", editions.editions_of, name="editions_of"),
    path("districts/<slug:unit>/organisations/", organisations.organisations, name="organisations"),
    path("editions/<slug:slug>/", editions.edition, name="edition"),
    path("editions/<slug:slug>/plan/", planning.plan, name="plan"),
    path("editions/<slug:slug>/budgets/", editions.budgets, name="budgets"),
    path("editions/<slug:slug>/organisations/", editions.organisation_change, name="edition_organisations"),
    path("editions/<slug:slug>/grants/", editions.grants_confirm, name="grants_confirm"),
    path("streets/<slug:unit>/target/", targets.targets, name="targets"),
    path("password/<uidb64>/<token>/", password.SetPasswordView.as_view(), name="set_password"),
]
