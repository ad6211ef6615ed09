"""The main menu of every page: the stage pages of the edition being viewed (else the current
one) and that edition's stages as a progress bar (done / current / upcoming, said in words)."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from xihu.apps.editions.models import Edition
from xihu.apps.editions.stages import STAGE_ORDER, Stage


@dataclass(frozen=True)
class MenuItem:
    key: str
    label: str
    url: str
    active: bool


@dataclass(frozen=True)
class StageStep:
    stage: str
    label: str
    state: str  # done / current / upcoming
    state_label: str


@dataclass(frozen=True)
class MainMenu:
    edition: Edition | None
    items: list[MenuItem]
    steps: list[StageStep]

    @property
    def position(self) -> int:
        return next((i for i, s in enumerate(self.steps, start=1) if s.state == "current"), 0)


# (menu key, url name); the key is also the URL namespace of the stage app.
_EDITION_PAGES = [
    ("edition", "web:edition"),
    ("proposals", "proposals:propose_public"),
    ("assemblies", "assemblies:index"),
    ("ballots", "ballots:index"),
    ("voting", "voting:public"),
    ("results", "results:overview"),
]


def _labels() -> dict[str, str]:
    return {"edition": _("Edition"), "proposals": _("Proposals"), "assemblies": _("Assemblies"),
            "ballots": _("Ballots"), "voting": _("Voting"), "results": _("Results"),
            "ledger": _("Ledger"), "open_data": _("Open data")}


def stage_steps(edition: Edition) -> list[StageStep]:
    current = STAGE_ORDER.index(edition.stage)
    states = {"done": _("done"), "current": _("current stage"), "upcoming": _("upcoming")}
    steps = []
    for index, stage in enumerate(STAGE_ORDER):
        state = "done" if index < current else "current" if index == current else "upcoming"
        steps.append(StageStep(stage, str(Stage(stage).label), state, states[state]))
    return steps


def main_menu(edition: Edition | None, active: str = "") -> MainMenu:
    labels = _labels()
    items = []
    if edition is not None:
        for key, url_name in _EDITION_PAGES:
            kwargs = {"slug": edition.slug} if key == "edition" else {"edition": edition.slug}
            items.append(MenuItem(key, labels[key], reverse(url_name, kwargs=kwargs), key == active))
    items.append(MenuItem("ledger", labels["ledger"], reverse("web:ledger"), active == "ledger"))
    if edition is not None:
        items.append(MenuItem("open_data", labels["open_data"],
                              reverse("results:export", kwargs={"edition": edition.slug}), False))
    return MainMenu(edition, items, stage_steps(edition) if edition else [])


def active_key(resolver_match) -> str:
    """Which menu entry the page belongs to, from the URL it was reached by."""
    if resolver_match is None:
        return ""
    if resolver_match.namespace in ("proposals", "assemblies", "ballots", "voting", "results"):
        return resolver_match.namespace
    return {"web:edition": "edition", "web:powers": "edition", "web:advance": "edition",
            "web:ledger": "ledger", "web:ledger_entry": "ledger"}.get(resolver_match.view_name, "")
