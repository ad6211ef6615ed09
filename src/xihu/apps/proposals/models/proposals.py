"""Proposals from every channel, and door-to-door visits to the households of the register."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xihu.apps.proposals.models.projects import Level


class Channel(models.TextChoices):
    DOOR = "door", _("door to door")
    BOOTH = "booth", _("street booth")
    ONLINE = "online", _("online self-service")


class CollectorType(models.TextChoices):
    STAFF = "staff", _("community staff")
    VOLUNTEER = "volunteer", _("volunteer")
    BOTH = "both", _("staff and volunteer together")
    SELF = "self", _("the resident themself")


class Category(models.TextChoices):
    LIGHTING = "lighting", _("lighting")
    TOILET = "toilet", _("public toilets")
    FITNESS = "fitness", _("fitness equipment")
    PARKING = "parking", _("parking")
    DRAINAGE = "drainage", _("drains and sewers")
    SECURITY = "security", _("security and cameras")
    GREENING = "greening", _("greening")
    SEATING = "seating", _("seats and rest areas")
    NOTICE = "notice", _("notice boards")
    ROADS = "roads", _("roads and paving")
    ELDERLY = "elderly", _("services for the elderly")
    CULTURE = "culture", _("culture and activities")
    OTHER = "other", _("other")


class Proposal(models.Model):
    """One resident's proposal. Never deleted or edited after entry: screening adds
    `ScreeningDecision` rows, merging adds `ProjectSource` rows. The proposer's name and contact
    are private to the community's staff."""

    edition = models.ForeignKey("editions.Edition", on_delete=models.PROTECT, related_name="proposals")
    community = models.ForeignKey("organisation.Unit", verbose_name=_("community"),
                                  on_delete=models.PROTECT, related_name="proposals")
    receipt_code = models.CharField(_("receipt code"), max_length=12, unique=True)
    title = models.CharField(_("title"), max_length=120)
    content = models.TextField(_("content"))
    location_text = models.CharField(_("location"), max_length=200, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    category = models.CharField(_("category"), max_length=12, choices=Category.choices,
                                default=Category.OTHER)
    level = models.CharField(_("suggested level"), max_length=10, choices=Level.choices,
                             default=Level.COMMUNITY)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    collector_type = models.CharField(_("collected by"), max_length=10, choices=CollectorType.choices)
    collector = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("collector"), null=True,
                                  blank=True, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey("organisation.SocialOrganisation", verbose_name=_("organisation"),
                                     null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    building = models.CharField(_("building"), max_length=40, blank=True)
    visit = models.ForeignKey("proposals.Visit", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="proposals")
    proposer_name = models.CharField(_("proposer's name"), max_length=60, blank=True)
    proposer_contact = models.CharField(_("proposer's contact"), max_length=80, blank=True)
    batch = models.CharField(_("import batch"), max_length=40, blank=True)
    # Made by the phone that kept the record offline: a repeated sync finds it (docs/maps-offline.md)
    client_id = models.UUIDField(_("client id"), null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        indexes = [models.Index(fields=["edition", "community"])]

    def __str__(self) -> str:
        return f"{self.receipt_code} {self.title}"


class VisitOutcome(models.TextChoices):
    PROPOSALS = "proposals", _("visited, proposals given")
    VISITED = "visited", _("visited, no proposal")
    NOBODY = "nobody", _("nobody home")
    DECLINED = "declined", _("declined")


class Visit(models.Model):
    """One door-to-door visit to a household (append-only: a new visit is a new row)."""

    edition = models.ForeignKey("editions.Edition", on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey("proposals.Household", on_delete=models.PROTECT, related_name="visits")
    outcome = models.CharField(_("outcome"), max_length=10, choices=VisitOutcome.choices)
    collector_type = models.CharField(_("who went"), max_length=10, choices=CollectorType.choices[:3])
    collector = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey("organisation.SocialOrganisation", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("note"), max_length=200, blank=True)
    client_id = models.UUIDField(_("client id"), null=True, blank=True, unique=True, editable=False)
    at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")

    def __str__(self) -> str:
        return f"{self.household} {self.outcome}"
