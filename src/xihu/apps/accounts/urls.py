from django.contrib.auth import views as auth_views
from django.urls import path

from xihu.apps.accounts.reauth import reauth
from xihu.apps.accounts.views import LoginView

app_name = "accounts"
urlpatterns = [
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("confirm/", reauth, name="reauth"),
]
