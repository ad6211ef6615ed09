"""The standalone verifier of a Xihu export: see standalone.py (standard library only)."""
