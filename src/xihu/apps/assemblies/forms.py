"""Forms of the assembly pages (validation of shape only; the services decide the rest)."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from xihu.apps.assemblies.models import Attendee, PlenaryBallot
from xihu.apps.organisation.models import SocialOrganisation


class ScheduleForm(forms.Form):
    venue = forms.CharField(label=_("Venue"), max_length=200)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=forms.DateTimeInput(
        attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    tables = forms.IntegerField(label=_("Number of round tables"), min_value=1, max_value=40)
    max_choices = forms.IntegerField(label=_("Most choices on a plenary ballot"), min_value=1,
                                     max_value=60, initial=10)
    open_to_all = forms.BooleanField(label=_("Open to every resident (recommended)"), required=False,
                                     initial=True)


class AttendeeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60)
    category = forms.ChoiceField(label=_("Invited as"), choices=Attendee.Category.choices,
                                 initial=Attendee.Category.RESIDENT)
    table_role = forms.ChoiceField(label=_("Role at the table"), choices=Attendee.TableRole.choices,
                                   initial=Attendee.TableRole.RESIDENT)
    household_text = forms.CharField(label=_("Household (building-entrance-door)"), max_length=60,
                                     required=False)
    phone = forms.CharField(label=_("Phone (private)"), max_length=30, required=False)
    organisation = forms.ModelChoiceField(label=_("Social organisation (technical advisers)"),
                                          queryset=SocialOrganisation.objects.all(), required=False)


_NUMBER = re.compile(r"\d+")
_NUMBERS_ONLY = re.compile(r"[\d\s,，、;；]*")  # numbers apart by spaces or commas, nothing else


class PlenaryForm(forms.Form):
    """One ballot: the ticked summary-table numbers, typed ("3 17 22") or ticked as boxes."""

    numbers = forms.CharField(label=_("Numbers ticked on the ballot"), required=False,
                              help_text=_("Type the numbers separated by spaces, or tick the boxes below."))
    channel = forms.ChoiceField(label=_("Channel"), choices=PlenaryBallot.Channel.choices,
                                initial=PlenaryBallot.Channel.PAPER)
    corrects = forms.IntegerField(label=_("Replaces entry number (corrections only)"), required=False,
                                  min_value=1)
    blank = forms.BooleanField(label=_("Blank ballot (nothing ticked)"), required=False)

    def __init__(self, *args, numbers: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.valid_numbers = set(numbers)

    def chosen_numbers(self) -> list[int]:
        typed = [int(n) for n in _NUMBER.findall(self.cleaned_data.get("numbers") or "")]
        ticked = [int(n) for n in self.data.getlist("item") if n.isdigit()]
        return typed + [n for n in ticked if n not in typed]

    def clean_numbers(self):
        typed = self.cleaned_data.get("numbers") or ""
        if not _NUMBERS_ONLY.fullmatch(typed):
            raise forms.ValidationError(_("“%(typed)s” is not a list of numbers: type the numbers of the "
                                          "summary table separated by spaces, like 3 17 22.") % {"typed": typed})
        return typed

    def clean(self):
        cleaned = super().clean()
        if "numbers" not in cleaned:  # not a list of numbers: said on the field
            return cleaned
        chosen = self.chosen_numbers() if self.is_bound else []
        if cleaned.get("blank") and chosen:
            raise forms.ValidationError(_("A ballot marked blank cannot have choices."))
        if not cleaned.get("blank") and not chosen:
            raise forms.ValidationError(
                _("No project is ticked: to enter a blank ballot, say so (tick “blank ballot”)."))
        unknown = [n for n in chosen if n not in self.valid_numbers]
        if unknown:
            raise forms.ValidationError(_("No such number on the summary table: %(n)s")
                                        % {"n": ", ".join(map(str, unknown))})
        if len(set(chosen)) != len(chosen):
            raise forms.ValidationError(_("A number is given twice."))
        return cleaned
