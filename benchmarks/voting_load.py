"""Load generator for bench_voting: N officer threads over loopback HTTP (stdlib http.client).

Each officer logs in, then repeats: register a person for an electronic ballot at the desk
(POST, 302 to the tablet), open the tablet (GET), cast the two ballots (POST, receipt page).
The server runs the production settings behind an HTTPS-terminating proxy, so requests carry
X-Forwarded-Proto: https and an Origin header, as they would through nginx."""

from __future__ import annotations

import http.client
import random
import re
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def id_number(unique: int) -> str:
    first17 = f"36{unique // 1000 % 10000:04d}19850101{unique % 1000:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return first17 + "10X98765432"[sum(int(c) * w for c, w in zip(first17, weights, strict=True)) % 11]


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: {"register": [], "tablet": [], "cast": []})
    registrations: int = 0
    ballots: int = 0
    refusals: int = 0
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class Officer:
    def __init__(self, host: str, port: int, row: dict, password: str):
        self.host, self.port, self.row, self.password = host, port, row, password
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection(host, port, timeout=60)
        self.origin = f"https://{host}:{port}"

    def request(self, method: str, path: str, form: dict | list | None = None):
        headers = {"Host": f"{self.host}:{self.port}", "X-Forwarded-Proto": "https",
                   "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers.update({"Content-Type": "application/x-www-form-urlencoded", "Origin": self.origin,
                            "Referer": self.origin + path})
        start = time.perf_counter()
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        elapsed = time.perf_counter() - start
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        return response.status, response.getheader("Location", ""), text, elapsed

    def login(self) -> str:
        _s, _l, page, _e = self.request("GET", "/accounts/login/")
        token = _CSRF.search(page).group(1)
        status, _l, _t, _e = self.request("POST", "/accounts/login/", {
            "csrfmiddlewaretoken": token, "username": self.row["username"], "password": self.password})
        if status != 302:
            raise RuntimeError(f"login failed for {self.row['username']}: {status}")
        _s, _l, page, _e = self.request("GET", f"/editions/{self.row['edition_slug']}/voting/{self.row['unit']}/")
        return _CSRF.search(page).group(1)

    def run(self, stats: Stats, clock: dict, barrier: threading.Barrier, max_voters: int, serial0: int) -> None:
        rng = random.Random(serial0)
        token = self.login()
        barrier.wait()  # every officer is logged in: the clock starts now
        deadline, warmup_until = clock["deadline"], clock["warmup_until"]
        for n in range(max_voters):
            if time.perf_counter() >= deadline:
                return
            counted = time.perf_counter() >= warmup_until
            status, location, text, elapsed = self.request("POST", f"/editions/{self.row['edition_slug']}/voting/{self.row['unit']}/", {
                "csrfmiddlewaretoken": token, "box": self.row["box"], "name": "压测", "basis": "work",
                "proof": "work_card", "id_number": id_number(serial0 + n), "kinds": ["community", "street"],
                "mode": "electronic"})
            if status != 302 or "/tablet/" not in location:
                with stats.lock:
                    stats.refusals += 1
                    if len(stats.errors) < 5:
                        stats.errors.append(f"register {status}: {text[:200]}")
                continue
            path = location.replace(self.origin, "")
            s2, _l, page, e2 = self.request("GET", path)
            tablet_token = _CSRF.search(page).group(1) if s2 == 200 else token
            marks = {f"ballot-{b}": [str(x) for x in rng.sample(range(1, 11), rng.randint(0, 5))]
                     for b in self.row["ballots"]}
            s3, _l, receipt, e3 = self.request("POST", path, {"csrfmiddlewaretoken": tablet_token, **marks})
            ok = s3 == 200 and "receipt-code" in receipt
            with stats.lock:
                if not ok and len(stats.errors) < 5:
                    stats.errors.append(f"cast {s3}: {receipt[:200]}")
                if counted:
                    stats.latencies["register"].append(elapsed)
                    stats.latencies["tablet"].append(e2)
                    stats.latencies["cast"].append(e3)
                    stats.registrations += 1
                    stats.ballots += 1 if ok else 0


def run_load(host: str, port: int, officers: list[dict], password: str, *, seconds: float, warmup: float,
             max_voters: int) -> tuple[Stats, float]:
    stats, clock = Stats(), {}

    def start_clock() -> None:
        now = time.perf_counter()
        clock.update(deadline=now + warmup + seconds, warmup_until=now + warmup)

    barrier = threading.Barrier(len(officers), action=start_clock, timeout=300)
    threads = [threading.Thread(target=_guarded, args=(Officer(host, port, row, password), stats, clock, barrier,
                                                       max_voters, 100_000 * (i + 1)))
               for i, row in enumerate(officers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + warmup + 400)
    measured = max(1e-9, min(time.perf_counter(), clock["deadline"]) - clock["warmup_until"])
    return stats, measured


def _guarded(officer: Officer, stats: Stats, *args) -> None:
    try:
        officer.run(stats, *args)
    except Exception as error:  # noqa: BLE001 - reported, not hidden
        with stats.lock:
            stats.errors.append(f"{officer.row['username']}: {error!r}")
