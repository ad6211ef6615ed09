from django.urls import path

from xihu.apps.assemblies import views

app_name = "assemblies"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:unit>/", views.unit_page, name="unit"),
    path("<slug:unit>/refresh/", views.refresh_summary, name="refresh"),
    path("<slug:unit>/attendees/", views.attendees, name="attendees"),
    path("<slug:unit>/seating/", views.seating, name="seating"),
    path("<slug:unit>/tables/<int:number>/", views.table, name="table"),
    path("<slug:unit>/tables/<int:number>/sheet.pdf", views.table_sheet, name="table_sheet"),
    path("<slug:unit>/plenary/", views.plenary, name="plenary"),
    path("<slug:unit>/projector/", views.projector, name="projector"),
    path("<slug:unit>/ranking/", views.ranking, name="ranking"),
]
