"""What must hold before counting starts: every box that was used is sealed at the close."""

from django.utils.translation import gettext as _

from xihu.apps.editions.models import Edition
from xihu.apps.editions.preconditions import precondition
from xihu.apps.editions.stages import Stage
from xihu.apps.voting.models import BallotEnvelope, Box, Registration, Seal


@precondition(Stage.COUNTING)
def every_box_sealed_at_the_close(edition: Edition) -> list[str]:
    reasons = []
    used = Registration.objects.filter(edition=edition).values("box_id")
    for box in Box.objects.filter(station__edition=edition, pk__in=used).select_related("station"):
        latest = Seal.objects.filter(box=box).order_by("-at", "-pk").first()
        if latest is None or latest.kind != Seal.Kind.SEAL:
            reasons.append(_("Box %(box)s is not sealed after the close.") % {"box": box})
    waiting = BallotEnvelope.objects.filter(box__station__edition=edition).values("box").distinct().count()
    if waiting:
        reasons.append(_("Electronic ballots still wait to be written in %(n)s boxes: seal them.") % {"n": waiting})
    return reasons
