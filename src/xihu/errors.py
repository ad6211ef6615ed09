"""The one error a service raises when it refuses: it carries every reason, in the reader's language.

`fields` optionally names the input each reason is about ({field name: [reasons]}), so that a
form can show the reason beside the field it concerns; `reasons` always holds every reason."""


class Refused(Exception):  # noqa: N818 - a refusal is an outcome, not a crash
    def __init__(self, reasons, *, fields: dict[str, list] | None = None):
        if isinstance(reasons, str):
            reasons = [reasons]
        self.reasons = [str(r) for r in reasons]
        self.fields = {name: [str(r) for r in rs] for name, rs in (fields or {}).items()}
        super().__init__("; ".join(self.reasons))


class Problems:
    """Collects reasons by field while a service validates its input, then refuses once."""

    def __init__(self) -> None:
        self.fields: dict[str, list[str]] = {}
        self.general: list[str] = []

    def add(self, field: str | None, reason) -> None:
        if field is None:
            self.general.append(str(reason))
        else:
            self.fields.setdefault(field, []).append(str(reason))

    def __bool__(self) -> bool:
        return bool(self.general or self.fields)

    def raise_if_any(self) -> None:
        if self:
            reasons = self.general + [r for rs in self.fields.values() for r in rs]
            raise Refused(reasons, fields=self.fields)
