"""The public count of one community: who counts, what was typed, what was explained, who signed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CountSession(models.Model):
    """One community's public count after the close (covers every ballot in its boxes)."""

    edition = models.ForeignKey("editions.Edition", on_delete=models.PROTECT, related_name="+")
    community = models.ForeignKey(
        "organisation.Unit", verbose_name=_("community"), on_delete=models.PROTECT,
        related_name="count_sessions",
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)

    class Meta:
        ordering = ["community__code", "opened_at", "pk"]
        verbose_name = _("count session")
        verbose_name_plural = _("count sessions")

    def __str__(self) -> str:
        return f"{self.community} #{self.pk}"


class CountMember(models.Model):
    class Role(models.TextChoices):
        COUNTER = "counter", _("counter")
        SCRUTINEER = "scrutineer", _("scrutineer")

    session = models.ForeignKey(CountSession, on_delete=models.PROTECT, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    independent = models.BooleanField(
        _("not on the community's staff"), default=False,
        help_text=_("A scrutineer who holds no community staff role in this community."),
    )

    class Meta:
        verbose_name = _("count team member")
        verbose_name_plural = _("count team members")
        unique_together = [("session", "user")]
        ordering = ["session", "role", "pk"]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class TypedTotal(models.Model):
    """A total typed in by a counter: only ever a check against the ballot records.

    Scope: with `item`, votes for that project; without, ballots of `ballot`. With `box`, in that
    box; without, in the whole session."""

    session = models.ForeignKey(CountSession, on_delete=models.PROTECT, related_name="typed_totals")
    ballot = models.ForeignKey("ballots.Ballot", on_delete=models.PROTECT, related_name="+")
    box = models.ForeignKey("voting.Box", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(
        "ballots.BallotItem", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    value = models.PositiveIntegerField(_("typed total"))
    computed = models.PositiveIntegerField(_("total from the ballot records when typed"))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("typed total")
        verbose_name_plural = _("typed totals")
        ordering = ["session", "entered_at", "pk"]

    def __str__(self) -> str:
        return f"{self.value} ({self.computed})"

    @property
    def matches(self) -> bool:
        return self.value == self.computed


class Explanation(models.Model):
    """A written explanation of one difference; `key` names the difference (see selectors)."""

    session = models.ForeignKey(CountSession, on_delete=models.PROTECT, related_name="explanations")
    key = models.CharField(max_length=80)
    text = models.TextField(_("explanation"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("explanation of a difference")
        verbose_name_plural = _("explanations of differences")
        ordering = ["session", "at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class BoxSignOff(models.Model):
    """A scrutineer's sign-off of one box, with the numbers as they stood."""

    session = models.ForeignKey(CountSession, on_delete=models.PROTECT, related_name="signoffs")
    box = models.ForeignKey("voting.Box", on_delete=models.PROTECT, related_name="+")
    counted = models.PositiveIntegerField()
    sealed = models.PositiveIntegerField(null=True)
    registered = models.PositiveIntegerField(null=True)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("box sign-off")
        verbose_name_plural = _("box sign-offs")
        ordering = ["session", "signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "box"], name="one_signoff_per_box")
        ]

    def __str__(self) -> str:
        return f"{self.box_id}: {self.counted}"


class SessionClose(models.Model):
    """The scrutineer's sign-off of the whole session; the totals as closed are in `totals`."""

    session = models.OneToOneField(CountSession, on_delete=models.PROTECT, related_name="close")
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(auto_now_add=True)
    totals = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("closing of a count session")
        verbose_name_plural = _("closings of count sessions")

    def __str__(self) -> str:
        return f"{self.session_id} closed"
