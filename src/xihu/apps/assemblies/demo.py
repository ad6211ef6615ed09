"""Demo step: the screening assemblies (Xiangshan 2018-01-07 with 6 tables, the other 20 on 2018-01-13/14): attendees, check-in, seating, nominations, the plenary vote.

The demo is the simulator's default run (xihu.apps.simulation, docs/simulate.md): this step runs
its `assembly` stage with the pilot's parameters on an edition that exists."""


def load_demo_data(*, edition, users) -> None:
    from xihu.apps.simulation import assembly as stage
    from xihu.apps.simulation.params import pilot
    from xihu.apps.simulation.world import attach

    stage.run(attach(pilot(), edition, users))
