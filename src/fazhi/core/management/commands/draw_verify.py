"""`fazhi draw_verify`: re-run a random draw (a stored one or a published document) and compare.

Exit codes: 0 when the population digest, seed and sample all match; 1 on a mismatch; 2 when
the input cannot be checked (unknown id, missing file, not a draw document).
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.core import draws
from fazhi.core.models import RandomDraw
from fazhi.core.services.draws import draw_document_of, draw_verify

MISMATCH = 1
BAD_INPUT = 2


class Command(BaseCommand):
    help = (
        "重新计算随机抽取（已存储的抽取或下载的公开数据），核对抽取对象摘要、随机种子和抽取结果；"
        "不一致时以状态码 1 退出，无法核对时以状态码 2 退出"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--id", type=int, dest="draw_id", help="已存储的随机抽取编号")
        source.add_argument("--file", type=Path, dest="path", help="随机抽取公开数据（JSON）文件")

    def handle(self, *args: Any, draw_id: int | None, path: Path | None, **options: Any) -> None:
        if draw_id is not None:
            self._verify_stored(draw_id)
        else:
            assert path is not None
            self._verify_file(path)

    def _verify_stored(self, draw_id: int) -> None:
        draw = RandomDraw.objects.filter(pk=draw_id).first()
        if draw is None:
            raise CommandError(f"没有编号为 {draw_id} 的随机抽取", returncode=BAD_INPUT)
        self.stdout.write(f"随机抽取 {draw.pk}：{draw.purpose}")
        if draw.status != RandomDraw.Status.DRAWN:
            result = draw_verify(draw)
            self.stdout.write(f"抽取对象摘要：{'一致' if result.digest_matches else '不一致'}")
            self.stdout.write("随机种子、抽取结果：尚未抽取")
            self._conclude(ok=result.ok, explanation=result.explanation)
            return
        self._report(draws.draw_replay(draw_document_of(draw)))

    def _verify_file(self, path: Path) -> None:
        try:
            content = path.read_bytes()
        except FileNotFoundError:
            raise CommandError(f"找不到文件：{path}", returncode=BAD_INPUT) from None
        except OSError as error:
            raise CommandError(
                f"无法读取文件 {path}：{error.strerror}", returncode=BAD_INPUT
            ) from None
        try:
            document = draws.document_parse(content)
        except draws.DrawInputError as error:
            raise CommandError(str(error), returncode=BAD_INPUT) from None
        self.stdout.write(f"公开数据 {path}：{document['purpose']}")
        self._report(draws.draw_replay(document))

    def _report(self, report: draws.ReplayReport) -> None:
        if report.recomputed is None:
            raise CommandError(report.explanation, returncode=BAD_INPUT)
        for label, matches in report.parts:
            self.stdout.write(f"{label}：{'一致' if matches else '不一致'}")
        self._conclude(ok=report.ok, explanation=report.explanation)

    def _conclude(self, *, ok: bool, explanation: str) -> None:
        if not ok:
            raise CommandError(f"不一致。{explanation}", returncode=MISMATCH)
        self.stdout.write(self.style.SUCCESS(f"一致。{explanation}"))
