"""Who may vote: min_age or older on the day of voting, and living (on the register, or
declared with a proof), working or studying in the community."""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xihu.apps.accounts.identity import identity_key
from xihu.apps.organisation.models import Unit
from xihu.apps.proposals.models import RegisteredResident
from xihu.apps.voting.idnumbers import birth_date_of
from xihu.apps.voting.models import Registration
from xihu.errors import Refused

Basis = Registration.Basis

# The proofs an officer may accept for each basis other than the register (the document's
# number is not recorded, only its type).
PROOFS: dict[str, list[tuple[str, object]]] = {
    Basis.DECLARED: [("residence_permit", gettext_lazy("residence permit")),
                     ("tenancy", gettext_lazy("tenancy contract")),
                     ("property_deed", gettext_lazy("property certificate"))],
    Basis.WORK: [("employer_letter", gettext_lazy("letter from the employer")),
                 ("work_card", gettext_lazy("staff card")),
                 ("business_licence", gettext_lazy("business licence"))],
    Basis.STUDY: [("student_card", gettext_lazy("student card")),
                  ("school_letter", gettext_lazy("letter from the school"))],
}


def proof_label(code: str) -> str:
    for options in PROOFS.values():
        for value, label in options:
            if value == code:
                return str(label)
    return code


@dataclass(frozen=True)
class Voter:
    key: str
    birth_date: date
    basis: str
    proof: str


def age_reached(birth: date, years: int, on: date) -> bool:
    """True from the birthday itself; someone born on 29 February comes of age on 1 March."""
    try:
        birthday = birth.replace(year=birth.year + years)
    except ValueError:
        birthday = date(birth.year + years, 3, 1)
    return on >= birthday


def check_voter(*, community: Unit, id_number: str, name: str, basis: str, proof: str = "",
                resident: RegisteredResident | None, min_age: int, on: date) -> Voter:
    """The voter's key and facts, or Refused with every reason they may not vote here."""
    reasons: list[str] = []
    id_birth = birth_date_of(id_number or "")
    if id_birth is None:
        raise Refused(_("This is not a valid identity number (18 characters, check character)."))
    key = identity_key(id_number)
    birth = id_birth
    if basis == Basis.REGISTER:
        if resident is None:
            reasons.append(_("Choose the person's entry in the register of %(unit)s.") % {"unit": community})
        elif resident.household.community_id != community.pk:
            reasons.append(_("This register entry belongs to another community."))
        else:
            if resident.id_key and resident.id_key != key:
                reasons.append(_("The identity number does not match the register entry."))
            if name.strip() and name.strip() != resident.name:
                reasons.append(_("The name does not match the register entry."))
            birth = resident.birth_date
    elif basis in PROOFS:
        if not name.strip():
            reasons.append(_("Enter the person's name."))
        if proof not in dict(PROOFS[basis]):
            reasons.append(_("Choose the proof the person showed."))
    else:
        reasons.append(_("Choose why the person may vote here."))
    if not age_reached(birth, min_age, on):
        reasons.append(_("Voters must be %(age)s or older on the day of voting (born %(birth)s).")
                       % {"age": min_age, "birth": birth.isoformat()})
    if reasons:
        raise Refused(reasons)
    return Voter(key=key, birth_date=birth, basis=basis, proof=proof if basis in PROOFS else "")
