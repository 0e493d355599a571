"""`fazhi documents_expire`: end the documents whose validity has run out (daily, from cron)."""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.rules.services.documents import documents_expire


class Command(BaseCommand):
    help = "将有效期届满的规范性文件标记为已失效(建议每日运行)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--on", help="按该日期判断(YYYY-MM-DD)，默认今天")

    def handle(self, *args: Any, **options: Any) -> None:
        on = None
        if options["on"]:
            try:
                on = datetime.date.fromisoformat(options["on"])
            except ValueError:
                raise CommandError("--on 应为 YYYY-MM-DD 格式的日期") from None
        count = documents_expire(on=on)
        self.stdout.write(self.style.SUCCESS(f"已失效的规范性文件：{count}件"))
