"""One-time codes sent to a phone. Only a keyed hash of the phone number and of the code is
kept, so the table can say whether a code is right without holding it."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PhoneCode(models.Model):
    phone_key = models.CharField(max_length=64, db_index=True)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("one-time code")
        verbose_name_plural = _("one-time codes")

    def __str__(self) -> str:
        return f"{self.phone_key[:8]} {self.created_at:%Y-%m-%d %H:%M}"
