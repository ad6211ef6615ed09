"""Send again the notices the gateway could not deliver (e.g. the provider was down); from cron."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from xihu.apps.residents.events import send_notices
from xihu.apps.residents.models import Notice


class Command(BaseCommand):
    help = "Send the residents' notices not yet delivered (of the last --days days)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7)

    def handle(self, *args, days: int, **options):
        since = timezone.now() - timedelta(days=days)
        pending = list(Notice.objects.filter(sent_at__isnull=True, created_at__gte=since)
                       .select_related("account").order_by("pk"))
        sent = send_notices(pending)
        self.stdout.write(f"{sent} of {len(pending)} notices sent")
