#!/usr/bin/env python3
"""Independent verifier of a Xihu participatory-budgeting export.

    python verify.py EXPORT [--key PUBLIC_KEY_HEX] [--head SIGNED_HEAD_FILE ...]

EXPORT is the export's folder (`xihu export --out DIR`, or the zip from a results page,
unpacked), the folder you unpacked the zip into, or the zip itself. Standard library only: no
Django, no numpy, nothing from the platform. This file starts the verifier kept beside it (the
`xihu_verifier` folder of the zip, or this file's own folder in the platform's source); see its
cli.py. It

1. recounts every ballot from the ballot papers (papers.json), reading them one at a time;
2. recomputes the winners with the stated rule (greedy, greedy-stop or Equal Shares) and the
   stated tie-break;
3. checks the stated results (results.json), the per-box totals (boxes.json) and the pabulib
   files against the recount;
4. checks the public log (ledger.json): every entry against its hash, the Merkle root against
   the export's Ed25519-signed tree head, any head you kept (--head) against the beginning of
   the log, and the results, ballots and boxes against what the log recorded;
5. judges the three tests again from evaluation.json with evaluation.py.

Prints one line per check; exits 0 when everything agrees, 1 when a problem is found and 2
when the export cannot be read.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path

PACKAGE = "xihu_verifier"


def _cli():
    """The verifier's cli module, loaded from its folder under one fixed name."""
    here = Path(__file__).resolve().parent
    folder = here if (here / "cli.py").is_file() else here / PACKAGE
    if PACKAGE not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            PACKAGE, folder / "__init__.py", submodule_search_locations=[str(folder)])
        if spec is None or not (folder / "__init__.py").is_file():
            raise SystemExit(f"error: the verifier's folder {folder} is missing beside {Path(__file__).name}")
        module = importlib.util.module_from_spec(spec)
        sys.modules[PACKAGE] = module
        spec.loader.exec_module(module)
    return importlib.import_module(f"{PACKAGE}.cli")


if __name__ == "__main__":
    sys.exit(_cli().main())
