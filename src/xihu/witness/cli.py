"""xihu-witness: watch a Xihu deployment's public log and catch any rewrite, truncation or fork.

    xihu-witness keygen KEYFILE
    xihu-witness check URL --state STATE.json [--key LOG_KEY_HEX] [--peer OTHER_STATE.json ...]
                           [--name NAME --witness-key KEYFILE] [--watch SECONDS]

Standard library only: no Django, no third-party package (it ships in every export beside the
verifier, started by xihu-witness.py, and installs as the `xihu-witness` command). A social organisation or the
expert group runs it on its own machine, from cron or with --watch.

Each check fetches the log's public key and latest signed head (URL/api/ledger/key and /head),
verifies the head's Ed25519 signature (RFC 8032, in pure Python below) with the key pinned in
the state file (or given with --key), and checks it against every head kept so far:

- a head of the same size with another root is a FORK;
- a larger head must come with a consistency proof (RFC 9162 2.1.4) from the last head kept,
  or the log's history was REWRITTEN;
- a smaller head must still be provable as the beginning of the last head kept, or the log was
  TRUNCATED.

Heads kept by other witnesses (--peer, their state files) are checked the same way, so a log
that shows different histories to different witnesses is caught. Every head seen is kept in
the state file. On a problem it prints both heads (size:root) and exits 1; 2 when the log
cannot be reached or read. With --name and --witness-key it cosigns each head it checked and
sends the cosignature to the log (the district admin registers the witness's public key), so
the public ledger page shows which heads witnesses have checked.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from .remote import Inconsistent, Unreachable, http_fetch
from .state import keygen, load_state, read_seed, save_state
from .witness import Witness, name_of

__all__ = ["Inconsistent", "Unreachable", "Witness", "check_once", "keygen", "main", "name_of"]


def check_once(args, fetch=http_fetch) -> int:
    state_path = Path(args.state)
    state = load_state(state_path)
    if state.get("url") and state["url"] != args.url.rstrip("/"):
        print(f"error: {state_path} watches {state['url']}, not {args.url}", file=sys.stderr)
        return 2
    state["url"] = args.url.rstrip("/")
    witness = Witness(args.url, state, fetch)
    peers = [load_state(Path(p)) for p in args.peer]
    try:
        head = witness.check(key=args.key, peers=peers)
    except Inconsistent as problem:
        print(f"PROBLEM  {problem}")
        save_state(state_path, state)
        return 1
    save_state(state_path, state)
    print(f"OK       {state['origin']}: head {name_of(head)} is consistent with "
          f"{len(state['heads'])} head(s) kept" + (f" and {len(peers)} peer(s)" if peers else ""))
    if args.name and args.witness_key:
        answer = witness.cosign(head, args.name, read_seed(Path(args.witness_key)))
        print(f"COSIGNED head {name_of(head)} as {args.name}: {answer.get('status', answer)}")
    return 0


def main(argv: Sequence[str] | None = None, fetch=http_fetch) -> int:
    parser = argparse.ArgumentParser(prog="xihu-witness", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("keygen", help="make this witness's Ed25519 key (for cosigning)")
    gen.add_argument("keyfile")
    check = sub.add_parser("check", help="check the log's latest head against every head kept")
    check.add_argument("url", help="the deployment, e.g. https://pb.example.gov.cn")
    check.add_argument("--state", required=True, help="this witness's state file (created if missing)")
    check.add_argument("--key", default="", help="the log's public key (hex), as published elsewhere")
    check.add_argument("--peer", action="append", default=[], help="another witness's state file")
    check.add_argument("--name", default="", help="this witness's registered name (to cosign)")
    check.add_argument("--witness-key", default="", help="this witness's key file (to cosign)")
    check.add_argument("--watch", type=float, default=0, help="check again every SECONDS, until a problem")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if args.command == "keygen":
        return keygen(Path(args.keyfile))
    while True:
        try:
            status = check_once(args, fetch)
        except (Unreachable, ValueError, OSError) as error:
            print(f"error: {error}", file=sys.stderr)
            status = 2
        if status == 1 or not args.watch:
            return status
        time.sleep(args.watch)

