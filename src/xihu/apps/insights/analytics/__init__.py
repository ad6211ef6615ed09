"""Participation analytics: figures per edition, comparable across editions, as SVG charts."""
