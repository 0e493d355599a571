"""`fazhi imports_purge`: delete uploaded import files left waiting for more than 24 hours."""

from typing import Any

from django.core.management.base import BaseCommand

from fazhi.core.imports import staged_purge


class Command(BaseCommand):
    help = "删除上传后超过24小时仍未导入的Excel文件(可由cron或Celery beat定时运行)"

    def handle(self, *args: Any, **options: Any) -> None:
        removed = staged_purge()
        self.stdout.write(f"已删除 {removed} 个过期的导入文件")
