from django.urls import path

from xihu.apps.residents.views import account, follows, mine, signup, vote

app_name = "residents"
urlpatterns = [
    path("", account.home, name="home"),
    path("signup/", signup.signup, name="signup"),
    path("signup/code/", signup.code, name="code"),
    path("verify/", account.verify, name="verify"),
    path("staff/<slug:unit>/verify/", account.staff_verify, name="staff_verify"),
    path("propose/", mine.propose, name="propose"),
    path("mine/", mine.mine, name="mine"),
    path("follows/", follows.follows, name="follows"),
    path("follows/<int:pk>/end/", follows.unfollow, name="unfollow"),
    path("follow/project/<int:pk>/", follows.follow_project, name="follow_project"),
    path("notices/", follows.notices, name="notices"),
    path("unsubscribe/<str:token>/", follows.unsubscribe, name="unsubscribe"),
    path("vote/", vote.vote, name="vote"),
]
