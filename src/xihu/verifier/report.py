"""What the verifier found: one line per check passed, one per problem."""

from __future__ import annotations


class Report:
    def __init__(self) -> None:
        self.problems: list[str] = []
        self.passed: list[str] = []

    def ok(self, text: str) -> None:
        self.passed.append(text)

    def problem(self, text: str) -> None:
        self.problems.append(text)

    def compare(self, what: str, stated, recounted) -> bool:
        if stated == recounted:
            return True
        if isinstance(stated, dict) and isinstance(recounted, dict):
            keys = sorted(set(stated) | set(recounted), key=lambda k: (len(str(k)), str(k)))
            differing = [f"{k}: {stated.get(k)} vs {recounted.get(k)}" for k in keys
                         if stated.get(k) != recounted.get(k)]
            self.problem(f"{what}: the export states a different count for project "
                         f"{'; '.join(differing)} (stated vs from the ballot papers)")
        else:
            self.problem(f"{what}: the export states {stated}, the ballot papers give {recounted}")
        return False
