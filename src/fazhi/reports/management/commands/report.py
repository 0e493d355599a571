"""`fazhi report --region 371082 --year 2022 --format json|docx|html --out FILE`."""

import json
import re
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.core.models import Region
from fazhi.core.selectors import region_get_by_code
from fazhi.reports.builder import annual_report_build
from fazhi.reports.renderers import (
    annual_report_as_dict,
    annual_report_as_docx,
    annual_report_as_html,
)

REGION_CODE = re.compile(r"^(\d{6}|\d{9}|\d{12})$")
STDOUT = "-"


class Command(BaseCommand):
    help = "生成年度法治政府建设工作情况报告(JSON、Word 或 HTML)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--region", required=True, help="区划代码：6位(县级)、9位(乡镇)或12位，如 371082"
        )
        parser.add_argument("--year", required=True, type=int, help="报告年度，如 2022")
        parser.add_argument(
            "--format", choices=["json", "docx", "html"], default="json", help="输出格式"
        )
        parser.add_argument(
            "--out", required=True, help="输出文件；json 和 html 可用 - 输出到标准输出"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        code: str = options["region"].strip()
        year: int = options["year"]
        file_format: str = options["format"]
        out: str = options["out"]
        if not REGION_CODE.match(code):
            raise CommandError(f"区划代码“{code}”格式不正确，应为6位、9位或12位数字")
        if not 2000 <= year <= 2100:
            raise CommandError(f"年度“{year}”不正确")
        if out == STDOUT and file_format == "docx":
            raise CommandError("Word 格式不能输出到标准输出，请用 --out 指定文件")
        try:
            region = region_get_by_code(code)
        except Region.DoesNotExist:
            raise CommandError(f"区划代码“{code}”不存在，请先载入行政区划") from None

        report = annual_report_build(region=region, year=year)
        content: str | bytes
        if file_format == "json":
            content = json.dumps(annual_report_as_dict(report), ensure_ascii=False, indent=2) + "\n"
        elif file_format == "html":
            content = annual_report_as_html(report)
        else:
            content = annual_report_as_docx(report)

        if out == STDOUT:
            assert isinstance(content, str)
            self.stdout.write(content, ending="")
            return
        path = Path(out)
        try:
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"无法写入 {path}：{error.strerror}") from error
        self.stdout.write(f"已生成{report.title}：{path}（{len(report.figures)}项指标）")
