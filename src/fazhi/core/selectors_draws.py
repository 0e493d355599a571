"""Reads of random draws (随机抽取): the access gate and the scoped lists (ADR 0006).

The gate lives here rather than in core/permissions.py only because that module is shared; it
follows the same pattern (Http404 with the denial audited).
"""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from fazhi.core.models import RandomDraw
from fazhi.core.permissions import access_by_id


def access_random_draw_by_id(user: Any, pk: Any, *, for_update: bool = False) -> RandomDraw:
    """The draw `pk` if it lies in the user's scope (its region/organization), else Http404."""
    return access_by_id(draw_list(user=user), user, pk, for_update=for_update)


def draw_list(*, user: Any) -> models.QuerySet[RandomDraw]:
    """The draws the user may see, newest announcement first."""
    return RandomDraw.objects.visible_to(user).select_related("region", "organization")


def draw_list_of(subject: models.Model) -> models.QuerySet[RandomDraw]:
    """Every draw made for `subject` (unscoped: the caller has already passed its gate)."""
    return RandomDraw.objects.filter(
        subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk
    ).select_related("region", "organization")
