"""An edition (one PB cycle), its budgets, planned stage dates, stage history and power grants."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xihu.apps.editions.stages import Power, Stage
from xihu.apps.organisation.models import Bilingual, Unit


class Edition(Bilingual):
    class Rule(models.TextChoices):
        GREEDY = "greedy", _("greedy by votes (skip what does not fit)")
        GREEDY_STOP = "greedy-stop", _("greedy by votes (stop at the first that does not fit)")
        MES = "mes", _("Method of Equal Shares")

    class TieBreak(models.TextChoices):
        LOWER_COST = "lower_cost", _("the cheaper project first")
        PROJECT_ORDER = "project_order", _("the project listed first on the ballot")
        REFUSE = "refuse", _("no automatic tie-break: the tie is reported")

    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    district = models.ForeignKey(
        Unit, verbose_name=_("district"), on_delete=models.PROTECT, related_name="editions",
        limit_choices_to={"kind": Unit.Kind.DISTRICT},
    )
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices, default=Stage.SETUP)
    stage_changed_at = models.DateTimeField(_("stage changed at"), null=True, blank=True)
    community_budget = models.PositiveBigIntegerField(_("budget per community (yuan)"), default=300_000)
    street_budget = models.PositiveBigIntegerField(_("budget per street (yuan)"), default=1_000_000)
    max_choices = models.PositiveSmallIntegerField(_("most choices on a ballot"), default=5)
    min_age = models.PositiveSmallIntegerField(_("minimum voting age"), default=15)
    selection_rule = models.CharField(
        _("selection rule"), max_length=16, choices=Rule.choices, default=Rule.GREEDY
    )
    tie_break = models.CharField(
        _("tie-break"), max_length=16, choices=TieBreak.choices, default=TieBreak.LOWER_COST
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("edition")
        verbose_name_plural = _("editions")


class BudgetCommitment(models.Model):
    """The amount promised to a unit before collection starts (目标承诺)."""

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="budgets")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT)
    amount = models.PositiveBigIntegerField(_("amount (yuan)"))

    class Meta:
        unique_together = [("edition", "unit")]
        verbose_name = _("budget commitment")
        verbose_name_plural = _("budget commitments")

    def __str__(self) -> str:
        return f"{self.unit}: {self.amount}"


class StagePlan(models.Model):
    """When a stage is planned to run: shown on the public timeline beside what happened."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="plans")
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("stage plan")
        verbose_name_plural = _("stage plans")
        ordering = ["starts_at"]
        unique_together = [("edition", "stage")]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.starts_at:%Y-%m-%d}"


class StageChange(models.Model):
    """One guarded transition: who moved the edition from which stage to which, and when."""

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="stage_changes")
    from_stage = models.CharField(max_length=16, choices=Stage.choices)
    to_stage = models.CharField(max_length=16, choices=Stage.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_stage} -> {self.to_stage}"


class PowerGrant(models.Model):
    """Empowerment (赋权): a unit grants one power to the unit directly beneath it."""

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="grants")
    grantor = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="grants_given")
    grantee = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="grants_held")
    power = models.CharField(_("power"), max_length=12, choices=Power.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("power grant")
        verbose_name_plural = _("power grants")
        ordering = ["granted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "grantee", "power"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_live_grant_per_power",
            )
        ]

    def __str__(self) -> str:
        return f"{self.grantor} -> {self.grantee}: {self.power}"


class StagePlanChange(models.Model):
    """Append-only history of a stage's planned dates: every planning and re-planning, who did
    it, when, and (required once the stage has started) why. Shown on the public timeline."""

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="plan_changes")
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices)
    previous_starts_at = models.DateTimeField(_("previous start"), null=True, blank=True)
    previous_ends_at = models.DateTimeField(_("previous end"), null=True, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    stage_had_started = models.BooleanField(_("the stage had started"), default=False)
    reason = models.TextField(_("reason"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("change of a stage plan")
        verbose_name_plural = _("changes of stage plans")

    def __str__(self) -> str:
        return f"{self.edition_id} {self.stage} {self.at:%Y-%m-%d %H:%M}"

    @property
    def is_replan(self) -> bool:
        return self.previous_starts_at is not None


class GrantProposal(models.Model):
    """The powers a unit granted in an earlier edition, proposed again when an edition is
    copied. Nothing in it is in force until the grantor confirms it (one step per grantor)."""

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="grant_proposals")
    source = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="+")
    grantor = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    items = models.JSONField(_("proposed grants"), default=list)  # [[grantee code, power], ...]
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        unique_together = [("edition", "grantor")]
        verbose_name = _("proposed grants")
        verbose_name_plural = _("proposed grants")

    def __str__(self) -> str:
        return f"{self.grantor}: {len(self.items)}"


class EditionOrganisation(models.Model):
    """A social organisation taking part in an edition (recruited at its launch)."""

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="organisations")
    organisation = models.ForeignKey(
        "organisation.SocialOrganisation", verbose_name=_("social organisation"),
        on_delete=models.PROTECT, related_name="editions",
    )
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "organisation"], condition=models.Q(withdrawn_at__isnull=True),
                name="one_live_participation",
            )
        ]
        verbose_name = _("organisation taking part")
        verbose_name_plural = _("organisations taking part")

    def __str__(self) -> str:
        return f"{self.organisation} @ {self.edition}"
