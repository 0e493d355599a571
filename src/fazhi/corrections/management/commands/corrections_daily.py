"""`fazhi corrections_daily`: the day's corrections sweep (daily, cron) — as the Celery task."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from fazhi.corrections.services.sweeps import corrections_daily_sweep


class Command(BaseCommand):
    help = "社区矫正每日任务：查找逾期未报到人员、安排本周信息化核查并执行当日核查(建议每日运行)"

    def handle(self, *args: Any, **options: Any) -> None:
        performed = corrections_daily_sweep(on=timezone.localdate())
        self.stdout.write(self.style.SUCCESS(f"今日已执行信息化核查：{performed}次"))
