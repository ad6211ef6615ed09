"""Mounted under /editions/<slug:edition>/ (kwarg `edition`, the edition's slug)."""

from django.urls import path

from xihu.apps.insights import views

app_name = "insights"
urlpatterns = [
    path("evaluation/", views.evaluation_page, name="evaluation"),
    path("evaluation/report.pdf", views.evaluation_pdf, name="evaluation_pdf"),
    path("evaluation/log/", views.log_page, name="log"),
    path("analytics/", views.analytics_page, name="analytics"),
    path("dashboard/", views.dashboard_page, name="dashboard"),
]
