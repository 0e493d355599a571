"""`fazhi figures_refresh`: recompute the rolled-up figures of the annual report (统计汇总)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from fazhi.core.models import Region
from fazhi.core.selectors import ROLLUP_LEVELS, region_get_by_code
from fazhi.core.services.rollups import figure_rollups_refresh


class Command(BaseCommand):
    help = "重新汇总年度报告中的大表统计数字(法律服务台账等)，按省、市、县保存(可由cron每晚运行)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--year",
            type=int,
            action="append",
            help="报告年度(可多次；同时汇总上一年度以便同比)；默认今年和去年",
        )
        parser.add_argument(
            "--region", action="append", help="区划代码(可多次；县级及以上)；默认全部"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        this_year = timezone.localdate().year
        years = options["year"] or [this_year - 1, this_year]
        regions = [_region(code) for code in options["region"]] if options["region"] else None

        def progress(region: Region, rows: int, seconds: float) -> None:
            self.stdout.write(f"  {region.code} {region.name}：{seconds:.2f} 秒")

        done = figure_rollups_refresh(years=years, regions=regions, progress=progress)
        self.stdout.write(
            f"已汇总 {done.regions} 个区域、{done.rows} 项统计数字，用时 {done.seconds:.1f} 秒"
        )


def _region(code: str) -> Region:
    try:
        region = region_get_by_code(code)
    except Region.DoesNotExist:
        raise CommandError(f"区划代码 {code} 不存在") from None
    if region.level not in ROLLUP_LEVELS:
        raise CommandError(f"{region.name}不是县级及以上区域，其统计数字总是实时计算，无需汇总")
    return region
