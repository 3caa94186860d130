"""Glue transforms the templates use: Relationalize."""

from .relationalize import Relationalize

__all__ = ["Relationalize"]
