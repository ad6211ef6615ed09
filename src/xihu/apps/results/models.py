"""Count sessions, selection, confirmation, publication and implementation (issue 7)."""
