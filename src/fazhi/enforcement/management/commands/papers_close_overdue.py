"""`fazhi papers_close_overdue`: mark exam papers left open past their time limit (cron)."""

from typing import Any

from django.core.management.base import BaseCommand

from fazhi.enforcement.services.exams import papers_close_overdue


class Command(BaseCommand):
    help = "按考试时限收卷：超过时限仍未交卷的试卷按时限时的作答评分(建议每5分钟运行)"

    def handle(self, *args: Any, **options: Any) -> None:
        marked = papers_close_overdue()
        self.stdout.write(self.style.SUCCESS(f"超时收卷并评分的试卷：{marked}份"))
