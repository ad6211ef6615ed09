"""The benchmark server's URLs: the platform's own, the floor of the page benchmark (bench_pages),
and the bare peer (bench_voting's point b):
plain Django views that insert the same rows as a voter at the desk and the tablet (two
registrations; a spent token, an envelope of the same size, two receipts) with no checks, no
log entry and no template. Same server, same middleware, same database."""

import hashlib
import os
import secrets
import time
import uuid

from django.db import connection, transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import path
from django.utils import timezone

from xihu.apps.voting.models import BallotEnvelope, BallotReceipt, Box, Registration, SpentToken
from xihu.config.urls import urlpatterns as platform

_BOXES: dict[int, Box] = {}


class QueryCount:
    """Header X-Xihu-Queries: the SQL statements this request ran (transaction control included);
    X-Xihu-Ms: the server's time for the request, from this first middleware to the response built."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = [0]

        def counter(execute, sql, params, many, context):
            count[0] += 1
            return execute(sql, params, many, context)

        started = time.perf_counter()
        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Xihu-Ms"] = f"{(time.perf_counter() - started) * 1000:.2f}"
        response["X-Xihu-Queries"] = str(count[0])
        return response


def _box(pk: int) -> Box:
    if pk not in _BOXES:
        _BOXES[pk] = Box.objects.select_related("station").get(pk=pk)
    return _BOXES[pk]


def bare_register(request, box):
    box = _box(box)
    key = hashlib.sha256(request.POST.get("key", "").encode()).hexdigest()
    with transaction.atomic():
        Registration.objects.bulk_create([
            Registration(edition_id=box.station.edition_id, ballot_kind=kind, voter_key=key,
                         community_id=box.community_id, station_id=box.station_id, box=box,
                         officer_id=int(request.POST["officer"]), registered_at=timezone.now(),
                         basis="work", proof="work_card", mode="electronic")
            for kind in ("community", "street")])
    return HttpResponseRedirect(f"/bench/bare/{box.pk}/tablet/")


def bare_tablet(request, box):
    return HttpResponse("<!doctype html><form method=post><button>cast</button></form>")


def bare_cast(request, box):
    box = _box(box)
    with transaction.atomic():
        SpentToken.objects.create(nonce_hash=secrets.token_hex(32))
        BallotEnvelope.objects.create(box=box, sealed=os.urandom(541))
        BallotReceipt.objects.bulk_create([BallotReceipt(box=box, receipt_hash=secrets.token_hex(32))
                                           for _ in range(2)])
    return HttpResponse(f"<!doctype html><p>{uuid.uuid4()}</p>")


def floor(request):
    """The framework's floor for the page benchmark (bench_pages): a bare view, no query, no template."""
    return HttpResponse("<!doctype html><p>floor</p>")


urlpatterns = [
    path("bench/floor/", floor),
    path("bench/bare/<int:box>/register/", bare_register),
    path("bench/bare/<int:box>/tablet/", bare_tablet),
    path("bench/bare/<int:box>/cast/", bare_cast),
    *platform,
]
