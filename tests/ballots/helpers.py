"""A community and a street with ranked projects, ready for quotas (edition in the quota stage)."""

from tests.assemblies.helpers import fill_assembly, make_projects, schedule, set_stage
from xihu.apps.assemblies import services as assemblies
from xihu.apps.assemblies.selectors import items


def ranked_world(world, community_projects: int = 6, street_projects: int = 2) -> dict:
    """s1a holds an assembly (community projects ranked 1..n by votes), then the quota stage."""
    edition, units = world["edition"], world["units"]
    projects = make_projects(edition, units["s1a"], community_projects, prefix="社区项目")
    street = make_projects(edition, units["s1"], street_projects, level="street", prefix="街道项目")
    assembly = schedule(world, tables=1)
    staff = world["users"]["staff_s1a"]
    pid = [i.project_id for i in items(assembly)]
    fill_assembly(assembly, staff, residents=max(8, len(pid)))
    # Project k gets n - k votes: a strict order 1, 2, ..., n.
    for voter in range(len(pid)):
        assemblies.plenary_ballot_enter(assembly=assembly, choices=pid[: len(pid) - voter][:10],
                                        actor=staff)
    set_stage(edition, "quota")
    return {**world, "projects": projects, "street_projects": street, "assembly": assembly}
