"""The one error a service raises when it refuses: it carries every reason, in the reader's language."""


class Refused(Exception):  # noqa: N818 - a refusal is an outcome, not a crash
    def __init__(self, reasons):
        if isinstance(reasons, str):
            reasons = [reasons]
        self.reasons = [str(r) for r in reasons]
        super().__init__("; ".join(self.reasons))
