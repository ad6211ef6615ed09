"""Projects (what assemblies rank and ballots list) and their provenance from proposals.

A project is live until it is dissolved (dissolved_at set): when it is merged into a bigger
project, when its merge is undone, or when its only proposal is excluded. Nothing is deleted.
Every non-excluded proposal is the source of exactly one live project: `ProjectSource` rows
link them, and a database constraint allows one unreleased link per proposal.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    COMMUNITY = "community", _("community project")
    STREET = "street", _("street project")


class MergeMode(models.TextChoices):
    SINGLE = "single", _("one proposal")
    SEPARATE_LOCATIONS = "a", _("(a) same content, locations kept separate")
    ONE_LOCATION = "b", _("(b) same content, locations merged into one")
    CASE_BY_CASE = "c", _("(c) content and location merged case by case")


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
    mode = models.CharField(_("merge mode"), max_length=6, choices=MergeMode.choices,
                            default=MergeMode.SINGLE)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    dissolved_at = models.DateTimeField(_("dissolved at"), null=True, blank=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        indexes = [models.Index(fields=["edition", "unit", "dissolved_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_live(self) -> bool:
        return self.dissolved_at is None

    @property
    def category_label(self) -> str:
        from xihu.apps.proposals.models.proposals import Category

        return str(Category(self.category).label) if self.category in Category.values else self.category


class ProjectSource(models.Model):
    """Provenance: `proposal` is a source of `project` from created_at until released_at."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="sources")
    proposal = models.ForeignKey("proposals.Proposal", on_delete=models.PROTECT, related_name="links")
    created_at = models.DateTimeField(auto_now_add=True)
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("source of a project")
        verbose_name_plural = _("sources of projects")
        ordering = ["project", "proposal"]
        constraints = [
            models.UniqueConstraint(fields=["proposal"], condition=models.Q(released_at__isnull=True),
                                    name="one_live_project_per_proposal"),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} -> {self.project_id}"


class ProjectPart(models.Model):
    """A merge's record of what it was made of: `part` was merged into `project`. Append-only;
    undoing the merge restores each part (so a merge of merges undoes one step at a time)."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="parts")
    part = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["project", "part"]
        constraints = [models.UniqueConstraint(fields=["project", "part"], name="one_part_row_per_merge")]

    def __str__(self) -> str:
        return f"{self.part_id} -> {self.project_id}"
