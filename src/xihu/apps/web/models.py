"""Counters of the rate limits (web.ratelimit): one row per key and time window."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RateCounter(models.Model):
    """How many requests a key (a hashed client address or phone number, with its purpose) made
    in the window that starts at `window`. Rows of past windows are deleted as new ones come."""

    key = models.CharField(max_length=100)
    window = models.BigIntegerField()  # the window's start, in seconds since the epoch
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("rate counter")
        verbose_name_plural = _("rate counters")
        constraints = [models.UniqueConstraint(fields=["key", "window"], name="one_counter_per_window")]

    def __str__(self) -> str:
        return f"{self.key}@{self.window}: {self.count}"
