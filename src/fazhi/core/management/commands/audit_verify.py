"""`fazhi audit_verify`: recompute the audit log's hash chain and name the first broken row."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from fazhi.core.audit import audit_chain_verify


class Command(BaseCommand):
    help = "校验审计日志哈希链；发现被篡改或删除的记录时以状态码 1 退出"

    def handle(self, *args: Any, **options: Any) -> None:
        report = audit_chain_verify()
        if not report.intact:
            raise CommandError(
                f"审计日志哈希链在第 {report.first_broken_id} 号记录处断裂：{report.reason}。"
                f"此前 {report.rows_checked} 条记录校验通过。",
                returncode=1,
            )
        self.stdout.write(
            self.style.SUCCESS(f"已校验 {report.rows_checked} 条审计日志，哈希链完整")
        )
