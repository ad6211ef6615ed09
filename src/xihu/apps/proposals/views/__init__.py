"""Thin pages: read through selectors, write through services, explain every refusal."""
