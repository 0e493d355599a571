"""What each subject app tells the legality review about its records (ADR 0005).

A subject app registers its model once, in its AppConfig.ready():

    register_review_subject(
        ReviewSubject(
            kind=SubjectKind.CONTRACT,
            model=Contract,
            materials=(Material("draft", "合同草案文本"), ...),
            max_days_parameter="contracts.legality_review_days",
            detail_url=lambda contract: reverse("contracts:contract-detail", args=[contract.pk]),
        )
    )

The review never imports the subject apps; it reads their needs from here.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models


@dataclass(frozen=True)
class Material:
    """One item of the materials checklist a submission must contain (送审材料)."""

    key: str
    label: str
    required: bool = True


@dataclass(frozen=True)
class ReviewSubject:
    kind: str
    model: type[models.Model]
    materials: tuple[Material, ...]
    detail_url: Callable[[Any], str]
    # Rule parameters (core.parameters) of the subject app: the longest time the review may take
    # and the shortest time it must be given (重大行政决策程序暂行条例 art. 26: ≥7 working days).
    max_days_parameter: str | None = None
    min_days_parameter: str | None = None
    # The public comment period's minimum length, when the subject has one.
    comment_days_parameter: str | None = None

    def material_labels(self, keys: list[str]) -> list[str]:
        known = {material.key: material.label for material in self.materials}
        return [known[key] for key in keys if key in known]

    def missing_required(self, provided: list[str]) -> list[Material]:
        return [m for m in self.materials if m.required and m.key not in set(provided)]


_SUBJECTS: dict[str, ReviewSubject] = {}


def register_review_subject(subject: ReviewSubject) -> None:
    existing = _SUBJECTS.get(subject.kind)
    if existing is not None and existing.model is not subject.model:
        raise ValueError(f"review subject {subject.kind!r} is already registered")
    _SUBJECTS[subject.kind] = subject


def review_subject_of_kind(kind: str) -> ReviewSubject:
    try:
        return _SUBJECTS[kind]
    except KeyError:
        raise KeyError(
            f"unknown review subject {kind!r}: register it with register_review_subject() "
            "in the subject app's AppConfig.ready()"
        ) from None


def review_subject_of(instance: models.Model) -> ReviewSubject:
    for subject in _SUBJECTS.values():
        if isinstance(instance, subject.model):
            return subject
    raise KeyError(f"{type(instance).__name__} is not a registered review subject")
