"""`fazhi verifications_retry`: retry due data-source lookups and escalate overdue requests."""

from typing import Any

from django.core.management.base import BaseCommand

from fazhi.proofs.services.verifications import assisted_escalate_overdue, verifications_retry_due


class Command(BaseCommand):
    help = "重试到期的数据核查请求，并督办逾期未答复的协助核查(建议每分钟运行)"

    def handle(self, *args: Any, **options: Any) -> None:
        tried = verifications_retry_due()
        escalated = assisted_escalate_overdue()
        self.stdout.write(
            self.style.SUCCESS(f"已重试数据核查：{tried}件；新督办逾期协助核查：{escalated}件")
        )
