"""The register of permanent residents (常住人口花名册) and who visits which building."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Household(models.Model):
    """A household of the register of permanent residents (常住人口花名册), per community.

    Contract for voting: eligibility by residence looks residents up here."""

    community = models.ForeignKey(
        "organisation.Unit", verbose_name=_("community"), on_delete=models.PROTECT,
        related_name="households",
    )
    household_no = models.CharField(_("household number"), max_length=40)
    building = models.CharField(_("building"), max_length=40)
    entrance = models.CharField(_("unit / entrance"), max_length=20, blank=True)
    door = models.CharField(_("door"), max_length=20, blank=True)

    class Meta:
        unique_together = [("community", "household_no")]
        ordering = ["community", "building", "entrance", "door"]
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return f"{self.building}-{self.entrance}-{self.door}"


class RegisteredResident(models.Model):
    """A member of a household. The identity number is kept only as a keyed hash
    (xihu.apps.accounts.identity.identity_key), and only when the register gives one."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="members")
    name = models.CharField(_("name"), max_length=60)
    birth_date = models.DateField(_("birth date"))
    id_key = models.CharField(_("identity key"), max_length=64, blank=True, db_index=True)

    class Meta:
        ordering = ["household", "pk"]
        verbose_name = _("registered resident")
        verbose_name_plural = _("registered residents")

    def __str__(self) -> str:
        return self.name


class BuildingAssignment(models.Model):
    """Community staff assign a building to a collector for door-to-door visits."""

    edition = models.ForeignKey("editions.Edition", on_delete=models.PROTECT, related_name="+")
    community = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="+")
    building = models.CharField(_("building"), max_length=40)
    collector = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="building_assignments")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("building assignment")
        verbose_name_plural = _("building assignments")
        unique_together = [("edition", "community", "building", "collector")]
        ordering = ["building", "pk"]

    def __str__(self) -> str:
        return f"{self.building} · {self.collector}"
