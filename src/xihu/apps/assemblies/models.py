"""Screening assemblies (筛选大会): attendees, round tables, nominations and the plenary vote.

An assembly belongs to one community in one edition. Its summary table (`AssemblyItem`) is a
numbered snapshot of the projects it screens. Attendees are invited or register at the door,
are checked in, and are seated at round tables. Plenary ballots are append-only rows: a
correction is a new row that points at the one it replaces.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

TABLE_MIN_RESIDENTS = 8
TABLE_MAX_RESIDENTS = 12
NOMINATIONS_PER_TABLE = 3


class Assembly(models.Model):
    edition = models.ForeignKey("editions.Edition", on_delete=models.PROTECT, related_name="assemblies")
    unit = models.ForeignKey("organisation.Unit", verbose_name=_("community"), on_delete=models.PROTECT,
                             related_name="assemblies")
    venue = models.CharField(_("venue"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    tables = models.PositiveSmallIntegerField(_("number of round tables"))
    max_choices = models.PositiveSmallIntegerField(_("most choices on a plenary ballot"), default=10)
    open_to_all = models.BooleanField(_("open to every resident"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        unique_together = [("edition", "unit")]
        ordering = ["starts_at", "pk"]
        verbose_name = _("screening assembly")
        verbose_name_plural = _("screening assemblies")

    def __str__(self) -> str:
        return f"{self.unit} · {self.starts_at:%Y-%m-%d}"


class AssemblyItem(models.Model):
    """One line of the summary table (项目汇总表) the assembly screens, numbered from 1."""

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField(_("number"))
    project = models.ForeignKey("proposals.Project", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("assembly item")
        verbose_name_plural = _("assembly items")
        ordering = ["assembly", "number"]
        unique_together = [("assembly", "number"), ("assembly", "project")]

    def __str__(self) -> str:
        return f"{self.number}. {self.project}"


class Attendee(models.Model):
    """A person at the assembly. Name, household and phone are private to the community's staff."""

    class Category(models.TextChoices):
        PROPOSER = "proposer", _("proposer")
        GROUP_LEADER = "group_leader", _("resident-group leader")
        BUILDING_LEADER = "building_leader", _("building leader")
        RESIDENT = "resident", _("resident")
        ADVISER = "adviser", _("social organisation member")

    class TableRole(models.TextChoices):
        HOST = "host", _("table host (桌长)")
        RECORDER = "recorder", _("recorder (记录员)")
        ADVISER = "adviser", _("technical adviser (技术顾问)")
        RESIDENT = "resident", _("resident")

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField(_("name"), max_length=60)
    category = models.CharField(_("invited as"), max_length=16, choices=Category.choices,
                                default=Category.RESIDENT)
    table_role = models.CharField(_("role at the table"), max_length=10, choices=TableRole.choices,
                                  default=TableRole.RESIDENT)
    household = models.ForeignKey("proposals.Household", verbose_name=_("household"), null=True,
                                  blank=True, on_delete=models.PROTECT, related_name="+")
    household_text = models.CharField(_("household (building-entrance-door)"), max_length=60, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    organisation = models.ForeignKey("organisation.SocialOrganisation", verbose_name=_("organisation"),
                                     null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    invited = models.BooleanField(_("invited"), default=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    table_no = models.PositiveSmallIntegerField(_("table"), null=True, blank=True)

    class Meta:
        ordering = ["assembly", "pk"]
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")

    def __str__(self) -> str:
        return self.name

    @property
    def household_key(self) -> str:
        """People with the same key live together (used to seat them apart)."""
        if self.household_id:
            return f"h{self.household_id}"
        text = "".join(self.household_text.split()).lower()
        return f"t{text}" if text else f"p{self.pk}"


class RoundTable(models.Model):
    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="round_tables")
    number = models.PositiveSmallIntegerField(_("table"))
    notes = models.TextField(_("recorder's notes"), blank=True)
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("round table")
        verbose_name_plural = _("round tables")
        ordering = ["assembly", "number"]
        unique_together = [("assembly", "number")]

    def __str__(self) -> str:
        return f"{self.assembly} #{self.number}"


class Nomination(models.Model):
    """One of the table's 3 nominations, with a short reason (the delegate presents it)."""

    table = models.ForeignKey(RoundTable, on_delete=models.CASCADE, related_name="nominations")
    position = models.PositiveSmallIntegerField()
    project = models.ForeignKey("proposals.Project", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["table", "position"]
        unique_together = [("table", "position"), ("table", "project")]

    def __str__(self) -> str:
        return f"{self.table} {self.position}: {self.project}"


class PlenaryBallot(models.Model):
    """One plenary ballot as entered (paper or phone), never changed: a correction is a new row
    with `corrects` set, and the corrected row no longer counts. Choices are project ids."""

    class Channel(models.TextChoices):
        PAPER = "paper", _("paper ballot")
        PHONE = "phone", _("phone at the venue")

    assembly = models.ForeignKey(Assembly, on_delete=models.PROTECT, related_name="plenary_ballots")
    serial = models.PositiveIntegerField(_("entry number"))
    choices = models.JSONField(_("choices"), default=list)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices, default=Channel.PAPER)
    corrects = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="corrected_by")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["assembly", "serial"]
        unique_together = [("assembly", "serial")]
        verbose_name = _("plenary ballot")
        verbose_name_plural = _("plenary ballots")

    def __str__(self) -> str:
        return f"{self.assembly} #{self.serial}"
