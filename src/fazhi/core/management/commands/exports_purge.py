"""`fazhi exports_purge`: delete export files past their retention; fail interrupted exports."""

from typing import Any

from django.core.management.base import BaseCommand

from fazhi.core.services.exports import export_jobs_purge


class Command(BaseCommand):
    help = "删除超过保留期限的后台导出文件，并将因服务重启中断的导出标记为失败(可由cron每小时运行)"

    def handle(self, *args: Any, **options: Any) -> None:
        removed = export_jobs_purge()
        self.stdout.write(f"已删除 {removed} 个过期的导出文件")
