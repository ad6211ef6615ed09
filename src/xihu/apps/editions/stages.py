"""The stages of an edition, in order, and the powers a district can delegate."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    SETUP = "setup", _("set-up")
    COLLECTION = "collection", _("proposal collection")
    SCREENING = "screening", _("screening and merging")
    ASSEMBLY = "assembly", _("screening assemblies")
    QUOTA = "quota", _("budget quotas and ballots")
    VOTING = "voting", _("voting")
    COUNTING = "counting", _("counting")
    CONFIRMATION = "confirmation", _("street confirmation")
    PUBLISHED = "published", _("results published")
    IMPLEMENTATION = "implementation", _("implementation")


STAGE_ORDER: list[str] = list(Stage.values)


def next_stage(stage: str) -> str | None:
    index = STAGE_ORDER.index(stage)
    return STAGE_ORDER[index + 1] if index + 1 < len(STAGE_ORDER) else None


class Power(models.TextChoices):
    COLLECT = "collect", _("organise proposal collection")
    SCREEN = "screen", _("screen and merge proposals")
    ASSEMBLY = "assembly", _("hold the screening assembly")
    STATIONS = "stations", _("run polling stations")
    COUNT = "count", _("count the ballots")
    CONFIRM = "confirm", _("confirm the winners")


# Confirmation stays with the street: it is granted to streets only.
COMMUNITY_POWERS = [p for p in Power.values if p != Power.CONFIRM]
