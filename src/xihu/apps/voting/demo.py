"""Demo step: voting week in every community: stations, boxes, shifts, nightly seals, the Nanpu target, tablet and paper voters, then the double entry of every paper sheet (nothing without frozen ballots).

The demo is the simulator's default run (xihu.apps.simulation, docs/simulate.md): this step runs
its `voting` stage with the pilot's parameters on an edition that exists."""


def load_demo_data(*, edition, users) -> None:
    from xihu.apps.simulation import voting as stage
    from xihu.apps.simulation.params import pilot
    from xihu.apps.simulation.world import attach

    stage.run(attach(pilot(), edition, users))
