"""Shared by the residents' pages: the account of the logged-in user, and refusals as messages."""

from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect

from xihu.apps.residents.models import ResidentAccount


def account_of(user) -> ResidentAccount | None:
    if not user.is_authenticated:
        return None
    return ResidentAccount.objects.select_related("community", "user").filter(user=user).first()


def resident_required(view):
    """The page needs a resident's account (signed up by phone); others go to the sign-up."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        account = account_of(request.user)
        if account is None:
            return redirect(f"/residents/signup/?{urlencode({'next': request.path})}")
        return view(request, account, *args, **kwargs)

    return wrapped


def show_refusal(request, refusal) -> None:
    for reason in refusal.reasons:
        messages.error(request, reason)
