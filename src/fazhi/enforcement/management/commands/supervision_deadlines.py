"""`fazhi supervision_deadlines`: the daily enforcement sweep, from cron where beat does not run.

Overdue supervision opinions and decisions, ended terms of invited supervisors, and overdue
case-file rectification notices (`enforcement_deadlines_sweep`, as the task
`enforcement.supervision_deadlines` runs it).
"""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.enforcement.services.sweeps import enforcement_deadlines_sweep


class Command(BaseCommand):
    help = (
        "标记逾期未整改的监督意见书、逾期未报告执行的监督决定书，"
        "结束聘期届满的特邀监督员，将逾期未整改的案卷评查整改通知列入督办(建议每日运行)"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--on", help="按该日期判断(YYYY-MM-DD)，默认今天")

    def handle(self, *args: Any, **options: Any) -> None:
        on = None
        if options["on"]:
            try:
                on = datetime.date.fromisoformat(options["on"])
            except ValueError:
                raise CommandError("--on 应为 YYYY-MM-DD 格式的日期") from None
        sweep = enforcement_deadlines_sweep(on=on)
        self.stdout.write(
            self.style.SUCCESS(
                f"逾期未整改的监督意见书：{sweep.opinions_overdue}份；"
                f"逾期未报告执行的监督决定书：{sweep.decisions_overdue}份；"
                f"聘期届满的特邀监督员：{sweep.terms_ended}名；"
                f"列入督办的案卷评查整改通知：{sweep.rectifications_escalated}份"
            )
        )
