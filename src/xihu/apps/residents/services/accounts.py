"""Sign-up by phone, and verification against the register (online or in person)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xihu.apps.accounts.identity import identity_key
from xihu.apps.accounts.models import Role, RoleAssignment
from xihu.apps.editions.access import require
from xihu.apps.ledger.services import ledger_append
from xihu.apps.organisation.models import Unit
from xihu.apps.proposals.models import RegisteredResident
from xihu.apps.residents.gateway import masked
from xihu.apps.residents.models import Language, ResidentAccount, Verification
from xihu.apps.residents.phones import normalise_phone, username_for
from xihu.apps.voting.ages import age_band
from xihu.apps.voting.idnumbers import birth_date_of
from xihu.apps.web.ratelimit import hit
from xihu.errors import Refused


def _language(value: str) -> str:
    return value if value in Language.values else Language.ZH


@transaction.atomic
def account_for_phone(*, phone: str, language: str = Language.ZH) -> ResidentAccount:
    """The account of a phone number whose code was just checked; created on first use."""
    number = normalise_phone(phone)
    if not number:
        raise Refused(_("Enter a mainland mobile number (11 digits)."))
    found = ResidentAccount.objects.select_related("user").filter(phone=number).first()
    if found is not None:
        return found
    # the name shown in the page header: the masked number (the log shows only the username)
    user = get_user_model()(username=username_for(number), display_name=masked(number))
    user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save()
            account = ResidentAccount.objects.create(user=user, phone=number,
                                                     language=_language(language))
    except IntegrityError:  # the same number signed up at the same moment
        return ResidentAccount.objects.select_related("user").get(phone=number)
    ledger_append(actor=user, action="resident.signup", obj=account, payload={})
    return account


@transaction.atomic
def language_set(*, account: ResidentAccount, language: str) -> ResidentAccount:
    account.language = _language(language)
    ResidentAccount.objects.filter(pk=account.pk).update(language=account.language)
    ledger_append(actor=account.user, action="resident.language", obj=account,
                  payload={"language": account.language})
    return account


def _verify(account: ResidentAccount, entry: RegisteredResident, how: str, actor) -> ResidentAccount:
    account = ResidentAccount.objects.select_for_update().get(pk=account.pk)
    if account.verified:
        raise Refused(_("This account is already verified."))
    if ResidentAccount.objects.filter(register_entry=entry).exists():
        raise Refused(_("This person of the register already has a verified account. If it is "
                        "not yours, please go to your community's office."))
    community = entry.household.community
    account.register_entry, account.community = entry, community
    account.age_band = age_band(entry.birth_date, timezone.localdate())
    account.verified_at, account.verified_how = timezone.now(), how
    account.verified_by = actor if how == Verification.IN_PERSON else None
    try:
        with transaction.atomic():
            account.save()
    except IntegrityError as error:
        raise Refused(_("This person of the register already has a verified account. If it is "
                        "not yours, please go to your community's office.")) from error
    if not RoleAssignment.objects.filter(user=account.user, role=Role.RESIDENT, unit=community).exists():
        RoleAssignment.objects.create(user=account.user, role=Role.RESIDENT, unit=community,
                                      granted_by=actor)
    ledger_append(actor=actor, action="resident.verify", obj=account, payload={
        "account": account.user.get_username(), "community": community.code, "how": how,
    })
    return account


def verify_online(*, account: ResidentAccount, name: str, id_number: str,
                  community: Unit) -> ResidentAccount:
    """Checked against the register: the community's entry with this name whose keyed hash is
    the hash of this identity number. The number is hashed and forgotten. Attempts are counted
    per account (settings XIHU_VERIFY_RATE) before, and apart from, the check's transaction."""
    if not hit("verify-account", str(account.pk), settings.XIHU_VERIFY_RATE):
        raise Refused(_("Too many attempts to verify this account. Please try again later, or "
                        "go to your community's office."))
    return _verify_online(account, name, id_number, community)


@transaction.atomic
def _verify_online(account, name, id_number, community) -> ResidentAccount:
    if account.verified:
        raise Refused(_("This account is already verified."))
    if community.kind != Unit.Kind.COMMUNITY:
        raise Refused(_("Choose your community."))
    if birth_date_of(id_number or "") is None:
        raise Refused(_("This is not a valid identity number (18 characters, check character)."))
    entry = (RegisteredResident.objects.select_related("household__community")
             .filter(household__community=community, id_key=identity_key(id_number),
                     name=(name or "").strip()).first())
    if entry is None:
        raise Refused(_("No one with this name and identity number is on the register of "
                        "%(unit)s. Check what you typed, or go to your community's office.")
                      % {"unit": community})
    return _verify(account, entry, Verification.ONLINE, account.user)


@transaction.atomic
def verify_in_person(*, account: ResidentAccount, entry: RegisteredResident, actor) -> ResidentAccount:
    """The community's staff saw the person and their identity card, and chose their entry."""
    require(actor, "verify_residents", entry.household.community, None)
    return _verify(account, entry, Verification.IN_PERSON, actor)
