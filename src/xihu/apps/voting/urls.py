from django.urls import path

from xihu.apps.voting.views import paper, public, station, tablet

app_name = "voting"
urlpatterns = [
    path("", public.figures, name="public"),
    path("record.json", public.export, name="export"),
    path("receipt/", public.receipt, name="receipt"),
    path("tablet/<str:token>/", tablet.tablet, name="tablet"),
    path("<slug:unit>/", station.desk, name="desk"),
    path("<slug:unit>/stations/", station.stations, name="stations"),
    path("<slug:unit>/stations/add/", station.station_add, name="station_add"),
    path("<slug:unit>/stations/<int:station>/box/", station.box_add, name="box_add"),
    path("<slug:unit>/stations/<int:station>/shift/", station.shift_add, name="shift_add"),
    path("<slug:unit>/boxes/<int:box>/seal/", station.seal, name="seal"),
    path("<slug:unit>/paper/", paper.paper, name="paper"),
    path("<slug:unit>/paper/<str:sheet>/", paper.adjudicate, name="adjudicate"),
]
