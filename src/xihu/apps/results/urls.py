"""Public results, count sessions, confirmation and implementation pages (under
/editions/<slug>/results/)."""

from django.urls import path

from xihu.apps.results import views

app_name = "results"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("evaluation/", views.evaluation_page, name="evaluation"),
    path("export.zip", views.export_download, name="export"),
    path("count/<slug:unit>/", views.count_page, name="count"),
    path("count/<slug:unit>/open/", views.session_open, name="session_open"),
    path("sessions/<int:pk>/", views.session_page, name="session"),
    path("sessions/<int:pk>/typed/", views.typed_total, name="typed_total"),
    path("sessions/<int:pk>/explain/", views.explain, name="explain"),
    path("sessions/<int:pk>/boxes/<int:box>/sign/", views.sign_box, name="sign_box"),
    path("sessions/<int:pk>/close/", views.close, name="close"),
    path("confirm/<slug:unit>/", views.confirm_page, name="confirm"),
    path("confirm/ballot/<int:ballot>/", views.confirm, name="confirm_ballot"),
    path("projects/<int:item>/", views.item_page, name="item"),
    path("projects/<int:item>/update/", views.item_update, name="item_update"),
    path("photos/<int:update>/", views.photo, name="photo"),
    path("<slug:code>/", views.unit_page, name="unit"),
]
