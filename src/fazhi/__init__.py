"""Fazhi (法治): the platform for a county-level city's rule-of-law government work."""

from fazhi.celery import app as celery_app

__all__ = ["celery_app"]
