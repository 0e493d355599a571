"""`fazhi province_generate`: load the synthetic province (issue 9) into DATABASE_URL."""

import json
import time
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.scale.generate import province_generate
from fazhi.scale.plan import Volumes, province_plan


class Command(BaseCommand):
    help = "生成规模测试省数据(约140个县)，打印各表行数与每秒写入行数"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2022, help="随机种子(默认 2022)")
        parser.add_argument("--counties", type=int, default=140, help="县数(默认 140)")
        parser.add_argument(
            "--fraction", type=float, default=1.0, help="记录量相对全省目标的比例(默认 1)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        plan = province_plan(seed=options["seed"], counties=options["counties"])
        volumes = Volumes().scaled(options["fraction"])
        started = time.perf_counter()
        try:
            stats = province_generate(plan, volumes, lambda line: self.stdout.write(f"  {line}"))
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from error
        elapsed = time.perf_counter() - started
        total = sum(stat.rows for stat in stats)
        self.stdout.write(f"{'表':<24}{'行数':>12}{'秒':>10}{'行/秒':>12}")
        for stat in stats:
            self.stdout.write(
                f"{stat.table:<24}{stat.rows:>12,}{stat.seconds:>10.1f}{stat.rate:>12,.0f}"
            )
        self.stdout.write(f"{'合计':<24}{total:>12,}{elapsed:>10.1f}{total / elapsed:>12,.0f}")
        summary = {
            "seed": plan.seed,
            "counties": len(plan.counties),
            "seconds": round(elapsed, 1),
            "rows": total,
            "tables": {s.table: {"rows": s.rows, "seconds": round(s.seconds, 1)} for s in stats},
        }
        self.stdout.write(json.dumps(summary, ensure_ascii=False))
