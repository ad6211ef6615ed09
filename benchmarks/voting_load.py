"""Load generator for bench_voting: one thread per station officer over loopback HTTP (stdlib
http.client), each with a session created up front (no 50 password hashes at the start).

A voter is three requests. Xihu: register for the tablet at the desk (POST, 302 to the tablet),
open the tablet (GET), cast the two ballots (POST, the receipt page). The tablet's review is in
the page (its script lists the marks and offers a cast button that posts the form with
confirm=1): the load generator does what that button does. A tablet page without it (the
review as a page of its own, as without scripts) is followed as shown: a fourth request. The bare peer: the same
three requests to plain Django views of the same server that insert the same rows with no
checks, no log and no template. Requests carry X-Forwarded-Proto: https and an Origin header,
as through a TLS proxy. A slow or failed response is counted, never fatal: each request has a
generous timeout, a broken connection is reopened, and the run goes on.
"""

from __future__ import annotations

import http.client
import random
import re
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_FORM = re.compile(r'<form[^>]*method="post"[^>]*>(.*?)</form>', re.S | re.I)
_ACTION = re.compile(r'<form[^>]*action="([^"]*)"', re.I)
_HIDDEN = re.compile(r'<input[^>]*type="hidden"[^>]*>', re.I)
_SUBMIT = re.compile(r'<button[^>]*type="submit"[^>]*>', re.I)
_ATTR = re.compile(r'(name|value)="([^"]*)"')
_IN_PAGE_CAST = re.compile(r'<button[^>]*type="submit"[^>]*name="(confirm)" value="([^"]*)"', re.I)


def _confirmation(page: str) -> tuple[str, dict] | None:
    """A tablet page asking the voter to confirm (a post form to the tablet carrying the marks
    or a confirm field, and a submit button): its action and the fields to post; else None."""
    for match in _FORM.finditer(page):
        body = match.group(1)
        if "csrfmiddlewaretoken" not in body or not _SUBMIT.search(body):
            continue
        fields: dict[str, list[str]] = {}
        for tag in [*_HIDDEN.findall(body), *_SUBMIT.findall(body)]:
            attrs = dict(_ATTR.findall(tag))
            if "name" in attrs:
                fields.setdefault(attrs["name"], []).append(attrs.get("value", ""))
        action = _ACTION.match(page, match.start())
        target = action.group(1) if action else ""
        if (target and "/tablet/" not in target) or not any(
                name.startswith("ballot-") or "confirm" in name for name in fields):
            continue  # the menu's log-out or language forms, never to be posted here
        return target, fields
    return None
KINDS = ("register", "tablet", "cast", "confirm")
TIMEOUT = 120.0  # seconds per request: a slow answer is measured, not a crash


def id_number(unique: int) -> str:
    first17 = f"36{unique // 1000 % 10000:04d}19850101{unique % 1000:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return first17 + "10X98765432"[sum(int(c) * w for c, w in zip(first17, weights, strict=True)) % 11]


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k in KINDS})
    queries: dict[str, list[int]] = field(default_factory=lambda: {k: [] for k in KINDS})
    registered: int = 0      # successful registrations (people) in the measured window
    cast: int = 0            # successful casts (people) in the measured window
    registered_all: int = 0  # every success, warm-up included (what the database must hold)
    cast_all: int = 0
    errors: int = 0
    samples: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def error(self, text: str) -> None:
        with self.lock:
            self.errors += 1
            if len(self.samples) < 6:
                self.samples.append(text[:240])


