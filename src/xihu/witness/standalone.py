#!/usr/bin/env python3
"""xihu-witness: watch a Xihu deployment's public log and catch any rewrite, truncation or fork.

    python xihu-witness.py keygen KEYFILE
    python xihu-witness.py check URL --state STATE.json [--key LOG_KEY_HEX] [--peer OTHER_STATE.json ...]
                           [--name NAME --witness-key KEYFILE] [--watch SECONDS]

Standard library only. This file starts the witness kept beside it (the `xihu_witness` folder of
the export's zip, or this file's own folder in the platform's source, where it also installs as
the `xihu-witness` command); see its cli.py for what a check does.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path

PACKAGE = "xihu_witness"


def _cli():
    """The witness's cli module, loaded from its folder under one fixed name."""
    here = Path(__file__).resolve().parent
    folder = here if (here / "cli.py").is_file() else here / PACKAGE
    if PACKAGE not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            PACKAGE, folder / "__init__.py", submodule_search_locations=[str(folder)])
        if spec is None or not (folder / "__init__.py").is_file():
            raise SystemExit(f"error: the witness's folder {folder} is missing beside {Path(__file__).name}")
        module = importlib.util.module_from_spec(spec)
        sys.modules[PACKAGE] = module
        spec.loader.exec_module(module)
    return importlib.import_module(f"{PACKAGE}.cli")


def main(argv=None) -> int:
    """The `xihu-witness` command (installed with the platform)."""
    from xihu.witness.cli import main as run

    return run(argv)


if __name__ == "__main__":
    sys.exit(_cli().main())
