"""Excel import of questions into the bank (STYLE P7), all rows or none.

Like the officer import, the file is taken as a whole: `questions_import` writes every row or
none, and every bad row is named by its line in the file. Options are written in one cell,
separated by "|"; the answer as letters (A, AC); a true/false question needs no options.
"""

import dataclasses
import re
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError

from fazhi.core.imports import (
    Column,
    ImportContext,
    ImportSpec,
    cell_text,
    choice,
    header_check,
    integer,
    table_read,
    text,
)
from fazhi.core.models import User
from fazhi.enforcement.models import Question
from fazhi.enforcement.services.exams import QuestionRow, question_problems, questions_import

_SERVICE_LINE = re.compile(r"^第(\d+)行：")
_LINE = re.compile(r"^第(\d+)行")
OPTION_SEPARATOR = "|"


def _whole_file_only(values: dict[str, Any], *, acting_user: User) -> object:
    raise RuntimeError("questions are imported as a whole file by question_rows_import")


QUESTION_IMPORT = ImportSpec(
    key="enforcement.questions",
    title="考试试题",
    columns=[
        Column(
            "类别",
            "category",
            choice(Question.Category.choices),
            required=True,
            example=Question.Category.PENALTY.label,
            help="、".join(str(label) for label in Question.Category.labels),
        ),
        Column(
            "题型",
            "kind",
            choice(Question.Kind.choices),
            required=True,
            example=Question.Kind.SINGLE.label,
            help="单选题、多选题或判断题",
        ),
        Column("难度", "difficulty", integer(min_value=1, max_value=3), required=True, example="1"),
        Column(
            "题干", "stem", text(max_length=2000), required=True, example="执法人员不得少于几人？"
        ),
        Column(
            "选项",
            "options",
            text(max_length=2000),
            example="一人|两人|三人|四人",
            help="用“|”分隔；判断题留空",
        ),
        Column(
            "答案",
            "answer",
            text(max_length=10, upper=True),
            required=True,
            example="B",
            help="选项字母，多选题如AC；判断题A为正确、B为错误",
        ),
        Column("解析", "explanation", text(max_length=2000), example="《行政处罚法》第四十二条。"),
    ],
    row_writer=_whole_file_only,
)


@dataclasses.dataclass(frozen=True)
class QuestionImportOutcome:
    written: int
    problems: tuple[str, ...]


def _letters(value: str) -> list[int]:
    letters = value.replace(",", "").replace("，", "").replace(" ", "")
    if not letters or not all("A" <= letter <= "Z" for letter in letters):
        raise ValidationError("答案应为选项字母，如A或AC")
    return [ord(letter) - ord("A") for letter in letters]


def _rows_read(source: Path, acting_user: User) -> tuple[list[tuple[int, QuestionRow]], list[str]]:
    table = table_read(source, spec=QUESTION_IMPORT)
    positions = header_check(QUESTION_IMPORT, table.headers)
    context = ImportContext(acting_user)
    examples = [column.example for column in QUESTION_IMPORT.columns]
    rows: list[tuple[int, QuestionRow]] = []
    problems: list[str] = []
    for source_row in table.rows:
        cells = [
            source_row.cells[index]
            if (index := positions.get(column.field)) is not None and index < len(source_row.cells)
            else None
            for column in QUESTION_IMPORT.columns
        ]
        if [cell_text(cell) for cell in cells] == examples:
            problems.append(f"第{source_row.line}行：这是导入模板中的示例行，请删除后再导入")
            continue
        values: dict[str, Any] = {}
        row_problems = []
        for column, cell in zip(QUESTION_IMPORT.columns, cells, strict=True):
            if cell_text(cell) == "":
                if column.required:
                    row_problems.append(f"{column.header}：必填，不能为空")
                continue
            try:
                values[column.field] = column.parse(cell, context)
                if column.field == "answer":
                    values["answer"] = _letters(values["answer"])
            except ValidationError as error:
                row_problems.append(f"{column.header}：{'；'.join(error.messages)}")
        if row_problems:
            problems.append(f"第{source_row.line}行：{'；'.join(row_problems)}")
            continue
        options = values.pop("options", "")
        values["options"] = (
            [part.strip() for part in options.split(OPTION_SEPARATOR)] if options else []
        )
        rows.append((source_row.line, QuestionRow(**values)))
    return rows, problems


def question_rows_import(*, acting_user: User, source: Path) -> QuestionImportOutcome:
    """Add every question of the file to the bank, or none; problems name the file's lines.

    Raises ImportFileError when the file cannot be read at all, PermissionDenied as the service
    does; any other refusal comes back in `problems` with nothing written.
    """
    rows, problems = _rows_read(source, acting_user)
    lines = [line for line, _ in rows]
    if not problems and rows:
        try:
            written = questions_import(acting_user=acting_user, rows=[row for _, row in rows])
        except ValidationError as error:
            problems = [
                _SERVICE_LINE.sub(lambda match: f"第{lines[int(match[1]) - 1]}行：", message)
                for message in error.message_dict.get("rows", error.messages)
            ]
        else:
            return QuestionImportOutcome(written=len(written), problems=())
    elif rows:
        # Check the readable rows too, so every problem shows at once; nothing is written.
        for line, row in rows:
            if row_problems := question_problems(row):
                problems.append(f"第{line}行：{'；'.join(row_problems)}")
    elif not problems:
        problems = ["文件中没有试题"]
    by_line = sorted(problems, key=lambda p: int(m[1]) if (m := _LINE.match(p)) else 0)
    return QuestionImportOutcome(written=0, problems=tuple(by_line))
