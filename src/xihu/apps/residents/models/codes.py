"""One-time codes sent to a phone. Only a keyed hash of the phone number and of the code is
kept, so the table can say whether a code is right without holding it."""

from django.db import models


class PhoneCode(models.Model):
    phone_key = models.CharField(max_length=64, db_index=True)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.phone_key[:8]} {self.created_at:%Y-%m-%d %H:%M}"
