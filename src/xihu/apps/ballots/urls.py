from django.urls import path

from xihu.apps.ballots import views

app_name = "ballots"
urlpatterns = [
    path("", views.index, name="index"),
    path("ballot/<int:pk>/", views.ballot_detail, name="ballot"),
    path("ballot/<int:pk>/freeze/", views.ballot_freeze, name="freeze"),
    path("ballot/<int:pk>/print/", views.ballot_print, name="print"),
    path("ballot/<int:pk>/runs/<int:run>.pdf", views.run_pdf, name="run_pdf"),
    path("<slug:unit>/", views.street, name="street"),
]
