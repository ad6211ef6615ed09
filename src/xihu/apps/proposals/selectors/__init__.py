"""Reads for proposals: states, histories, summary tables, progress and figures."""
