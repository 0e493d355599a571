"""`fazhi audit_purge --before-days N`: delete audit rows past the retention period, and log it."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.core.audit import RetentionTooShort, audit_purge


class Command(BaseCommand):
    help = "清理早于指定天数的审计日志(不得少于保留期)，并在审计日志中记录本次清理"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--before-days",
            type=int,
            required=True,
            help=f"清理多少天以前的记录，不得小于保留期 {settings.AUDIT_RETENTION_DAYS} 天",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = audit_purge(before_days=options["before_days"])
        except RetentionTooShort as error:
            raise CommandError(str(error)) from error
        if report.deleted == 0:
            self.stdout.write(f"没有早于 {options['before_days']} 天的审计日志，无需清理")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"已清理 {report.deleted} 条审计日志(至第 {report.last_deleted_id} 号)，"
                f"末条哈希 {report.last_deleted_hash}"
            )
        )
