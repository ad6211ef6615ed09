"""Proposals and the projects they are merged into.

`Project` is the contract other stages build on: assemblies rank projects, quotas price them,
ballots list them. A project is live until a merge is undone (dissolved_at set); nothing is
ever deleted.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    COMMUNITY = "community", _("community project")
    STREET = "street", _("street project")


class ProjectQuerySet(models.QuerySet):
    def live(self):
        return self.filter(dissolved_at__isnull=True)


class Project(models.Model):
    edition = models.ForeignKey("editions.Edition", on_delete=models.PROTECT, related_name="projects")
    unit = models.ForeignKey(
        "organisation.Unit", verbose_name=_("unit"), on_delete=models.PROTECT,
        related_name="projects", help_text=_("The community, or the street for street projects."),
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(_("category"), max_length=40, blank=True)
    location_text = models.CharField(_("location"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    dissolved_at = models.DateTimeField(_("dissolved at"), null=True, blank=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self) -> str:
        return self.title


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
