"""Copy the shared cores of the engine (Merkle proofs, Ed25519, checkpoints, entry hashing)
verbatim into the standalone modules that must run with the standard library alone: the
verifier shipped in every export and the witness.

    python scripts/sync_standalone.py          rewrite the copies
    python scripts/sync_standalone.py --check  exit 1 if a copy differs (the tests run this)

A core is the text between "# --- begin shared <name> core" and "# --- end shared <name> core ---"
in its engine module; a standalone file holds the same markers where the copy goes.
"""

import re
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "xihu"
CORES = {
    "verification": SRC / "engine" / "merkle.py",
    "ed25519": SRC / "engine" / "ed25519.py",
    "checkpoint": SRC / "engine" / "checkpoint.py",
    "entry": SRC / "engine" / "ledger.py",
    "seal": SRC / "engine" / "seals.py",
}
# Every module of the two standalone packages; a module holds the markers of the cores it copies.
TARGETS = sorted([*(SRC / "verifier").glob("*.py"), *(SRC / "witness").glob("*.py")])


def _pattern(name: str) -> re.Pattern:
    return re.compile(rf"(# --- begin shared {name} core[^\n]*\n)(.*?)(# --- end shared {name} core ---)", re.S)


def core(name: str) -> str:
    match = _pattern(name).search(CORES[name].read_text(encoding="utf-8"))
    if match is None:
        raise SystemExit(f"{CORES[name]} has no shared {name} core")
    return match.group(2)


def synced(text: str) -> str:
    for name in CORES:
        text = _pattern(name).sub(lambda m, name=name: m.group(1) + core(name) + m.group(3), text)
    return text


def main(argv: list[str]) -> int:
    stale = []
    for target in TARGETS:
        text = target.read_text(encoding="utf-8")
        new = synced(text)
        if new != text:
            stale.append(target)
            if "--check" not in argv:
                target.write_text(new, encoding="utf-8")
    if stale and "--check" in argv:
        print("stale copies of the engine's shared cores: " + ", ".join(map(str, stale))
              + " (run python scripts/sync_standalone.py)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
