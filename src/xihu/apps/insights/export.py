"""The evaluation in the open-data export: evaluation.json (the facts, and the verdicts the
platform drew from them) and evaluation.py (the rules, standard library only), which the
standalone verifier loads from beside itself to judge the facts again and check them against
the ledger and results.json."""

import json
from pathlib import Path

from xihu.apps.editions.models import Edition
from xihu.apps.insights.evaluation.facts import evaluation_facts
from xihu.verifier import evaluation as rules


def evaluation_document(edition: Edition) -> dict:
    facts = evaluation_facts(edition)
    return {"format": rules.FORMAT, "facts": facts, "verdicts": rules.evaluate(facts)}


def evaluation_files(edition: Edition) -> dict[str, bytes]:
    document = json.dumps(evaluation_document(edition), ensure_ascii=False, indent=1, sort_keys=True)
    return {"evaluation.json": document.encode(), "evaluation.py": Path(rules.__file__).read_bytes()}
