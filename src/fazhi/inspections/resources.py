"""Excel import of a plan's items and of the register of inspection targets (STYLE P7).

Unlike the row-by-row imports of core.importing_views, both take the file as a whole
(core.imports.whole_file_import): `plan_items_add` and `targets_register` write every row or
none and name each bad row, so a department never files a half-imported plan. The spec declares
the columns (and so the template workbook); the file is written by `plan_rows_import` and
`target_rows_import`, not by the spec's row writer.
"""

from pathlib import Path

from fazhi.core.imports import (
    Column,
    ImportSpec,
    WholeFileOutcome,
    choice,
    date,
    text,
    whole_file_import,
    whole_file_only,
)
from fazhi.core.models import Organization, User
from fazhi.inspections.models import Method, RiskGrade
from fazhi.inspections.services.plans import PlanRow, plan_items_add
from fazhi.inspections.services.targets import targets_register

PLAN_ITEM_IMPORT = ImportSpec(
    key="inspections.plan_items",
    title="检查计划事项",
    columns=[
        Column(
            "统一社会信用代码",
            "uscc",
            text(max_length=18, upper=True),
            required=True,
            example="91371082MA3C4TQX1J",
            help="18位，须为本区域企业名录中的企业",
            aliases=("信用代码",),
        ),
        Column(
            "检查事项编码",
            "matter_code",
            text(max_length=32),
            required=True,
            example="SC-001",
            help="本部门检查事项清单中的事项编码",
            aliases=("事项编码",),
        ),
        Column(
            "检查方式",
            "method",
            choice(Method.choices),
            required=True,
            example=Method.KEY.label,
            help="、".join(str(label) for label in Method.labels),
        ),
        Column("计划开始日期", "window_start", date(), required=True, example="2022-04-01"),
        Column("计划结束日期", "window_end", date(), required=True, example="2022-04-30"),
    ],
    row_writer=whole_file_only,
)


def plan_rows_import(*, acting_user: User, plan_id: int, source: Path) -> WholeFileOutcome:
    """Add every row of the file to the draft plan, or none; problems name the file's lines.

    Raises ImportFileError when the file cannot be read at all, PermissionDenied/Http404 as the
    service does; any other refusal comes back in `problems` with nothing written.
    """
    return whole_file_import(
        spec=PLAN_ITEM_IMPORT,
        source=source,
        acting_user=acting_user,
        write=lambda rows: len(
            plan_items_add(
                acting_user=acting_user, plan_id=plan_id, rows=[PlanRow(**row) for row in rows]
            )
        ),
    )


# The register of inspection targets (检查对象名录库), imported as a whole file the same way.


TARGET_IMPORT = ImportSpec(
    key="inspections.targets",
    title="检查对象名录",
    columns=[
        Column(
            "统一社会信用代码",
            "uscc",
            text(max_length=18, upper=True),
            required=True,
            example="91371082MA3C4TQX1J",
            help="18位，须为本区域企业名录中的企业",
            aliases=("信用代码",),
            unique=True,
        ),
        Column(
            "风险等级",
            "risk_grade",
            choice(RiskGrade.choices),
            required=True,
            example=RiskGrade.MEDIUM.label,
            help="、".join(str(label) for label in RiskGrade.labels),
        ),
    ],
    row_writer=whole_file_only,
)


def target_rows_import(
    *, acting_user: User, organization: Organization, source: Path
) -> WholeFileOutcome:
    """Put every row of the file on the department's register, or none; problems name lines.

    Raises ImportFileError when the file cannot be read at all, PermissionDenied as the service
    does; any other refusal comes back in `problems` with nothing written.
    """
    return whole_file_import(
        spec=TARGET_IMPORT,
        source=source,
        acting_user=acting_user,
        write=lambda rows: targets_register(
            acting_user=acting_user,
            organization=organization,
            rows=[(row["uscc"], row["risk_grade"]) for row in rows],
        ),
    )
