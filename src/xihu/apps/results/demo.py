"""Demo step: the public count in every community that voted (the Xiawan case, a hand-count slip in Xiangshan), the street's confirmation, publication and a few implementation updates.

The demo is the simulator's default run (xihu.apps.simulation, docs/simulate.md): this step runs
its `counting` stage with the pilot's parameters on an edition that exists."""


def load_demo_data(*, edition, users) -> None:
    from xihu.apps.simulation import counting as stage
    from xihu.apps.simulation.params import pilot
    from xihu.apps.simulation.world import attach

    stage.run(attach(pilot(), edition, users))