class Officer:
    def __init__(self, host: str, port: int, row: dict):
        self.host, self.port, self.row = host, port, row
        self.cookies: dict[str, str] = {"sessionid": row["session"]}
        self.origin = f"https://{host}:{port}"
        self.conn: http.client.HTTPConnection | None = None
        self.token = ""
        self.desk = f"/editions/{row['edition_slug']}/voting/{row['unit']}/"

    def request(self, method: str, path: str, form: dict | None = None):
        """(status, location, text, seconds, queries); raises OSError/HTTPException on failure."""
        headers = {"Host": f"{self.host}:{self.port}", "X-Forwarded-Proto": "https",
                   "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers.update({"Content-Type": "application/x-www-form-urlencoded", "Origin": self.origin,
                            "Referer": self.origin + path})
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT)
        start = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = None
            raise
        elapsed = time.perf_counter() - start
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        return (response.status, response.getheader("Location", ""), text, elapsed,
                int(response.getheader("X-Xihu-Queries", "-1")))

    def prepare(self, attempts: int = 5) -> bool:
        """The desk page once (the CSRF cookie and token), retried on a slow or failed answer."""
        for attempt in range(attempts):
            try:
                status, _l, page, _e, _q = self.request("GET", self.desk)
                found = _CSRF.search(page)
                if status == 200 and found:
                    self.token = found.group(1)
                    return True
            except (OSError, http.client.HTTPException):
                pass
            time.sleep(1 + attempt)
        return False

    # -- one voter ------------------------------------------------------------------------------
    def voter(self, flow: str, serial: int, rng: random.Random, stats: Stats, counted: bool) -> None:
        try:
            if flow == "xihu":
                self._xihu(serial, rng, stats, counted)
            else:
                self._bare(serial, stats, counted)
        except (OSError, http.client.HTTPException) as error:
            stats.error(f"{flow} {self.row['username']}: {error!r}")

    def _record(self, stats: Stats, counted: bool, results: list[tuple[str, float, int]]) -> None:
        if not counted:
            return
        with stats.lock:
            for kind, seconds, queries in results:
                stats.latencies[kind].append(seconds)
                if queries >= 0:
                    stats.queries[kind].append(queries)

    def _xihu(self, serial: int, rng: random.Random, stats: Stats, counted: bool) -> None:
        status, location, text, e1, q1 = self.request("POST", self.desk, {
            "csrfmiddlewaretoken": self.token, "box": self.row["box"], "name": "压测", "basis": "work",
            "proof": "work_card", "id_number": id_number(serial), "kinds": ["community", "street"],
            "mode": "electronic"})
        if status != 302 or "/tablet/" not in location:
            self._record(stats, counted, [("register", e1, q1)])
            stats.error(f"register {status}: {text[:200]}")
            return
        with stats.lock:
            stats.registered_all += 1
            stats.registered += counted
        path = location.replace(self.origin, "")
        s2, _l, page, e2, q2 = self.request("GET", path)
        found = _CSRF.search(page) if s2 == 200 else None
        if found is None:
            stats.error(f"tablet {s2}: {page[:200]}")
        marks = {f"ballot-{b}": [str(x) for x in rng.sample(range(1, 11), rng.randint(0, 5))]
                 for b in self.row["ballots"]}
        cast = _IN_PAGE_CAST.search(page)  # the in-page review's cast button, as the script shows it
        s3, _l, receipt, e3, q3 = self.request("POST", path, {
            "csrfmiddlewaretoken": found.group(1) if found else self.token, **marks,
            **({cast.group(1): cast.group(2)} if cast else {})})
        timings = [("register", e1, q1), ("tablet", e2, q2), ("cast", e3, q3)]
        confirm = _confirmation(receipt) if s3 == 200 and "receipt-code" not in receipt else None
        if confirm is not None:  # a tablet that asks the voter to confirm: confirm as shown
            s3, _l, receipt, e4, q4 = self.request("POST", confirm[0] or path, confirm[1])
            timings.append(("confirm", e4, q4))
        self._record(stats, counted, timings)
        if s3 == 200 and "receipt-code" in receipt:
            with stats.lock:
                stats.cast_all += 1
                stats.cast += counted
        else:
            stats.error(f"cast {s3}: {receipt[:200]}")

    def _bare(self, serial: int, stats: Stats, counted: bool) -> None:
        base = f"/bench/bare/{self.row['bare_box']}/"
        status, location, text, e1, q1 = self.request("POST", base + "register/", {
            "csrfmiddlewaretoken": self.token, "key": f"bare-{serial}", "officer": self.row["officer"]})
        if status != 302:
            stats.error(f"bare register {status}: {text[:200]}")
            return
        with stats.lock:
            stats.registered_all += 1
            stats.registered += counted
        s2, _l, page, e2, q2 = self.request("GET", location.replace(self.origin, ""))
        s3, _l, done, e3, q3 = self.request("POST", base + "cast/", {"csrfmiddlewaretoken": self.token,
                                                                      "key": f"bare-{serial}"})
        self._record(stats, counted, [("register", e1, q1), ("tablet", e2, q2), ("cast", e3, q3)])
        if s2 == 200 and s3 == 200:
            with stats.lock:
                stats.cast_all += 1
                stats.cast += counted
        else:
            stats.error(f"bare tablet/cast {s2}/{s3}: {done[:200]}")


def run_load(host: str, port: int, officers: list[dict], *, flow: str, seconds: float, warmup: float,
             serial0: int, interval: float | None = None, max_voters: int = 999,
             window=lambda edge: None) -> tuple[Stats, float]:
    """Every officer registers voters for `warmup` + `seconds`; only the last `seconds` count.
    `interval`: one voter per officer every so many seconds (offered load, officers spread
    evenly over the interval); None: as fast as the server answers. `window("start")` and
    `window("end")` are called when the measured window opens and closes."""
    stats = Stats()
    crew = [Officer(host, port, row) for row in officers]
    ready = [False] * len(crew)

    def prepare(i: int) -> None:
        ready[i] = crew[i].prepare()

    threads = [threading.Thread(target=prepare, args=(i,)) for i in range(len(crew))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(TIMEOUT * 6)
    for i, ok in enumerate(ready):
        if not ok:
            stats.error(f"{officers[i]['username']}: the desk page did not load")
    start = time.perf_counter() + 0.5
    warm_until, deadline = start + warmup, start + warmup + seconds

    def work(i: int) -> None:
        officer, rng = crew[i], random.Random(serial0 + i)
        next_at = start + (interval * i / len(crew) if interval else 0)
        for n in range(max_voters):
            now = time.perf_counter()
            if next_at > now:
                time.sleep(next_at - now)
            begun = time.perf_counter()
            if begun >= deadline:
                return
            officer.voter(flow, serial0 + 1000 * i + n, rng, stats, counted=begun >= warm_until)
            next_at = next_at + interval if interval else 0

    def edges() -> None:
        for edge, at in (("start", warm_until), ("end", deadline)):
            time.sleep(max(0.0, at - time.perf_counter()))
            window(edge)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(crew)) if ready[i]]
    threads.append(threading.Thread(target=edges))
    for t in threads:
        t.start()
    for t in threads:
        t.join(warmup + seconds + TIMEOUT * 4)
    return stats, max(1e-9, min(time.perf_counter(), deadline) - warm_until)
