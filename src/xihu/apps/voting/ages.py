"""Age bands of voters (PROCESS.md 3.8: participation by age group). A registration keeps the
band its voter was in on the day of voting, computed from the birth date on the identity
number (or the register); the birth date itself is never stored."""

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _


class AgeBand(models.TextChoices):
    UNDER_15 = "0-14", _("under 15")
    B15 = "15-24", "15-24"
    B25 = "25-34", "25-34"
    B35 = "35-44", "35-44"
    B45 = "45-54", "45-54"
    B55 = "55-64", "55-64"
    B65 = "65+", _("65 and over")


# (lowest age, band), highest first.
_LOWER_BOUNDS = [(65, AgeBand.B65), (55, AgeBand.B55), (45, AgeBand.B45), (35, AgeBand.B35),
                 (25, AgeBand.B25), (15, AgeBand.B15)]


def age_on(birth: date, on: date) -> int:
    """Completed years on `on` (someone born on 29 February ages on 1 March in common years)."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def band_of_age(age: int) -> str:
    for lowest, band in _LOWER_BOUNDS:
        if age >= lowest:
            return band.value
    return AgeBand.UNDER_15.value


def age_band(birth: date, on: date) -> str:
    return band_of_age(age_on(birth, on))
