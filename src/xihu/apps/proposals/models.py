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
