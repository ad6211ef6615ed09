"""The parameter files: the pilot is the default, a user's file overrides only what it names,
and every mistake is named (no database needed)."""

import pytest

from xihu.apps.simulation import params


def test_the_pilot_is_the_default():
    pilot = params.pilot()
    assert pilot.seed == 20180107 and pilot.scale == 1
    assert pilot.get("collection.proposals") == 9376
    assert pilot.get("voting.targets") == {"nanpu": 50}
    assert pilot.get("edition.slug") == "2017-18"
    assert pilot.get("counting.abuse.enabled") is True


def test_a_file_overrides_only_what_it_names(tmp_path):
    path = tmp_path / "small.yaml"
    path.write_text("seed: 7\ndistrict: {residents_factor: 0.1}\nvoting: {targets: {guangrunmen: 60}}\n"
                    "collection: {outcomes: {staff: {proposals: 0.5, visited: 0.2, nobody: 0.2, declined: 0.1}}}\n",
                    encoding="utf-8")
    loaded = params.load(path, **{"district.scale": 3})
    assert loaded.seed == 7 and loaded.scale == 3
    assert loaded.get("district.residents_factor") == 0.1
    assert loaded.get("voting.targets") == {"guangrunmen": 60}  # a map of units is replaced whole
    assert loaded.get("collection.outcomes.staff.proposals") == 0.5
    assert loaded.get("collection.outcomes.volunteer.proposals") == 0.52  # untouched
    assert loaded.get("voting.propensity") == params.pilot().get("voting.propensity")


@pytest.mark.parametrize(("text", "message"), [
    ("colection: {proposals: 5}\n", "colection: unknown parameter"),
    ("collection: {proposal: 5}\n", "collection.proposal: unknown parameter"),
    ("collection: {proposals: many}\n", "collection.proposals: expected a number"),
    ("assembly: {show_rate: 1.5}\n", "assembly.show_rate: a chance between 0 and 1"),
    ("voting: {day_weights: [0, 0]}\n", "voting.day_weights: weights are numbers"),
    ("ballots: {community_items: [15, 12]}\n", "ballots.community_items: a range"),
    ("collection: {outcomes: {staff: {proposals: 0.9, visited: 0.3, nobody: 0, declined: 0}}}\n",
     "collection.outcomes.staff: chances of the four outcomes add up to 1"),
    ("district: {scale: 0}\n", "district.scale: a whole number from 1"),
    ("- just a list\n", "the top level must be a mapping"),
    ("seed: [\n", "is not valid YAML"),
])
def test_mistakes_are_named(tmp_path, text, message):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(params.ParamsError) as error:
        params.load(path)
    assert message in str(error.value)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(params.ParamsError, match="cannot read"):
        params.load(tmp_path / "nowhere.yaml")


def test_every_key_of_the_pilot_is_documented_on_its_line():
    """pilot.yaml is the reference: every parameter carries a comment (docs/simulate.md too)."""
    undocumented = []
    for number, line in enumerate(params.PILOT.read_text(encoding="utf-8").splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or stripped.endswith(":"):
            continue
        if "#" not in stripped and not stripped.startswith(("name", "name_en", "enabled")):
            undocumented.append(f"{number}: {stripped}")
    assert not undocumented, undocumented
