"""The study's three tests of an edition, with their evidence (PROCESS.md 3.8)."""
