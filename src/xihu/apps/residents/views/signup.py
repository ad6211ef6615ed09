"""Sign-up and log-in by phone number and one-time code (the same two steps)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from xihu.apps.accounts.addresses import client_address
from xihu.apps.residents import codes
from xihu.apps.residents.forms import CodeForm, PhoneForm
from xihu.apps.residents.phones import normalise_phone, username_for
from xihu.apps.residents.views.common import show_refusal
from xihu.errors import Refused

SESSION_PHONE = "residents_phone"
BACKEND = "xihu.apps.residents.backends.PhoneCodeBackend"


def _next(request) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}):
        return wanted
    return "/residents/"


def signup(request):
    form = PhoneForm(request.POST or None, initial={"language": getattr(request, "LANGUAGE_CODE", "zh-hans")})
    if request.method == "POST" and form.is_valid():
        try:
            codes.code_send(phone=form.cleaned_data["phone"], address=client_address(request),
                            language=form.cleaned_data["language"])
        except Refused as refusal:
            show_refusal(request, refusal)
        else:
            request.session[SESSION_PHONE] = normalise_phone(form.cleaned_data["phone"])
            request.session["residents_language"] = form.cleaned_data["language"]
            messages.success(request, _("We sent a code to your phone. It is valid for 10 minutes."))
            return redirect(f"/residents/signup/code/?{urlencode({'next': _next(request)})}")
    return render(request, "residents/signup.html", {"form": form, "next": _next(request)})


def code(request):
    phone = request.session.get(SESSION_PHONE, "")
    if not phone:
        return redirect("residents:signup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(request, username=username_for(phone), phone=phone,
                            otp_token=form.cleaned_data["otp_token"],
                            language=request.session.get("residents_language", "zh-hans"))
        if user is not None:
            login(request, user, backend=BACKEND)
            request.session.pop(SESSION_PHONE, None)
            return redirect(_next(request))
        form.add_error("otp_token", _("This code is wrong or has expired. Ask for a new one if needed."))
    masked = phone[:3] + "****" + phone[-4:]
    return render(request, "residents/code.html", {"form": form, "phone": masked, "next": _next(request)})
