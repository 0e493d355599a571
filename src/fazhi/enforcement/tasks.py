"""Scheduled work of enforcement (Celery beat, or the management commands of the same names).

- `enforcement.certificates_expire`, daily: cards whose validity has passed become expired, so
  they can no longer be drawn as inspectors (山东省行政执法监督条例 art. 10).
- `enforcement.papers_close_overdue`, every five minutes: a paper left open past its time limit
  (a closed browser) is marked as it stood at the limit.
- `enforcement.supervision_deadlines`, daily: overdue supervision opinions and decisions, ended
  terms of invited supervisors, and overdue case-file rectification notices (督办).
"""

import dataclasses

from celery import shared_task

from fazhi.enforcement.services.certificates import certificates_expire
from fazhi.enforcement.services.exams import papers_close_overdue
from fazhi.enforcement.services.sweeps import enforcement_deadlines_sweep


@shared_task(name="enforcement.certificates_expire")
def certificates_expire_daily() -> int:
    return certificates_expire()


@shared_task(name="enforcement.papers_close_overdue")
def papers_close_overdue_often() -> int:
    return papers_close_overdue()


@shared_task(name="enforcement.supervision_deadlines")
def supervision_deadlines_daily() -> dict[str, int]:
    return dataclasses.asdict(enforcement_deadlines_sweep())
