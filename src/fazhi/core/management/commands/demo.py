"""`fazhi demo`: build the Rongcheng demo by calling each app's demo.py in INSTALLED_APPS order."""

import importlib
import time
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "载入荣成市演示数据(可重复运行，不会重复写入)"

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        for config in apps.get_app_configs():
            if not config.name.startswith("fazhi."):
                continue
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError as error:
                if error.name == f"{config.name}.demo":
                    continue
                raise
            self.stdout.write(self.style.MIGRATE_HEADING(f"[{config.verbose_name}]"))
            section_started = time.monotonic()
            module.build_demo(lambda line: self.stdout.write(f"  {line}"))
            self.stdout.write(f"  （用时 {time.monotonic() - section_started:.1f} 秒）")
        self._refresh_rollups()
        self.stdout.write(
            self.style.SUCCESS(f"演示数据已就绪，用时 {time.monotonic() - started:.1f} 秒")
        )
        self._print_accounts()

    def _refresh_rollups(self) -> None:
        """The report's rolled-up figures from the records just built (ADR 0013)."""
        from fazhi.core.demo import REPORT_YEAR
        from fazhi.core.services.rollups import figure_rollups_refresh

        self.stdout.write(self.style.MIGRATE_HEADING("[统计汇总]"))
        done = figure_rollups_refresh(years=[REPORT_YEAR])
        self.stdout.write(
            f"  {REPORT_YEAR}年度报告：汇总 {done.regions} 个区域、{done.rows} 项统计数字"
            f"（用时 {done.seconds:.1f} 秒）"
        )

    def _print_accounts(self) -> None:
        from fazhi.core.demo import DEMO_PASSWORD, demo_accounts

        self.stdout.write(f"演示账号(密码均为 {DEMO_PASSWORD})：")
        for username, full_name, roles in demo_accounts():
            self.stdout.write(f"  {username:<14} {full_name}  [{roles}]")
