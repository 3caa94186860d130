"""Helpers shared by the tests of every feature."""
