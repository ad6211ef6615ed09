"""People who log in and the roles they hold in a unit. Failed logins are django-axes' records
(accounts.lockout)."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    DISTRICT_ADMIN = "district_admin", _("district admin")
    STREET_OFFICER = "street_officer", _("street officer")
    COMMUNITY_STAFF = "community_staff", _("community staff")
    VOLUNTEER = "volunteer", _("volunteer")
    EXPERT = "expert", _("expert")
    STATION_OFFICER = "station_officer", _("station officer")
    COUNTER = "counter", _("counter")
    SCRUTINEER = "scrutineer", _("scrutineer")
    RESIDENT = "resident", _("resident")


class User(AbstractUser):
    display_name = models.CharField(_("display name"), max_length=80, blank=True)

    def __str__(self) -> str:
        return self.display_name or self.username


class LiveRoles(models.Manager):
    """The default manager: roles in force only. `user.roles` and `RoleAssignment.objects` use
    it, so every reader ignores revoked roles; `RoleAssignment.history` sees every row."""

    def get_queryset(self):
        return super().get_queryset().filter(revoked_at__isnull=True)


class RoleAssignment(models.Model):
    """A user holds a role in a unit (district, street or community). A removal sets
    revoked_at/revoked_by: the row stays as history and the role stops counting."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        "organisation.Unit", verbose_name=_("unit"), on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    organisation = models.ForeignKey(
        "organisation.SocialOrganisation", verbose_name=_("on behalf of"), null=True,
        blank=True, on_delete=models.PROTECT,
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)
    granted_by = models.ForeignKey(
        User, verbose_name=_("granted by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        User, verbose_name=_("removed by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )

    objects = LiveRoles()
    history = models.Manager()  # noqa: DJ012 - a second manager, not a field

    class Meta:
        base_manager_name = "history"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "unit"], condition=models.Q(revoked_at__isnull=True),
                name="one_live_role_per_unit",
            )
        ]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"
