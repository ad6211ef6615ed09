"""Forms for the count, confirmation and implementation pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from xihu.apps.accounts.models import Role, User
from xihu.apps.accounts.selectors import people_holding
from xihu.apps.results.models import ImplementationUpdate


class UserChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj)


class OpenSessionForm(forms.Form):
    counters = UserChoice(label=_("Counters"), queryset=User.objects.none(), required=False,
                          widget=forms.CheckboxSelectMultiple)
    scrutineers = UserChoice(label=_("Scrutineers"), queryset=User.objects.none(),
                             widget=forms.CheckboxSelectMultiple)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["counters"].queryset = people_holding(
            community, [Role.COUNTER, Role.COMMUNITY_STAFF])
        self.fields["scrutineers"].queryset = people_holding(community, [Role.SCRUTINEER])


ID_MAX = 2**63 - 1  # a primary key (bigint)
COUNT_MAX = 2**31 - 1  # a count column (integer)


class TypedTotalForm(forms.Form):
    ballot = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=ID_MAX)
    box = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1, max_value=ID_MAX)
    item = forms.IntegerField(label=_("Project"), required=False, min_value=1, max_value=COUNT_MAX)
    value = forms.IntegerField(label=_("Typed total"), min_value=0, max_value=COUNT_MAX)


class ExplanationForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput)
    text = forms.CharField(label=_("Explanation"), widget=forms.Textarea(attrs={"rows": 2}))


class ConfirmForm(forms.Form):
    winners = forms.TypedMultipleChoiceField(label=_("Projects funded"), coerce=int, required=False,
                                             widget=forms.CheckboxSelectMultiple)
    reason = forms.CharField(label=_("Reason for departing from the computed result"),
                             required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["winners"].choices = [(i.number, f"{i.number}. {i.title} ({i.amount})")
                                          for i in items]


class ImplementationForm(forms.ModelForm):
    class Meta:
        model = ImplementationUpdate
        fields = ["status", "milestone", "spent", "note", "photo"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
