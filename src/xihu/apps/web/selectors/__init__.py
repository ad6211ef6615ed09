"""Reads for the foundation's pages: the role home page, the main menu, a unit's editions."""

from xihu.apps.web.selectors.home import ActionRow, actions_for, role_rows

__all__ = ["ActionRow", "actions_for", "role_rows"]
