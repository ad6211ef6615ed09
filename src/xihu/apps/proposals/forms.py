"""Forms of the proposal pages; services do the checking that matters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from xihu.apps.proposals.models import (
    Category,
    CollectorType,
    ExclusionReason,
    Level,
    VisitOutcome,
)
from xihu.apps.proposals.services.collection import ProposalInput
from xihu.apps.proposals.services.merging import MERGE_MODES


class ProposalForm(forms.Form):
    content = forms.CharField(label=_("What should be done?"), widget=forms.Textarea(attrs={"rows": 3}),
                              max_length=2000)
    title = forms.CharField(label=_("Short title (optional)"), required=False, max_length=120)
    location_text = forms.CharField(label=_("Where?"), required=False, max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices, initial=Category.OTHER)
    level = forms.ChoiceField(label=_("Suggested level"), choices=Level.choices, initial=Level.COMMUNITY)
    latitude = forms.DecimalField(label=_("Map point: latitude (optional)"), required=False,
                                  max_digits=9, decimal_places=6, min_value=-90, max_value=90)
    longitude = forms.DecimalField(label=_("Map point: longitude (optional)"), required=False,
                                   max_digits=9, decimal_places=6, min_value=-180, max_value=180)
    proposer_name = forms.CharField(label=_("Proposer's name (private)"), required=False, max_length=60)
    proposer_contact = forms.CharField(label=_("Proposer's phone (private)"), required=False, max_length=80)

    def to_input(self, building: str = "") -> ProposalInput:
        d = self.cleaned_data
        return ProposalInput(
            content=d["content"], title=d.get("title", ""), location_text=d.get("location_text", ""),
            category=d["category"], level=d["level"], building=building,
            proposer_name=d.get("proposer_name", ""), proposer_contact=d.get("proposer_contact", ""),
            latitude=d.get("latitude"), longitude=d.get("longitude"),
        )


class EntryForm(ProposalForm):
    """Booth and paper-form entry: the channel, who collected, and the building."""

    channel = forms.ChoiceField(label=_("Channel"), choices=[("door", _("door to door")),
                                                             ("booth", _("street booth"))])
    collector_type = forms.ChoiceField(label=_("Collected by"), choices=CollectorType.choices[:3])
    building = forms.CharField(label=_("Building (optional)"), required=False, max_length=40)

    field_order = ["content", "location_text", "category", "level", "building", "channel",
                   "collector_type", "proposer_name", "proposer_contact", "title"]


class OnlineForm(ProposalForm):
    website = forms.CharField(required=False, widget=forms.HiddenInput,
                              help_text="left empty by people; filled by robots")


class VisitForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=VisitOutcome.choices,
                                widget=forms.RadioSelect)
    collector_type = forms.ChoiceField(label=_("Who went"), choices=CollectorType.choices[:3],
                                       widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=200)


class ExcludeForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason (one of the seven)"), choices=ExclusionReason.choices)
    explanation = forms.CharField(label=_("Explanation for the proposer"),
                                  widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)


class MergeForm(forms.Form):
    projects = forms.TypedMultipleChoiceField(coerce=int, choices=[], label=_("Projects"))
    mode = forms.ChoiceField(label=_("Merge mode"), choices=[
        (m.value, m.label) for m in MERGE_MODES])
    title = forms.CharField(label=_("Title of the merged project (optional)"), required=False,
                            max_length=120)
    location_text = forms.CharField(label=_("Location for modes (b) and (c) (optional)"),
                                    required=False, max_length=200)

    def __init__(self, *args, project_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["projects"].choices = [(pk, pk) for pk in project_ids]


class PlanForm(forms.Form):
    planned_tables = forms.IntegerField(label=_("Round tables planned"), min_value=1, max_value=50)
    per_table = forms.TypedChoiceField(label=_("Projects per table"), coerce=int,
                                       choices=[(10, "10"), (11, "11")])


class UploadForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))


class AssignForm(forms.Form):
    building = forms.ChoiceField(label=_("Building"), choices=[])
    collector = forms.ChoiceField(label=_("Collector"), choices=[])

    def __init__(self, *args, buildings=(), collectors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["building"].choices = [(b, b) for b in buildings]
        self.fields["collector"].choices = [(u.pk, str(u)) for u in collectors]


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("confirm", _("confirm")), ("reinstate", _("reinstate"))])
    explanation = forms.CharField(label=_("Explanation"), required=False, max_length=1000)
