"""One guard for every request: no NUL or other control character, and no overlong value, in
the path, the query string, a form field (name or value) or a JSON body. Such a request gets a
400 page (or JSON for /api/) that says what is wrong, in the reader's language, before any view
or database sees it: PostgreSQL refuses NUL in text (a 500 otherwise), SQLite would store it.

What is forbidden is said once, in xihu.inputs. Uploaded files are checked by their importers
(proposals.tabular), which know their rows. Behind the forms, a safety net (process_exception)
answers 400 instead of 500 when a value of the wrong kind reaches a model field or the database
refuses a value as too long or out of range; it logs a warning so the form can be fixed."""

import json
import logging
import traceback

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DataError
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from xihu.inputs import FORBIDDEN_IN_LINE, FORBIDDEN_IN_TEXT

logger = logging.getLogger(__name__)


def _from_field_conversion(exception: BaseException) -> bool:
    """Raised while a model field converted a lookup or saved value (or by the SQLite driver
    binding an integer too large for it)."""
    seen = 0
    while exception is not None and seen < 5:
        frames = traceback.extract_tb(exception.__traceback__)
        if frames:
            last = frames[-1]
            if "django/db/models/fields" in last.filename.replace("\\", "/"):
                return True
            if isinstance(exception, OverflowError) and "django/db/backends" in "".join(
                    f.filename for f in frames[-3:]).replace("\\", "/"):
                return True
        exception, seen = exception.__cause__ or exception.__context__, seen + 1
    return False


def _json_strings(value, depth: int = 0):
    if depth > 50:
        yield "\x00"  # absurd nesting: refuse as malformed
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _json_strings(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item, depth + 1)


class InputGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = self.problem(request)
        if problem:
            return self.refuse(request, problem)
        return self.get_response(request)

    @staticmethod
    def problem(request) -> str | None:
        if FORBIDDEN_IN_LINE.search(request.path):
            return _("The address contains a control character (such as NUL).")
        limit = settings.XIHU_MAX_QUERY_VALUE
        for key, values in request.GET.lists():
            for text in (key, *values):
                if FORBIDDEN_IN_LINE.search(text):
                    return _("The value of “%(name)s” contains a control character (such as NUL), "
                             "which is not allowed.") % {"name": key[:40]}
                if len(text) > limit:
                    return _("The value of “%(name)s” is too long (at most %(n)d characters).") % {
                        "name": key[:40], "n": limit}
        if request.method in ("POST", "PUT", "PATCH"):
            return InputGuardMiddleware.body_problem(request)
        return None

    @staticmethod
    def body_problem(request) -> str | None:
        limit = settings.XIHU_MAX_FORM_VALUE
        if request.content_type == "application/json":
            try:
                data = json.loads(request.body or b"null")
            except (ValueError, UnicodeDecodeError):
                return None  # the API answers malformed JSON itself
            for text in _json_strings(data):
                if FORBIDDEN_IN_TEXT.search(text):
                    return _("A value contains a control character (such as NUL), which is not "
                             "allowed.")
                if len(text) > limit:
                    return _("A value is too long (at most %(n)d characters).") % {"n": limit}
            return None
        for key, values in request.POST.lists():
            if FORBIDDEN_IN_LINE.search(key):
                return _("A form field's name contains a control character.")
            for text in values:
                if FORBIDDEN_IN_TEXT.search(text):
                    return _("The value of “%(name)s” contains a control character (such as NUL), "
                             "which is not allowed.") % {"name": key[:40]}
                if len(text) > limit:
                    return _("The value of “%(name)s” is too long (at most %(n)d characters).") % {
                        "name": key[:40], "n": limit}
        for key in request.FILES:
            if FORBIDDEN_IN_LINE.search(key) or FORBIDDEN_IN_LINE.search(request.FILES[key].name):
                return _("An uploaded file's name contains a control character.")
        return None

    def process_exception(self, request, exception):
        """The safety net behind the forms: a value of the wrong kind that reached a model
        field's conversion (a text where an id is expected), or a value the database refuses
        as too long or out of range, is the request's fault: a 400 with a message, logged."""
        if isinstance(exception, DataError) or (
                isinstance(exception, ValueError | TypeError | OverflowError | ValidationError)
                and _from_field_conversion(exception)):
            logger.warning("input refused by the database layer at %s: %s", request.path[:200],
                           str(exception)[:300])
            return self.refuse(request, _("A value in the request is not of the kind expected "
                                          "(for example a number, or a text that is too long)."))
        return None

    @staticmethod
    def refuse(request, problem: str):
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": problem}, status=400,
                                json_dumps_params={"ensure_ascii": False})
        return render(request, "web/bad_input.html", {"problem": problem}, status=400)
