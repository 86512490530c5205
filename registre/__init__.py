"""Registre: a static, searchable archive of a local government's deliberations."""

__version__ = "0.1.0"
