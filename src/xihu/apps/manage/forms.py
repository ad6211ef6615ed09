"""Forms of the back office. They check the shape of the input; the services decide. Every
error names its field: Django's own messages get the field's label in front, and a service's
refusal is shown beside the field it names (Refused.fields)."""

from django import forms
from django.forms.utils import ErrorList
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from xihu.apps.accounts.models import Role
from xihu.apps.editions.models import Edition
from xihu.apps.editions.stages import Stage
from xihu.apps.organisation.models import SocialOrganisation, Unit
from xihu.errors import Refused

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class BackOfficeForm(forms.Form):
    def full_clean(self):
        super().full_clean()
        for name, errors in list(self._errors.items()):
            if name not in self.fields:
                continue
            label = str(self.fields[name].label)
            self._errors[name] = ErrorList([
                str(e) if str(e).startswith(label) else _("%(label)s: %(error)s") % {"label": label, "error": e}
                for e in errors
            ])

    def add_refusal(self, refusal: Refused) -> None:
        placed = set()
        for name, reasons in refusal.fields.items():
            for reason in reasons:
                self.add_error(name if name in self.fields else None, reason)
                placed.add(reason)
        for reason in refusal.reasons:
            if reason not in placed:
                self.add_error(None, reason)


class UnitCreateForm(BackOfficeForm):
    code = forms.SlugField(label=gettext_lazy("Code"), max_length=60,
                           help_text=gettext_lazy("Lowercase letters, digits and hyphens; it never changes."))
    name = forms.CharField(label=gettext_lazy("Name (Chinese)"), max_length=120)
    name_en = forms.CharField(label=gettext_lazy("Name (English)"), max_length=120, required=False)
    residents = forms.IntegerField(label=gettext_lazy("Registered residents"), min_value=0, initial=0)


class UnitRenameForm(BackOfficeForm):
    name = forms.CharField(label=gettext_lazy("Name (Chinese)"), max_length=120)
    name_en = forms.CharField(label=gettext_lazy("Name (English)"), max_length=120, required=False)


class ResidentsForm(BackOfficeForm):
    residents = forms.IntegerField(label=gettext_lazy("Registered residents"), min_value=0)


class OrganisationForm(BackOfficeForm):
    name = forms.CharField(label=gettext_lazy("Name (Chinese)"), max_length=120)
    name_en = forms.CharField(label=gettext_lazy("Name (English)"), max_length=120, required=False)
    kind = forms.ChoiceField(label=pgettext_lazy("organisation form", "Kind"), choices=SocialOrganisation.Kind.choices)
    home_unit = forms.ModelChoiceField(label=gettext_lazy("Based in"), queryset=Unit.objects.none())

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home_unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units])


class AccountForm(BackOfficeForm):
    username = forms.CharField(label=gettext_lazy("Username"), max_length=150)
    display_name = forms.CharField(label=gettext_lazy("Display name"), max_length=80,
                                   help_text=gettext_lazy("Shown publicly, e.g. on the list of counters."))
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=Role.choices)
    unit = forms.ModelChoiceField(label=gettext_lazy("Unit"), queryset=Unit.objects.none())
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("On behalf of"), queryset=SocialOrganisation.objects.all(), required=False,
        help_text=gettext_lazy("Optional: the social organisation the person acts for (volunteers)."))

    def __init__(self, *args, units=(), roles=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units]).order_by("kind", "code")
        if roles is not None:
            self.fields["role"].choices = [(r, Role(r).label) for r in roles]


class GrantForm(AccountForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["username"], self.fields["display_name"]


class ImportForm(BackOfficeForm):
    sheet = forms.FileField(label=gettext_lazy("CSV or XLSX file"))


class EditionForm(BackOfficeForm):
    slug = forms.CharField(label=gettext_lazy("Short name"), max_length=60,
                           help_text=gettext_lazy("Used in addresses, e.g. 2019-20."))
    name = forms.CharField(label=gettext_lazy("Name (Chinese)"), max_length=120)
    name_en = forms.CharField(label=gettext_lazy("Name (English)"), max_length=120, required=False)
    community_budget = forms.IntegerField(label=gettext_lazy("Budget per community"), min_value=1,
                                          initial=300_000)
    street_budget = forms.IntegerField(label=gettext_lazy("Budget per street"), min_value=1,
                                       initial=1_000_000)
    max_choices = forms.IntegerField(label=gettext_lazy("Most choices on a ballot"), initial=5)
    min_age = forms.IntegerField(label=gettext_lazy("Minimum voting age"), initial=15)
    selection_rule = forms.ChoiceField(label=pgettext_lazy("edition form", "Selection rule"), choices=Edition.Rule.choices)
    tie_break = forms.ChoiceField(label=gettext_lazy("Tie-break"), choices=Edition.TieBreak.choices)


class CopyForm(BackOfficeForm):
    source = forms.ModelChoiceField(label=gettext_lazy("Copy of"), queryset=Edition.objects.none())
    slug = forms.CharField(label=gettext_lazy("Short name"), max_length=60)
    name = forms.CharField(label=gettext_lazy("Name (Chinese)"), max_length=120)
    name_en = forms.CharField(label=gettext_lazy("Name (English)"), max_length=120, required=False)
    years = forms.IntegerField(label=gettext_lazy("Years to shift the plan"), initial=1)

    def __init__(self, *args, district=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = Edition.objects.filter(district=district)


class RulesForm(BackOfficeForm):
    max_choices = forms.IntegerField(label=gettext_lazy("Most choices on a ballot"))
    min_age = forms.IntegerField(label=gettext_lazy("Minimum voting age"))
    selection_rule = forms.ChoiceField(label=pgettext_lazy("edition form", "Selection rule"), choices=Edition.Rule.choices)
    tie_break = forms.ChoiceField(label=gettext_lazy("Tie-break"), choices=Edition.TieBreak.choices)


class BudgetForm(BackOfficeForm):
    amount = forms.IntegerField(label=gettext_lazy("Amount (yuan)"), min_value=1)


class PlanForm(BackOfficeForm):
    stage = forms.ChoiceField(choices=Stage.choices, widget=forms.HiddenInput)
    starts_at = forms.DateTimeField(label=gettext_lazy("Starts"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=gettext_lazy("Ends"), widget=DATETIME, required=False)
    note = forms.CharField(label=gettext_lazy("Note"), max_length=200, required=False)
    reason = forms.CharField(label=gettext_lazy("Reason"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=gettext_lazy("Required once the stage has started; shown on "
                                                    "the public timeline."))


class TargetForm(BackOfficeForm):
    percent = forms.IntegerField(label=gettext_lazy("Target turnout (%)"), min_value=1, max_value=100)
