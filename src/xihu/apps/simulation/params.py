"""The simulator's parameters: pilot.yaml (the Xihu 2017-18 pilot) overridden by a user's file.

pilot.yaml is also the schema: a user's file may set only keys it has (maps of community or
street codes excepted), each of the same kind, and the values are checked (chances between 0
and 1, ranges in order, weights not all zero). Errors name the key, so a typo never passes
silently."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

PILOT = Path(__file__).with_name("pilot.yaml")

# Maps whose keys the user chooses (unit codes, sizes, age bands): any key, values of one kind.
FREE_MAPS = {
    "collection.fixed", "voting.targets", "assembly.tables", "assembly.per_table",
}
CHANCES = {
    "population.register_share", "collection.door_share", "collection.online_share",
    "collection.street_share", "collection.excludable_share", "screening.reinstate_share",
    "assembly.show_rate", "assembly.walk_ins", "assembly.plenary_overvote", "assembly.plenary_phone",
    "voting.blank", "voting.overvote", "counting.abuse.share",
}
WEIGHTS = {
    "population.household_sizes", "population.ages", "collection.visitors",
    "collection.per_household", "assembly.invited", "voting.day_weights", "voting.stations",
    "voting.marks",
}
RANGES = {
    "assembly.residents_per_table", "assembly.plenary_choices", "ballots.community_items",
    "ballots.community_amount", "ballots.street_amount",
}


class ParamsError(ValueError):
    """A parameter file that cannot be used; the message names every bad key."""


@dataclass(frozen=True)
class Params:
    """The merged, checked parameters. `get("a.b")` reads a key; `data` is the whole tree."""

    data: dict

    def get(self, path: str) -> Any:
        node: Any = self.data
        for part in path.split("."):
            node = node[part]
        return node

    def __getitem__(self, section: str) -> dict:
        return self.data[section]

    @property
    def seed(self) -> int:
        return int(self.data["seed"])

    @property
    def scale(self) -> int:
        return int(self.data["district"]["scale"])

    def with_overrides(self, **overrides: Any) -> Params:
        """A copy with dotted keys replaced, e.g. with_overrides(**{"district.scale": 10})."""
        data = copy.deepcopy(self.data)
        for path, value in overrides.items():
            node = data
            *parents, last = path.split(".")
            for part in parents:
                node = node[part]
            node[last] = value
        return Params(check(data))


def _load_yaml(path: Path) -> dict:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ParamsError(f"cannot read {path}: {error.strerror}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ParamsError(f"{path} is not valid YAML: {error}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ParamsError(f"{path}: the top level must be a mapping of sections")
    return data


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "mapping"
    return "null" if value is None else type(value).__name__


def _merge(default: dict, given: dict, path: str, errors: list[str]) -> dict:
    merged = copy.deepcopy(default)
    for key, value in given.items():
        where = f"{path}.{key}" if path else str(key)
        if path in FREE_MAPS:
            merged[key] = value
            continue
        if key not in default:
            errors.append(f"{where}: unknown parameter (see pilot.yaml for every key)")
            continue
        wanted, got = _kind(default[key]), _kind(value)
        if where in FREE_MAPS and got == "mapping":
            merged[key] = value  # the user's map replaces the pilot's whole
        elif wanted == "mapping" and got == "mapping":
            merged[key] = _merge(default[key], value, where, errors)
        elif wanted == got or (wanted == "null") or (got == "null" and where.endswith("community")):
            merged[key] = value
        else:
            errors.append(f"{where}: expected a {wanted}, got a {got} ({value!r})")
    return merged


def _walk(data: dict, path: str = ""):
    for key, value in data.items():
        where = f"{path}.{key}" if path else str(key)
        yield where, value
        if isinstance(value, dict) and where not in FREE_MAPS and where not in WEIGHTS:
            yield from _walk(value, where)


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_value(where: str, value: Any, errors: list[str]) -> None:
    if where in CHANCES and not (_number(value) and 0 <= value <= 1):
        errors.append(f"{where}: a chance between 0 and 1, got {value!r}")
    if where in WEIGHTS:
        weights = list(value.values()) if isinstance(value, dict) else value
        if not all(_number(w) and w >= 0 for w in weights) or not sum(weights) > 0:
            errors.append(f"{where}: weights are numbers, none negative, not all zero")
    if where in RANGES and not (isinstance(value, list) and len(value) == 2
                                and all(_number(v) and v >= 0 for v in value) and value[0] <= value[1]):
        errors.append(f"{where}: a range [low, high] with 0 <= low <= high, got {value!r}")
    if where == "collection.outcomes":
        for who, chances in value.items():
            total = sum(chances.values())
            if not all(_number(c) and c >= 0 for c in chances.values()) or abs(total - 1) > 1e-6:
                errors.append(f"{where}.{who}: chances of the four outcomes add up to 1, got {total}")


def check(data: dict) -> dict:
    """Check a merged tree; returns it, or raises ParamsError naming every problem."""
    errors: list[str] = []
    for where, value in _walk(data):
        _check_value(where, value, errors)
    district, collection = data["district"], data["collection"]
    if not (isinstance(district["scale"], int) and 1 <= district["scale"] <= 1000):
        errors.append(f"district.scale: a whole number from 1 to 1000, got {district['scale']!r}")
    if not (isinstance(district["communities"], int) and district["communities"] >= 0):
        errors.append("district.communities: a whole number, 0 (all) or more")
    if not (_number(district["residents_factor"]) and 0 < district["residents_factor"] <= 100):
        errors.append("district.residents_factor: a number above 0 and at most 100")
    if not (isinstance(collection["proposals"], int) and collection["proposals"] >= 0):
        errors.append("collection.proposals: a whole number, 0 or more")
    if collection["door_share"] + collection["online_share"] > 1:
        errors.append("collection.door_share + collection.online_share: at most 1")
    if len(data["voting"]["day_weights"]) < 1:
        errors.append("voting.day_weights: one weight per day of voting")
    if not isinstance(data["seed"], int):
        errors.append(f"seed: a whole number, got {data['seed']!r}")
    if errors:
        raise ParamsError("\n".join(errors))
    return data


def load(path: str | Path | None = None, **overrides: Any) -> Params:
    """The pilot's parameters, overridden by the file at `path` (if any), then by `overrides`
    (dotted keys, e.g. seed=7 or **{"district.scale": 10})."""
    default = _load_yaml(PILOT)
    errors: list[str] = []
    data = _merge(default, _load_yaml(Path(path)), "", errors) if path else default
    if errors:
        raise ParamsError("\n".join(errors))
    params = Params(check(data))
    return params.with_overrides(**overrides) if overrides else params


def pilot() -> Params:
    return load()
