"""Legality reviews (合法性审核) of the synthetic province's documents and contracts.

The subject loaders plan each review with `review_plan` (dates from the subject app's own rule
parameters, as `review_accept`/`review_conclude` compute them) and load the rows with
`load_reviews` once their subjects have primary keys. Deadlines are looked up before any rows are
written: a lookup may read the working-day calendar, which must not happen during a COPY.
"""

import datetime
import random
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.db import models

from fazhi.core.bulkload import bulk_load
from fazhi.core.deadlines import Deadline, working_days_between
from fazhi.core.parameters import due_date_by_parameter
from fazhi.legality.models import LegalityReview

OPINIONS = (("lawful", 70), ("lawful_after_changes", 30))
UNLIMITED_DAYS = 14
OPINION_TEXTS = {
    "lawful": "经审核，该草案符合法律、法规、规章和上级文件规定，制定程序合法。",
    "lawful_after_changes": "经审核，草案个别条款表述需按审核意见修改，修改后合法。",
}


@cache
def deadline(key: str, day: datetime.date) -> Deadline:
    """The deadline of rule parameter `key` from `day`, looked up once per (key, day)."""
    return due_date_by_parameter(key, day)


def due_on(key: str, day: datetime.date) -> datetime.date:
    return deadline(key, day).due_on


@dataclass(frozen=True)
class PlannedReview:
    """One concluded review of a subject: who sent it, when, and the passing opinion."""

    title: str
    organization: int
    materials: tuple[str, ...]
    submitted_on: datetime.date
    accepted_on: datetime.date
    earliest_on: datetime.date | None
    due_on: datetime.date | None
    concluded_on: datetime.date
    working_days_used: int
    opinion: str
    precheck_flags: int | None


def review_plan(
    rng: random.Random,
    *,
    title: str,
    organization: int,
    materials: Sequence[str],
    submitted_on: datetime.date,
    max_days: str | None,
    min_days: str | None = None,
    precheck: bool = False,
) -> PlannedReview:
    """A review accepted within two days and concluded between its earliest and due day.

    Without a limit (major decisions have only a minimum time), concluded within two weeks.
    """
    accepted_on = submitted_on + datetime.timedelta(days=rng.randint(0, 2))
    earliest = due_on(min_days, accepted_on) if min_days else None
    first = earliest or accepted_on
    due = due_on(max_days, accepted_on) if max_days else None
    last = due or first + datetime.timedelta(days=UNLIMITED_DAYS)
    concluded_on = first + datetime.timedelta(days=rng.randint(0, max((last - first).days, 0)))
    return PlannedReview(
        title=title,
        organization=organization,
        materials=tuple(materials),
        submitted_on=submitted_on,
        accepted_on=accepted_on,
        earliest_on=earliest,
        due_on=due,
        concluded_on=concluded_on,
        working_days_used=working_days_between(accepted_on, concluded_on),
        opinion=rng.choices([o for o, _ in OPINIONS], [w for _, w in OPINIONS])[0],
        precheck_flags=rng.choice((0, 0, 0, 1, 2)) if precheck else None,
    )


def load_reviews(
    model: type[models.Model],
    kind: str,
    region: int,
    subjects: Sequence[int],
    plans: Sequence[PlannedReview],
) -> int:
    """The concluded reviews of `subjects` (primary keys of `model`, in `plans`' order)."""
    content_type = ContentType.objects.get_for_model(model).pk
    return bulk_load(
        LegalityReview,
        [
            *("content_type", "object_id", "kind", "title", "region", "organization", "status"),
            *("submitted_on", "materials_provided", "accepted_on", "due_on", "earliest_on"),
            *("opinion", "opinion_text", "concluded_on", "working_days_used"),
            "precheck_flag_count",
        ],
        [
            (
                content_type,
                subject,
                kind,
                plan.title,
                region,
                plan.organization,
                "concluded",
                plan.submitted_on,
                list(plan.materials),
                plan.accepted_on,
                plan.due_on,
                plan.earliest_on,
                plan.opinion,
                OPINION_TEXTS[plan.opinion],
                plan.concluded_on,
                plan.working_days_used,
                plan.precheck_flags,
            )
            for subject, plan in zip(subjects, plans, strict=True)
        ],
    )
