"""Proposals from a spreadsheet (paper forms typed up in Excel): rows to `ImportLine`s, with
every error by row number; the caller imports all lines or none."""

from django.utils.translation import gettext as _

from xihu.apps.organisation.models import SocialOrganisation
from xihu.apps.proposals.models import Category, Channel, CollectorType, Level
from xihu.apps.proposals.services.collection import ImportLine, ProposalInput
from xihu.apps.proposals.tabular import read_sheet
from xihu.errors import Refused

PROPOSAL_COLUMNS: dict[str, tuple[str, ...]] = {
    "content": ("内容", "提议内容", "content"),
    "title": ("标题", "title"),
    "location": ("地点", "位置", "location"),
    "category": ("类别", "category"),
    "level": ("层级", "level"),
    "channel": ("渠道", "channel"),
    "collector_type": ("征集人", "collector"),
    "organisation": ("社会组织", "organisation"),
    "building": ("楼栋", "building"),
    "proposer_name": ("提议人", "proposer"),
    "proposer_contact": ("联系方式", "contact"),
}


def _choice_lookup(choices, extra: dict[str, str] | None = None) -> dict[str, str]:
    """Accept the code, the English label, or the Chinese label (both languages' catalogues)."""
    from django.utils import translation

    table = {}
    for value, label in choices:
        table[value.lower()] = value
        for lang in ("en", "zh-hans"):
            with translation.override(lang):
                table[str(label).lower()] = value
    table.update(extra or {})
    return table


def parse_proposals(data: bytes, filename: str) -> list[ImportLine]:
    rows = read_sheet(data, filename, PROPOSAL_COLUMNS, ("content",))
    categories = _choice_lookup(Category.choices)
    levels = _choice_lookup(Level.choices, {"社区": Level.COMMUNITY, "街道": Level.STREET})
    channels = _choice_lookup([(Channel.DOOR, Channel.DOOR.label), (Channel.BOOTH, Channel.BOOTH.label)],
                              {"入户": Channel.DOOR, "摆点": Channel.BOOTH})
    collectors = _choice_lookup(CollectorType.choices[:3], {
        "工作人员": CollectorType.STAFF, "志愿者": CollectorType.VOLUNTEER, "共同": CollectorType.BOTH})
    organisations = {o.name: o for o in SocialOrganisation.objects.all()}
    lines, errors = [], []

    def pick(row, key, table, default):
        text = row.values.get(key, "").strip()
        if not text:
            return default
        value = table.get(text.lower())
        if value is None:
            errors.append(_("Row %(row)s: “%(value)s” is not a known %(column)s.")
                          % {"row": row.number, "value": text, "column": PROPOSAL_COLUMNS[key][0]})
        return value or default

    for row in rows:
        org_name = row.values.get("organisation", "").strip()
        if org_name and org_name not in organisations:
            errors.append(_("Row %(row)s: no social organisation is called “%(name)s”.")
                          % {"row": row.number, "name": org_name})
        data = ProposalInput(
            content=row.values.get("content", ""), title=row.values.get("title", ""),
            location_text=row.values.get("location", ""),
            category=pick(row, "category", categories, Category.OTHER),
            level=pick(row, "level", levels, Level.COMMUNITY),
            building=row.values.get("building", ""),
            proposer_name=row.values.get("proposer_name", ""),
            proposer_contact=row.values.get("proposer_contact", ""),
        )
        errors.extend(_("Row %(row)s: %(error)s") % {"row": row.number, "error": e} for e in data.errors())
        lines.append(ImportLine(
            data=data, channel=pick(row, "channel", channels, Channel.DOOR),
            collector_type=pick(row, "collector_type", collectors, CollectorType.STAFF),
            organisation=organisations.get(org_name)))
    if errors:
        raise Refused(errors)
    if not lines:
        raise Refused(_("The file has no proposals."))
    return lines
