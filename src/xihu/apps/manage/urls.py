from django.urls import path

from xihu.apps.manage.views import password

app_name = "manage"
urlpatterns = [
    path("password/<uidb64>/<token>/", password.SetPasswordView.as_view(), name="set_password"),
]
