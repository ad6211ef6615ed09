"""Forms for the station desk, seals, paper entry and adjudication."""

import copy

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xihu.apps.accounts.cosign import cosign_problem
from xihu.apps.ballots.models import BallotKind
from xihu.apps.voting.eligibility import PROOFS
from xihu.apps.voting.models import Registration, Station


def _proof_choices():
    """The proofs grouped by basis; the labels and the groups' names are lazy (translated when
    shown), so the list is made once and not again for every form and every validation."""
    choices = [("", gettext_lazy("(no proof: on the register)"))]
    for basis, options in PROOFS.items():
        choices.append((Registration.Basis(basis).label, [(value, label) for value, label in options]))
    return choices


class RegisterForm(forms.Form):
    box = forms.ChoiceField(label=gettext_lazy("Box"))
    name = forms.CharField(label=gettext_lazy("Name"), max_length=60, required=False)
    id_number = forms.CharField(label=gettext_lazy("Identity number"), max_length=24,
                                widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}))
    basis = forms.ChoiceField(label=gettext_lazy("May vote here as"), choices=Registration.Basis.choices)
    proof = forms.ChoiceField(label=gettext_lazy("Proof shown"), choices=_proof_choices(), required=False)
    kinds = forms.MultipleChoiceField(label=gettext_lazy("Ballots"), choices=BallotKind.choices,
                                      widget=forms.CheckboxSelectMultiple,
                                      initial=[BallotKind.COMMUNITY, BallotKind.STREET])
    mode = forms.ChoiceField(label=gettext_lazy("Votes on"), choices=Registration.Mode.choices,
                             widget=forms.RadioSelect, initial=Registration.Mode.PAPER)

    def __init__(self, *args, boxes=(), kinds=tuple(BallotKind.values), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["box"].choices = [(b.pk, str(b)) for b in boxes]
        # Only the ballots that exist (frozen) for this community and its street are offered.
        offered = [(value, label) for value, label in BallotKind.choices if value in kinds]
        self.fields["kinds"].choices = offered
        self.fields["kinds"].initial = [value for value, _label in offered]


def _field_copy(field: forms.Field) -> forms.Field:
    """A form's own copy of a declared field, as Field.__deepcopy__ and Widget.__deepcopy__
    make it (its own field, widget, widget attributes, error messages and validators), except
    that the lists of choices are shared: nothing changes them in place (a form that needs other
    choices assigns new ones, as RegisterForm does for its boxes and ballots)."""
    result = copy.copy(field)
    result.widget = copy.copy(field.widget)
    result.widget.attrs = field.widget.attrs.copy()
    result.error_messages = field.error_messages.copy()
    result.validators = field.validators[:]
    return result


class _DeclaredFields(dict):
    """RegisterForm's base_fields: BaseForm.__init__ deep-copies them for every form, which for
    the desk's form (one per registration) copied every choice and its label again; this
    copies each field with _field_copy instead."""

    def __deepcopy__(self, memo):
        return {name: _field_copy(field) for name, field in self.items()}


RegisterForm.base_fields = _DeclaredFields(RegisterForm.base_fields)


class StationForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=Station.Kind.choices)
    name = forms.CharField(label=gettext_lazy("Station name"), max_length=120)
    location = forms.CharField(label=gettext_lazy("Location"), max_length=200, required=False)


class CoSignedForm(forms.Form):
    """A second person confirms on the same device with their own password.

    `action`, `unit` and `edition` name what the second person must be allowed to do (and
    `requester_action` what the sender must be allowed to do): roles are checked before any
    password, and a wrong password counts as a failed login (accounts.cosign)."""

    cosigner = forms.CharField(label=gettext_lazy("Second person: user name"), max_length=150)
    cosigner_password = forms.CharField(label=gettext_lazy("Second person: password"),
                                        widget=forms.PasswordInput, max_length=128)

    def __init__(self, *args, request=None, action=None, unit=None, edition=None,
                 requester_action=None, **kwargs):
        self.request = request
        self.gate = (action, unit, edition, requester_action)
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        action, unit, edition, requester_action = self.gate
        if self.request is None or action is None or unit is None:
            raise forms.ValidationError(_("This form cannot be co-signed here."))
        cosigner, problem = cosign_problem(
            self.request, name=data["cosigner"], password=data["cosigner_password"], action=action,
            unit=unit, edition=edition, requester_action=requester_action)
        if problem:
            raise forms.ValidationError(problem)
        data["cosigner_user"] = cosigner
        return data


class SealForm(CoSignedForm):
    seal_number = forms.CharField(label=gettext_lazy("Seal number"), max_length=40)
    paper_in_box = forms.IntegerField(label=gettext_lazy("Paper sheets counted in the box"), min_value=0)
    intact = forms.BooleanField(label=gettext_lazy("Seal found intact (when reopening)"), required=False,
                                initial=True)
    note = forms.CharField(label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AdjudicationForm(CoSignedForm):
    choices = forms.MultipleChoiceField(label=gettext_lazy("What the sheet says"), required=False,
                                        widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(label=gettext_lazy("Why"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["choices"].choices = [(str(i.number), f"{i.number}. {i.title}") for i in items]
