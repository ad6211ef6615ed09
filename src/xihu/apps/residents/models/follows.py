"""Who follows which proposal or project, and the notices each change of state gives them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Follow(models.Model):
    """An account follows one proposal or one project (exactly one of the two)."""

    account = models.ForeignKey("residents.ResidentAccount", on_delete=models.PROTECT,
                                related_name="follows")
    proposal = models.ForeignKey("proposals.Proposal", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    project = models.ForeignKey("proposals.Project", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    # The follower made this proposal (their "my proposals" list).
    own = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(proposal__isnull=False, project__isnull=True)
                | models.Q(proposal__isnull=True, project__isnull=False),
                name="follow_one_thing",
            ),
            models.UniqueConstraint(fields=["account", "proposal"], name="follow_proposal_once"),
            models.UniqueConstraint(fields=["account", "project"], name="follow_project_once"),
        ]

    def __str__(self) -> str:
        return f"{self.account_id} → {self.proposal_id or ''}{self.project_id or ''}"


class Notice(models.Model):
    """One change of state told to one follower. The text is rendered from `kind` and `params`
    in the follower's language when shown or sent (xihu.apps.residents.texts)."""

    follow = models.ForeignKey(Follow, on_delete=models.PROTECT, related_name="notices")
    account = models.ForeignKey("residents.ResidentAccount", on_delete=models.PROTECT,
                                related_name="notices")
    kind = models.CharField(max_length=20)
    params = models.JSONField(default=dict)
    entry_uid = models.CharField(max_length=32)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        constraints = [
            models.UniqueConstraint(fields=["follow", "entry_uid", "kind"], name="notice_once"),
        ]

    def __str__(self) -> str:
        return f"{self.account_id} {self.kind}"
