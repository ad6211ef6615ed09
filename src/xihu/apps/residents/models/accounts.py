"""A resident's account: a phone number proven by a one-time code, then (once verified against
the register) the community and age band the register gives. The identity number is never
stored: verification links the account to the register's entry, whose keyed hash matched."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xihu.apps.voting.ages import AgeBand


class Language(models.TextChoices):
    ZH = "zh-hans", "简体中文"
    EN = "en", "English"


class Verification(models.TextChoices):
    ONLINE = "online", _("online, by name, identity number and community")
    IN_PERSON = "in_person", _("in person, by the community's staff")


class ResidentAccount(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="resident")
    # Private: used only to send codes and notices; never shown on a public page or in the log.
    phone = models.CharField(_("phone number"), max_length=20, unique=True)
    language = models.CharField(_("language of notices"), max_length=8, choices=Language.choices,
                                default=Language.ZH)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set by verification (all together, or none).
    register_entry = models.OneToOneField(
        "proposals.RegisteredResident", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    community = models.ForeignKey("organisation.Unit", verbose_name=_("community"), null=True,
                                  blank=True, on_delete=models.PROTECT, related_name="+")
    age_band = models.CharField(_("age band"), max_length=6, blank=True, choices=AgeBand.choices)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_how = models.CharField(_("verified"), max_length=10, blank=True,
                                    choices=Verification.choices)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("resident account")
        verbose_name_plural = _("resident accounts")

    def __str__(self) -> str:
        return self.user.get_username()

    @property
    def verified(self) -> bool:
        return self.verified_at is not None
