"""What text the platform accepts, shared by the request guard (web.inputs), forms, importers,
the API and the commands: no NUL or other control character, anywhere.

Free text may hold line breaks and tabs (text areas, cells of a sheet); nothing else below
U+0020, no DEL, no C1 control and no lone surrogate. A single line (a path, a query value, a
name) may hold no line break or tab either. PostgreSQL refuses NUL in text (a 500 otherwise);
SQLite would store it silently."""

import re

from django.utils.translation import gettext as _

# C0 controls except TAB, LF, CR; DEL; C1 controls; lone surrogates.
FORBIDDEN_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# In a path, a query value or a one-line value, line breaks and tabs are refused too.
FORBIDDEN_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def text_problem(value: str, *, single_line: bool = False) -> str | None:
    """Why `value` is not acceptable text (None when it is), to follow "<field>: "."""
    pattern = FORBIDDEN_IN_LINE if single_line else FORBIDDEN_IN_TEXT
    if pattern.search(value):
        return _("it contains a control character (such as NUL), which is not allowed")
    return None
