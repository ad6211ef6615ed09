"""The pabulib files (pabulib/<ballot>.pb) against the recount, read line by line."""

from __future__ import annotations

import csv


def pb_sections(lines) -> tuple[dict, dict, int]:
    """(META, {project_id: votes}, number of VOTES lines) of a pabulib file's lines."""
    meta, votes, n_votes, section, header = {}, {}, 0, "", None
    for cells in csv.reader(lines, delimiter=";", quotechar='"'):
        cells = [c.strip() for c in cells]
        if not any(cells):
            continue
        if len(cells) == 1 and cells[0].upper() in ("META", "PROJECTS", "VOTES"):
            section, header = cells[0].upper(), None
            continue
        if header is None:
            header = cells
            continue
        if section == "META":
            meta[cells[0]] = cells[1]
        elif section == "PROJECTS":
            row = dict(zip(header, cells, strict=True))
            votes[row["project_id"]] = int(row["votes"])
        elif section == "VOTES":
            n_votes += 1
    return meta, votes, n_votes


def check_pabulib(report, export, ballots: list[dict], recounts: dict) -> None:
    for ballot in ballots:
        name = f"pabulib/{ballot['key']}.pb"
        short = name.split("/")[-1]
        if not export.exists(name):
            report.problem(f"{short} is missing")
            continue
        with export.open(name) as stream:
            meta, votes, n_votes = pb_sections(stream)
        count = recounts[ballot["key"]]
        good = report.compare(f"{short}: votes per project", votes, count["votes"])
        good &= report.compare(f"{short}: counted ballots (valid and blank)", n_votes,
                               count["valid"] + count["blank"])
        good &= report.compare(f"{short}: budget", meta.get("budget"), str(ballot["budget"]))
        if good:
            report.ok(f"{short}: agrees with the papers")
