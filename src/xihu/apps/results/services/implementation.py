"""Implementation updates of funded projects: status, milestone, spending, note and photo."""

import hashlib

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from xihu.apps.ballots.models import BallotItem
from xihu.apps.ledger.services import ledger_append
from xihu.apps.results.models import Confirmation, ImplementationUpdate
from xihu.apps.results.permissions import implementation_refusals
from xihu.errors import Refused

MAX_PHOTO_BYTES = 5 * 1024 * 1024
MIN_CORRECTION_NOTE = 8  # characters: a lower cumulative spend needs this much of a reason
PHOTO_TYPES = {  # leading bytes -> extension
    b"\xff\xd8\xff": "jpg",
    b"\x89PNG\r\n\x1a\n": "png",
    b"GIF87a": "gif",
    b"GIF89a": "gif",
}


def photo_kind(head: bytes) -> str | None:
    """The image type from the file's first bytes (JPEG, PNG, GIF, WebP), else None."""
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return next((ext for magic, ext in PHOTO_TYPES.items() if head.startswith(magic)), None)


def is_funded(item: BallotItem) -> bool:
    confirmation = Confirmation.objects.filter(ballot_id=item.ballot_id).first()
    return confirmation is not None and item.number in confirmation.confirmed_winners


def _checked_photo(photo: UploadedFile) -> tuple[str, str]:
    if photo.size > MAX_PHOTO_BYTES:
        raise Refused(_("A photo may be at most 5 MB."))
    photo.seek(0)
    data = photo.read()
    kind = photo_kind(data[:16])
    if kind is None:
        raise Refused(_("Only photos (JPEG, PNG, GIF or WebP) can be uploaded."))
    photo.seek(0)
    digest = hashlib.sha256(data).hexdigest()
    photo.name = f"{digest[:16]}.{kind}"
    return digest, kind


def last_spent(item: BallotItem) -> int | None:
    """The cumulative spend recorded last for the project (None before any figure)."""
    return (ImplementationUpdate.objects.filter(item=item, spent__isnull=False)
            .order_by("-at", "-pk").values_list("spent", flat=True).first())


@transaction.atomic
def implementation_update(*, item: BallotItem, status: str, actor, milestone: str = "",
                          spent: int | None = None, note: str = "",
                          photo: UploadedFile | None = None) -> ImplementationUpdate:
    item = (BallotItem.objects.select_for_update(of=("self",))  # one update of a project at a time
            .select_related("ballot__edition", "ballot__unit__parent").get(pk=item.pk))
    reasons = implementation_refusals(actor, item)
    if not is_funded(item):
        reasons.append(_("Only confirmed winners are tracked."))
    if status not in ImplementationUpdate.Status.values:
        reasons.append(_("Choose a status."))
    if spent is not None and spent < 0:
        reasons.append(_("Spending cannot be negative."))
    previous = last_spent(item)
    lowered = spent is not None and previous is not None and 0 <= spent < previous
    if lowered and len(note.strip()) < MIN_CORRECTION_NOTE:
        reasons.append(_("Spending is cumulative: %(spent)s is less than the %(previous)s recorded before. "
                         "If the earlier figure was wrong, say so in the note (at least %(n)s characters); "
                         "it is published as a correction.")
                       % {"spent": f"{spent:,}", "previous": f"{previous:,}", "n": MIN_CORRECTION_NOTE})
    if reasons:
        raise Refused(reasons)
    digest = _checked_photo(photo)[0] if photo else ""
    update = ImplementationUpdate.objects.create(
        item=item, status=status, milestone=milestone.strip(), spent=spent, note=note.strip(),
        photo=photo or "", author=actor,
    )
    ledger_append(actor=actor, action="results.implementation", obj=update, payload={
        "ballot": item.ballot_id, "item": item.number, "title": item.title, "status": status,
        "milestone": update.milestone, "spent": spent, "quota": item.amount, "note": update.note,
        "photo_sha256": digest, "corrects_spent": previous if lowered else None,
    })
    return update
