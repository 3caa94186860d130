"""Jinja templates for glueforge job scripts, one folder per language.

Installed as ``glueforge.job_templates``; read them with
``importlib.resources.files("glueforge.job_templates")``.
"""
