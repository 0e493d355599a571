"""Excel import of questions into the bank (STYLE P7), all rows or none.

Like the officer import, the file is taken as a whole (core.imports.whole_file_import):
`questions_import` writes every row or none, and every bad row is named by its line in the file.
Options are written in one cell, separated by "|"; the answer as letters (A, AC); a true/false
question needs no options.
"""

from pathlib import Path

from fazhi.core.imports import (
    Cell,
    Column,
    ImportContext,
    ImportSpec,
    WholeFileOutcome,
    choice,
    integer,
    text,
    whole_file_import,
    whole_file_only,
)
from fazhi.core.models import User
from fazhi.enforcement.models import Question
from fazhi.enforcement.services.exams import QuestionRow, answer_from_letters, questions_import

OPTION_SEPARATOR = "|"

_options_text = text(max_length=2000)
_answer_text = text(max_length=10, upper=True)


def _options(cell: Cell, context: ImportContext) -> list[str]:
    return [part.strip() for part in _options_text(cell, context).split(OPTION_SEPARATOR)]


def _answer(cell: Cell, context: ImportContext) -> list[int]:
    """The answer's letters (A, AC) as option indexes, read as the question form reads them."""
    return answer_from_letters(_answer_text(cell, context))


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
            _options,
            example="一人|两人|三人|四人",
            help="用“|”分隔；判断题留空",
        ),
        Column(
            "答案",
            "answer",
            _answer,
            required=True,
            example="B",
            help="选项字母，多选题如AC；判断题A为正确、B为错误",
        ),
        Column("解析", "explanation", text(max_length=2000), example="《行政处罚法》第四十二条。"),
    ],
    row_writer=whole_file_only,
)


def question_rows_import(*, acting_user: User, source: Path) -> WholeFileOutcome:
    """Add every question of the file to the bank, or none; problems name the file's lines.

    Raises ImportFileError when the file cannot be read at all, PermissionDenied as the service
    does; any other refusal comes back in `problems` with nothing written.
    """
    return whole_file_import(
        spec=QUESTION_IMPORT,
        source=source,
        acting_user=acting_user,
        write=lambda rows: len(
            questions_import(
                acting_user=acting_user,
                rows=[QuestionRow(**{"options": [], **row}) for row in rows],
            )
        ),
        empty_problem="文件中没有试题",
    )
