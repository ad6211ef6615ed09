"""Demo step: quotas, community and street ballots drawn from the ranked lists, frozen and printed; the edition moves on to voting.

The demo is the simulator's default run (xihu.apps.simulation, docs/simulate.md): this step runs
its `ballots` stage with the pilot's parameters on an edition that exists."""


def load_demo_data(*, edition, users) -> None:
    from xihu.apps.simulation import ballots as stage
    from xihu.apps.simulation.params import pilot
    from xihu.apps.simulation.world import attach

    stage.run(attach(pilot(), edition, users))
