"""`fazhi certificates_expire`: expire the certificates whose validity has passed (daily, cron)."""

from typing import Any

from django.core.management.base import BaseCommand

from fazhi.enforcement.services.certificates import certificates_expire


class Command(BaseCommand):
    help = "将已过有效期的行政执法证件标记为已过期(建议每日运行)"

    def handle(self, *args: Any, **options: Any) -> None:
        expired = certificates_expire()
        self.stdout.write(self.style.SUCCESS(f"已过有效期的执法证：{expired}张"))
