"""The suite-wide recorder of platform writes without a log entry (see
xihu.apps.ledger.coverage): every test runs under it; tests/ledger/test_coverage.py, run last,
reports what the whole run found."""

from xihu.apps.ledger.coverage import LogCoverage


class SessionCoverage:
    def __init__(self):
        self.violations = []
        self.logged: dict[str, int] = {}
        self.tests = 0

    def absorb(self, recorder: LogCoverage) -> None:
        self.violations.extend(recorder.violations)
        for label, n in recorder.logged.items():
            self.logged[label] = self.logged.get(label, 0) + n
        self.tests += 1


SESSION = SessionCoverage()
