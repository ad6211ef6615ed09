from django.urls import path

from xihu.apps.web import text_size, views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("editions/<slug:slug>/", views.edition_detail, name="edition"),
    path("editions/<slug:slug>/advance/", views.edition_advance, name="advance"),
    path("editions/<slug:slug>/powers/", views.edition_powers, name="powers"),
    path("editions/<slug:slug>/powers/change/", views.power_change, name="power_change"),
    path("editions/<slug:slug>/powers/revoke/<int:grant>/", views.power_revoke, name="power_revoke"),
    path("units/<slug:code>/", views.unit_detail, name="unit"),
    path("ledger/", views.ledger_page, name="ledger"),
    path("ledger/<int:index>/", views.ledger_entry, name="ledger_entry"),
    path("ledger/witnesses/", views.ledger_witnesses, name="ledger_witnesses"),
    path("text-size/", text_size.text_size, name="text_size"),
]
