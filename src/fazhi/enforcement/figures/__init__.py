"""Figures of law enforcement (行政执法), one module per part, registered under one chapter.

Keys and reference values: rongcheng-2022-figures.md rows 14–23. Each part registers its own
figures with `order` in its own range (officers 1–9, training 10–29, exams 30–39, supervision
40–59, case-file review 60–79).
"""

from fazhi.core.figures import ReportPart, register_chapter
from fazhi.enforcement.figures import exams, officers, reviews, supervision, training

CHAPTER = "enforcement"


def register_enforcement_figures() -> None:
    register_chapter(CHAPTER, "行政执法", part=ReportPart.MEASURES, order=16)
    officers.register(CHAPTER)
    training.register(CHAPTER)
    exams.register(CHAPTER)
    supervision.register(CHAPTER)
    reviews.register(CHAPTER)
