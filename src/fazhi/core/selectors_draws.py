"""Reads of random draws (随机抽取): the scoped lists (ADR 0006); the gate is in permissions."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from fazhi.core.models import RandomDraw


def draw_list(*, user: Any) -> models.QuerySet[RandomDraw]:
    """The draws the user may see, newest announcement first."""
    return RandomDraw.objects.visible_to(user).select_related("region", "organization")


def draw_list_of(subject: models.Model) -> models.QuerySet[RandomDraw]:
    """Every draw made for `subject` (unscoped: the caller has already passed its gate)."""
    return RandomDraw.objects.filter(
        subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk
    ).select_related("region", "organization")


def draw_list_published() -> models.QuerySet[RandomDraw]:
    """The drawn draws, for the public portal (公示): newest draw first, unscoped by design."""
    return (
        RandomDraw.objects.filter(status=RandomDraw.Status.DRAWN)
        .select_related("region", "organization")
        .order_by("-drawn_at", "-pk")
    )
