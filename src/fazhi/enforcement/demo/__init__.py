"""Rongcheng's 2022 enforcement, built through the services, one part after another.

The officer register comes first: training, exams, supervision and case-file review act on it.
"""

from collections.abc import Callable

from fazhi.enforcement.demo import officers

Log = Callable[[str], None]


def build_demo(log: Log) -> None:
    officers.build_demo(log)
