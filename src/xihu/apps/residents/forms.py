"""Forms of the residents' pages; the services check what matters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from xihu.apps.organisation.models import Unit
from xihu.apps.residents.models import Language


class PhoneForm(forms.Form):
    phone = forms.CharField(label=_("Mobile phone number"), max_length=20,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
    language = forms.ChoiceField(label=_("Language of messages"), choices=Language.choices,
                                 initial=Language.ZH)


class CodeForm(forms.Form):
    # named *token*: Django's failed-login signal and django-axes' records never keep it
    otp_token = forms.CharField(label=_("Code (6 digits)"), max_length=6, min_length=6,
                                widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                              "autocomplete": "one-time-code"}))


class VerifyForm(forms.Form):
    name = forms.CharField(label=_("Name (as on the identity card)"), max_length=60)
    id_number = forms.CharField(label=_("Identity number (checked, never stored)"), max_length=24,
                                widget=forms.TextInput(attrs={"autocomplete": "off"}))
    community = forms.ModelChoiceField(label=_("Community"), queryset=Unit.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = (Unit.objects.live().filter(kind=Unit.Kind.COMMUNITY)
                                             .select_related("parent").order_by("parent__code", "code"))


class StaffVerifyForm(forms.Form):
    phone = forms.CharField(label=_("The resident's mobile number (signed up)"), max_length=20)
    entry = forms.IntegerField(label=_("Their entry in the register"), widget=forms.HiddenInput,
                               required=False)
    name = forms.CharField(label=_("Name (search the register)"), max_length=60, required=False)


class ReceiptFollowForm(forms.Form):
    code = forms.CharField(label=_("Receipt code"), max_length=20)


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of messages"), choices=Language.choices)
