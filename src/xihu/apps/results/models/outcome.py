"""Selection snapshots (the engine's result on the closed count) and the street's confirmation."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SelectionResult(models.Model):
    """The engine's result for one ballot, computed from the ballot records when the last count
    session covering it closed. A recomputation is a new row; the newest one stands."""

    ballot = models.ForeignKey("ballots.Ballot", on_delete=models.PROTECT, related_name="+")
    computed_at = models.DateTimeField(auto_now_add=True)
    tally = models.JSONField()
    allocation = models.JSONField()
    comparison = models.JSONField(default=dict)
    winners = models.JSONField(default=list)  # item numbers in selection order
    undecided = models.JSONField(default=list)  # item numbers of an unbroken tie (refuse)

    class Meta:
        verbose_name = _("selection result")
        verbose_name_plural = _("selection results")
        ordering = ["ballot", "computed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.ballot_id}: {self.winners}"


class Confirmation(models.Model):
    """The street's confirmation of one ballot's winners (PROCESS.md 3.7)."""

    ballot = models.ForeignKey("ballots.Ballot", on_delete=models.PROTECT, related_name="+")
    result = models.ForeignKey(SelectionResult, on_delete=models.PROTECT, related_name="confirmations")
    computed_winners = models.JSONField()
    confirmed_winners = models.JSONField()
    deviates = models.BooleanField(_("departs from the computed result"))
    reason = models.TextField(_("reason for departing"), blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("confirmation of a result")
        verbose_name_plural = _("confirmations of results")
        ordering = ["ballot", "confirmed_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["ballot"], name="one_confirmation_per_ballot")]

    def __str__(self) -> str:
        return f"{self.ballot_id}: {self.confirmed_winners}"
