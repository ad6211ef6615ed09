"""Screening: the seven reasons a proposal may be excluded (PROCESS.md 3.3), and the
append-only history of exclusions and of the street's review."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExclusionReason(models.TextChoices):
    """Exactly seven; the platform refuses any other ground for excluding a proposal."""

    NOT_PUBLIC = "not_public", _("not in the public interest (不属于公共利益范畴)")
    OTHER_PARTY = "other_party", _("another party is responsible, e.g. the property company (有其他责任主体)")
    UNLAWFUL = "unlawful", _("violates policy or law (违反政策法规)")
    GOVERNMENT = "government", _("duplicates a government project built or planned (与政府在建或拟建项目重复)")
    CAPACITY = "capacity", _("beyond the street's capacity to build (超出街道建设能力范围)")
    INFEASIBLE = "infeasible", _("not technically feasible (不具有技术可行性)")
    OVER_BUDGET = "over_budget", _("clearly over the budget limit (明显超出预算限额)")


class Decision(models.TextChoices):
    EXCLUDE = "exclude", _("excluded by the community")
    CONFIRM = "confirm", _("exclusion confirmed by the street")
    REINSTATE = "reinstate", _("reinstated by the street")


class ScreeningDecision(models.Model):
    """One screening act. The proposal's state is its latest decision (none: not excluded)."""

    proposal = models.ForeignKey("proposals.Proposal", on_delete=models.PROTECT, related_name="decisions")
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    reason = models.CharField(_("reason"), max_length=12, choices=ExclusionReason.choices)
    explanation = models.TextField(_("explanation"))
    answers = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="reviews", help_text=_("The exclusion a review answers."))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("screening decision")
        verbose_name_plural = _("screening decisions")

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.decision} {self.reason}"
