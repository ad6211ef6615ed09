"""Moments as people read them: the site's local time (settings.TIME_ZONE), to the minute."""

from datetime import datetime

from django.utils import timezone


def local_minute(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")
