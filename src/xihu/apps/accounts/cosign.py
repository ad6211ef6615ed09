"""A second person confirms an act on the same device with their own password (seals,
adjudication). Checked in this order, so that the form is no password oracle:

1. the person sending the form may do the act (else nothing else is looked at);
2. the second person exists and holds the role the act needs (else refused, counted as a
   failed login for that name and address);
3. only then their password, through `authenticate()`: django-axes counts a failure and locks
   the name or the address out exactly as on the login page."""

from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext as _

from xihu.apps.accounts.lockout import login_name
from xihu.apps.accounts.models import User
from xihu.apps.editions.access import decide


def cosign_problem(request, *, name: str, password: str, action: str, unit, edition,
                   requester_action: str | None = None) -> tuple[User | None, str | None]:
    """(the second person, None) when they co-sign, else (None, the reason to show)."""
    if requester_action is not None:
        decision = decide(request.user, requester_action, unit, edition)
        if not decision.allowed:
            return None, " ".join(decision.reasons)
    name = login_name(name)
    cosigner = User.objects.filter(username=name, is_active=True).first()
    if cosigner is None or not decide(cosigner, action, unit, edition).allowed:
        user_login_failed.send(sender=__name__, credentials={"username": name}, request=request)
        return None, _("The second person must be someone who may do this here (%(unit)s).") % {
            "unit": unit}
    if cosigner.pk == request.user.pk:
        return None, _("The second person must be someone else.")
    user = authenticate(request, username=name, password=password)
    if user is None or user.pk != cosigner.pk:
        return None, _("The second person's user name or password is wrong.")
    return cosigner, None
