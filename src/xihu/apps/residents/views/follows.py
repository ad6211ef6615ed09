"""Following proposals and projects, the notices page, and the signed unsubscribe link."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xihu.apps.proposals.models import Project
from xihu.apps.residents import services
from xihu.apps.residents.events import follow_of_token
from xihu.apps.residents.forms import ReceiptFollowForm
from xihu.apps.residents.models import Follow, Notice
from xihu.apps.residents.selectors import follows_of
from xihu.apps.residents.texts import notice_text_in
from xihu.apps.residents.views.common import resident_required, show_refusal
from xihu.errors import Refused


@resident_required
def follows(request, account):
    form = ReceiptFollowForm(request.POST or None, initial={"code": request.GET.get("code", "")})
    if request.method == "POST" and form.is_valid():
        try:
            follow = services.follow_receipt(account=account, code=form.cleaned_data["code"])
        except Refused as refusal:
            show_refusal(request, refusal)
        else:
            messages.success(request, _("You follow proposal %(code)s. You will get a notice at each "
                                        "step.") % {"code": follow.proposal.receipt_code})
            return redirect("residents:follows")
    return render(request, "residents/follows.html", {"form": form, "follows": follows_of(account),
                                                      "account": account})


@require_POST
@resident_required
def follow_project(request, account, pk):
    project = get_object_or_404(Project, pk=pk)
    try:
        services.follow_project(account=account, project=project)
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("You follow project “%(title)s”.") % {"title": project.title})
    return redirect("residents:follows")


@require_POST
@resident_required
def unfollow(request, account, pk):
    follow = get_object_or_404(Follow, pk=pk, account=account)
    services.unfollow(follow=follow)
    messages.success(request, _("You no longer follow it."))
    return redirect("residents:follows")


@resident_required
def notices(request, account):
    shown = list(Notice.objects.filter(account=account).select_related("follow")[:200])
    language = account.language
    rows = [{"notice": n, "text": notice_text_in(language, n.kind, n.params)} for n in shown]
    unread = [n.pk for n in shown if n.read_at is None]
    if unread:
        Notice.objects.filter(pk__in=unread).update(read_at=timezone.now())
    return render(request, "residents/notices.html", {"rows": rows, "unread": set(unread)})


def unsubscribe(request, token):
    """The link in every notice: no log-in needed, the signed token is the proof."""
    follow_id = follow_of_token(token)
    follow = Follow.objects.filter(pk=follow_id).select_related("proposal", "project").first() if follow_id else None
    if follow is None:
        raise Http404
    if request.method == "POST":
        services.unfollow(follow=follow)
        messages.success(request, _("You will get no more notices about it."))
    return render(request, "residents/unsubscribe.html", {"follow": follow})
