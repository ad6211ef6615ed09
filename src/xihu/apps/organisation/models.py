"""The administrative tree (district -> streets -> communities) and social organisations."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Bilingual(models.Model):
    """A name in Chinese (the default) and English, shown in the reader's language."""

    name = models.CharField(_("name (Chinese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if (get_language() or "").startswith("en") and self.name_en:
            return self.name_en
        return self.name


class UnitQuerySet(models.QuerySet):
    def live(self):
        """Units not retired: the ones new editions budget for."""
        return self.filter(retired_at__isnull=True)


class Unit(Bilingual):
    class Kind(models.TextChoices):
        DISTRICT = "district", _("district")
        STREET = "street", _("street")
        COMMUNITY = "community", _("community")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    residents = models.PositiveIntegerField(
        _("registered residents"), default=0,
        help_text=_("Permanent residents: the denominator of turnout."),
    )
    retired_at = models.DateTimeField(
        _("retired at"), null=True, blank=True,
        help_text=_("A retired unit keeps its history and gets no budget in new editions."),
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="district", parent__isnull=True)
                | models.Q(parent__isnull=False) & ~models.Q(kind="district"),
                name="unit_parent_matches_kind",
            )
        ]

    @property
    def street(self) -> "Unit | None":
        if self.kind == self.Kind.STREET:
            return self
        return self.parent if self.kind == self.Kind.COMMUNITY else None

    @property
    def district(self) -> "Unit":
        unit = self
        while unit.parent_id is not None:
            unit = unit.parent
        return unit

    def contains(self, other: "Unit") -> bool:
        """True if `other` is this unit or lies beneath it."""
        unit = other
        while unit is not None:
            if unit.pk == self.pk:
                return True
            unit = unit.parent
        return False


class SocialOrganisation(Bilingual):
    class Kind(models.TextChoices):
        UNIVERSITY_VOLUNTEERS = "university_volunteers", _("university volunteer association")
        ALUMNI = "alumni", _("alumni association")
        COMMUNITY_GROUP = "community_group", _("community group")
        EXPERT_GROUP = "expert_group", _("expert group")

    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    home_unit = models.ForeignKey(
        Unit, verbose_name=_("home unit"), on_delete=models.PROTECT, related_name="organisations",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="OrganisationMembership", related_name="organisations",
    )

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("social organisation")
        verbose_name_plural = _("social organisations")


class OrganisationMembership(models.Model):
    organisation = models.ForeignKey(SocialOrganisation, on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    is_leader = models.BooleanField(_("leader"), default=False)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)

    class Meta:
        unique_together = [("organisation", "user")]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"
