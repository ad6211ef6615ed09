"""A form's errors as sentences that name their field ("Seal number: This field is required."),
for views that report a form's errors as messages or a refusal rather than beside the field."""

from django.forms import Form
from django.forms.forms import NON_FIELD_ERRORS
from django.utils.translation import gettext as _


def named_errors(form: Form) -> list[str]:
    out = []
    for name, errors in form.errors.items():
        field = form.fields.get(name) if name != NON_FIELD_ERRORS else None
        label = (field.label or name) if field is not None else ""
        for error in errors:
            out.append(_("%(field)s: %(error)s") % {"field": label, "error": error} if label else str(error))
    return out
