"""One person's one ballot of one kind in an edition. The person is known only by a keyed
hash of the identity number (voter_key); a registration never points at a cast ballot."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xihu.apps.voting.ages import AgeBand


class Registration(models.Model):
    class Basis(models.TextChoices):
        REGISTER = "register", _("lives here (on the register)")
        DECLARED = "declared", _("lives here (declared, with proof)")
        WORK = "work", _("works here")
        STUDY = "study", _("studies here")

    class Mode(models.TextChoices):
        PAPER = "paper", _("paper ballot")
        ELECTRONIC = "electronic", _("electronic ballot (tablet)")

    edition = models.ForeignKey("editions.Edition", on_delete=models.PROTECT, related_name="+")
    ballot_kind = models.CharField(max_length=10)
    voter_key = models.CharField(max_length=64)
    community = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="+")
    station = models.ForeignKey("voting.Station", on_delete=models.PROTECT, related_name="registrations")
    box = models.ForeignKey("voting.Box", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(default=timezone.now)
    basis = models.CharField(_("eligible as"), max_length=10, choices=Basis.choices,
                             default=Basis.REGISTER)
    proof = models.CharField(_("proof shown"), max_length=20, blank=True)
    mode = models.CharField(_("ballot"), max_length=10, choices=Mode.choices, default=Mode.PAPER)
    # The voter's age band on the day of voting (xihu.apps.voting.ages), never the birth date;
    # empty for registrations recorded before bands were kept.
    age_band = models.CharField(_("age band"), max_length=6, blank=True, default="",
                                choices=AgeBand.choices)

    class Meta:
        verbose_name = _("voter registration")
        verbose_name_plural = _("voter registrations")
        indexes = [models.Index(fields=["edition", "officer", "registered_at"], name="voting_reg_officer_time")]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "ballot_kind", "voter_key"], name="one_ballot_per_person_and_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.community} {self.ballot_kind} {self.registered_at:%Y-%m-%d}"
