"""Builders for the residents' tests: a register with identity numbers, signed-up accounts."""

from datetime import date

from xihu.apps.accounts.identity import identity_key
from xihu.apps.proposals.models import Household, RegisteredResident
from xihu.apps.residents import services
from xihu.apps.voting.idnumbers import with_check_character

# (name, identity number, birth date): numbers valid by their check character
PEOPLE = [("王芳", with_check_character("33010619900101002"), date(1990, 1, 1)),
          ("李强", with_check_character("33010619550601003"), date(1955, 6, 1)),
          ("陈静", with_check_character("33010620000302004"), date(2000, 3, 2))]


def make_register(community) -> list[RegisteredResident]:
    household = Household.objects.create(community=community, household_no="H1", building="3栋",
                                         entrance="1", door="101")
    return [RegisteredResident.objects.create(household=household, name=name, birth_date=born,
                                              id_key=identity_key(number))
            for name, number, born in PEOPLE]


def signed_up(phone: str, language: str = "zh-hans"):
    return services.account_for_phone(phone=phone, language=language)


def verified(phone: str, community, person: int = 0, language: str = "zh-hans"):
    name, number, _born = PEOPLE[person]
    account = signed_up(phone, language)
    return services.verify_online(account=account, name=name, id_number=number, community=community)
