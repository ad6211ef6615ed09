"""Template context for every page: the main menu, computed only when a template shows it."""

from django.utils.functional import SimpleLazyObject

from xihu.apps.editions.selectors import current_edition
from xihu.apps.web.selectors.menu import active_key, main_menu


def main_menu_context(request) -> dict:
    def build():
        edition = getattr(request, "edition", None) or current_edition()
        return main_menu(edition, active_key(getattr(request, "resolver_match", None)))

    return {"main_menu": SimpleLazyObject(build)}
