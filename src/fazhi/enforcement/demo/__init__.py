"""Rongcheng's 2022 enforcement, built through the services, one part after another.

The officer register comes first: training, exams, supervision and case-file review act on it.
The certificates' annual reviews need the year's training hours and exam, so they come after.
"""

from collections.abc import Callable

from fazhi.enforcement.demo import (
    certificates,
    exams,
    officers,
    reviews,
    supervision,
    training,
)

Log = Callable[[str], None]


def build_demo(log: Log) -> None:
    officers.build_demo(log)
    training.build_demo(log)
    exams.build_demo(log)
    certificates.build_demo(log)
    supervision.build_demo(log)
    reviews.build_demo(log)
