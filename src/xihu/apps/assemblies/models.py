"""Screening assemblies and round tables (issue 5)."""
